import { Effect } from "effect"
import { describe, expect } from "vitest"
import { lcg, prompt, runStart, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"
import { HOSTILE_QUERIES, SYNTAX_ALPHABET } from "./hostile.js"

export const searchContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): full-text search`, () => {
    const test = storeIt(target)

    test("bots: by name, model and metadata, as you type, kept in step on update and delete", (store) =>
      Effect.gen(function* () {
        const qwen = yield* store.createBot({ name: "Qwen Coder 32B", provider: "lmstudio", model: "qwen2.5-coder-32b-instruct", meta: { arch: "qwen2", quantization: "Q5_K_M", publisher: "bartowski" } })
        const gemma = yield* store.createBot({ name: "Gemma", provider: "ollama", model: "gemma2:9b", notes: "abliterated, writes Vietnamese poems" })
        const names = (hits: ReadonlyArray<{ item: { name: string } }>) => hits.map((h) => h.item.name)
        expect(names(yield* store.searchBots("qwen"))).toEqual(["Qwen Coder 32B"])
        expect(names(yield* store.searchBots("cod"))).toEqual(["Qwen Coder 32B"])
        expect(names(yield* store.searchBots("q5_k_m"))).toEqual(["Qwen Coder 32B"])
        expect(names(yield* store.searchBots("bartowski"))).toEqual(["Qwen Coder 32B"])
        expect(names(yield* store.searchBots("ollama"))).toEqual(["Gemma"])
        expect(names(yield* store.searchBots("vietnamese"))).toEqual(["Gemma"])
        const [hit] = yield* store.searchBots("qwen")
        expect(hit!.snippet).toBe("[Qwen] Coder 32B")
        expect(Number.isFinite(hit!.rank)).toBe(true)
        expect(hit!.item).toEqual(yield* store.getBot(qwen.id))

        yield* store.updateBot(qwen.id, { name: "Big Coder", meta: { quantization: "Q8_0" } })
        expect(names(yield* store.searchBots("qwen coder"))).toEqual(["Big Coder"]) // still in the model name
        expect(yield* store.searchBots("q5_k_m")).toEqual([])
        expect(names(yield* store.searchBots("q8_0"))).toEqual(["Big Coder"])
        yield* store.removeBot(gemma.id)
        expect(yield* store.searchBots("vietnamese")).toEqual([])
      })
    )

    test("prompts: title weighs more than text; rubric and category are searched", (store) =>
      Effect.gen(function* () {
        yield* store.saveCategory({ key: "programming", title: "Programming", systemPrompt: "", temperature: 0.1, order: 1 })
        yield* store.createPrompt(prompt("programming", "a", 10, { title: "Binary search", text: "Write it in Go." }))
        yield* store.createPrompt(prompt("programming", "b", 10, { title: "Sorting", text: "Explain binary trees, then sort." }))
        yield* store.createPrompt(prompt("programming", "c", 10, { title: "Rubric only", text: "Anything.", rubric: [{ points: 10, text: "mentions idempotence" }] }))
        const hits = yield* store.searchPrompts("binary")
        expect(hits.map((h) => h.item.slug)).toEqual(["a", "b"])
        expect(hits[0]!.snippet).toBe("[Binary] search")
        expect(hits[0]!.rank).toBeLessThanOrEqual(hits[1]!.rank)
        expect((yield* store.searchPrompts("idempotence")).map((h) => h.item.slug)).toEqual(["c"])
        // as you type: the last word is a prefix, the words before it are whole
        expect((yield* store.searchPrompts("binary sea")).map((h) => h.item.slug)).toEqual(["a"])
        expect((yield* store.searchPrompts("bin")).map((h) => h.item.slug)).toEqual(["a", "b"])
        expect((yield* store.searchPrompts("programming")).length).toBe(3)
        expect((yield* store.searchPrompts("programming", 2)).length).toBe(2)
        expect((yield* store.searchPrompts("binary -trees")).map((h) => h.item.slug)).toEqual(["a"])
        const b = (yield* store.listPrompts()).find((p) => p.slug === "b")!
        yield* store.updatePrompt(b.id, { title: "Trees", text: "Explain trees." })
        expect((yield* store.searchPrompts("binary")).map((h) => h.item.slug)).toEqual(["a"])
        yield* store.removeCategory("programming")
        expect(yield* store.searchPrompts("binary")).toEqual([])
      })
    )

    test("outputs: ranked best first, [snippets] cut with …, stems, phrases, prefixes and exclusions", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code } = yield* seed(store)
        const filler = "lorem ipsum dolor sit amet ".repeat(20)
        const many = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: `The pilgrimage. A pilgrimage is a journey; every pilgrimage ends. ${filler}` })
        const once = yield* store.addManualRun({ botId: b.id, promptId: code.id, output: `${filler} Once there was a pilgrimage to the river. ${filler}` })
        yield* store.addManualRun({ botId: b.id, promptId: teach.id, output: "Nothing to see: a river and a mountain." })
        const hits = yield* store.searchOutputs("pilgrimage")
        expect(hits.map((h) => h.runId)).toEqual([many.id, once.id])
        expect(hits[0]).toMatchObject({ botId: a.id, bot: "Alpha", promptId: teach.id, promptTitle: "teach", category: "booting" })
        expect(hits[0]!.rank).toBeLessThan(hits[1]!.rank)
        expect(hits[0]!.snippet).toContain("[pilgrimage]")
        expect(hits[1]!.snippet).toMatch(/^….*\[pilgrimage\].*…$/)

        expect((yield* store.searchOutputs("pilgrimages")).length).toBe(2) // English stemming
        expect((yield* store.searchOutputs("pilgrim*")).length).toBe(2)
        expect((yield* store.searchOutputs('"a journey"')).map((h) => h.runId)).toEqual([many.id])
        expect((yield* store.searchOutputs('"journey a"')).length).toBe(0)
        expect((yield* store.searchOutputs("river -pilgrimage")).map((h) => h.bot)).toEqual(["Beta"])
        expect((yield* store.searchOutputs("river mountain")).length).toBe(1)
        expect((yield* store.searchOutputs("pilgrimage", 1)).length).toBe(1)
        expect(yield* store.searchOutputs("")).toEqual([])
      })
    )

    test("Vietnamese: with or without diacritics, đ or d, NFC or NFD", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const vi = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "Xin chào! Đà Nẵng đẹp lắm. Tôi học tiếng Việt, được không?" })
        const plain = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "xin chao, da nang dep lam, tieng viet duoc" })
        const ids = (q: string) => Effect.map(store.searchOutputs(q), (hits) => hits.map((h) => h.runId).sort())
        const both = [vi.id, plain.id].sort()
        for (const q of ["chào", "chao", "Đà Nẵng", "da nang", '"đà nẵng"', "đẹp", "dep", "tiếng Việt", "tieng viet", "được", "duoc", "cha\u0300o", "TIẾNG", "đẹ*", "viê*"]) {
          expect(yield* ids(q), q).toEqual(both)
        }
        const [hit] = yield* store.searchOutputs("da nang")
        expect(hit!.snippet).toMatch(/\[Đà\] \[Nẵng\]|\[da\] \[nang\]/)
      })
    )

    test("outputs are searchable as a run streams, and follow a replaced or removed output", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const run = yield* store.startRun(runStart(a.id, teach.id))
        let text = ""
        for (const word of ["alpha", "bravo", "charlie", "delta", "echo"]) {
          text += `${word} `
          yield* store.updateRun(run.id, { status: "streaming", output: text, reasoning: "", totalMs: text.length })
        }
        expect((yield* store.searchOutputs("charlie")).map((h) => h.runId)).toEqual([run.id])
        yield* store.updateRun(run.id, { status: "complete", output: text, reasoning: "", tokensPerSecond: 12 })
        expect((yield* store.searchOutputs("charlie")).map((h) => h.runId)).toEqual([run.id])
        yield* store.updateRun(run.id, { status: "complete", output: "replaced entirely", reasoning: "" })
        expect(yield* store.searchOutputs("charlie")).toEqual([])
        expect((yield* store.searchOutputs("replaced")).map((h) => h.runId)).toEqual([run.id])
        yield* store.removeRun(run.id)
        expect(yield* store.searchOutputs("replaced")).toEqual([])
      })
    )

    test("cascading deletes take their outputs out of the search", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        for (const bot of [a, b]) for (const p of [teach, code, easy]) yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: `answer of ${bot.name} to ${p.slug}` })
        expect((yield* store.searchOutputs("answer")).length).toBe(6)
        yield* store.removeBot(a.id)
        expect((yield* store.searchOutputs("answer")).length).toBe(3)
        yield* store.removeCategory("booting")
        expect((yield* store.searchOutputs("answer")).map((h) => h.category)).toEqual(["general"])
        expect((yield* store.searchPrompts("teach")).length).toBe(0)
      })
    )

    test("a limit: 20 when absent or not a number, whole numbers from 1 up", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        for (let i = 0; i < 25; i++) yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: `common word number ${i}` })
        const sizes: Array<number> = []
        for (const limit of [undefined, Number.NaN, Number.POSITIVE_INFINITY, 0, -5, 2.5, 1e9]) sizes.push((yield* store.searchOutputs("common", limit)).length)
        expect(sizes).toEqual([20, 20, 20, 1, 1, 2, 25])
        expect((yield* store.searchPrompts("teach", 0)).length).toBe(1)
        expect((yield* store.searchBots("alpha", -1)).length).toBe(1)
      })
    )

    test(
      "hostile queries never fail, on every search, and the words in them still find",
      (store) =>
        Effect.gen(function* () {
          const { a, teach } = yield* seed(store)
          yield* store.createBot({ name: "NEAR rank 🙂", provider: "p", model: "a:b", notes: "tiếng Việt (a OR b)" })
          yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "a b c tiếng Việt 🙂 日本語のテキスト NEAR rank" })
          for (const input of HOSTILE_QUERIES) {
            for (const limit of [undefined, 1]) {
              const label = `${JSON.stringify(input.slice(0, 40))} (limit ${limit})`
              expect(Array.isArray(yield* store.searchOutputs(input, limit)), label).toBe(true)
              expect(Array.isArray(yield* store.searchBots(input, limit)), label).toBe(true)
              expect(Array.isArray(yield* store.searchPrompts(input, limit)), label).toBe(true)
            }
          }
          expect((yield* store.searchOutputs("tiếng Việt")).length).toBe(1)
          expect((yield* store.searchOutputs("NEAR")).length).toBe(1)
          expect((yield* store.searchOutputs("NEAR(")).length).toBe(1)
          expect((yield* store.searchOutputs("-")).length).toBe(0)
          expect((yield* store.searchBots("NEAR")).map((h) => h.item.name)).toEqual(["NEAR rank 🙂"])

          // random strings of syntax characters
          const random = lcg(1234567)
          for (let i = 0; i < 200; i++) {
            const length = 1 + Math.floor(random() * 12)
            const input = Array.from({ length }, () => SYNTAX_ALPHABET[Math.floor(random() * SYNTAX_ALPHABET.length)]).join("")
            expect(Array.isArray(yield* store.searchOutputs(input)), JSON.stringify(input)).toBe(true)
            expect(Array.isArray(yield* store.searchBots(input)), JSON.stringify(input)).toBe(true)
          }
        }),
      60_000
    )
  })
