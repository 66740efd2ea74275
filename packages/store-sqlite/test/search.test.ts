import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { integrity, prompt, seed, withStore } from "./helpers.js"

describe("full-text search", () => {
  it.effect("bots: by name, model and metadata, as you type, kept in step on update and delete", () =>
    withStore(({ store, sql }) =>
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
        expect(hit!.rank).toBeLessThan(0)

        yield* store.updateBot(qwen.id, { name: "Big Coder", meta: { quantization: "Q8_0" } })
        expect(names(yield* store.searchBots("qwen coder"))).toEqual(["Big Coder"]) // still in the model name
        expect(yield* store.searchBots("q5_k_m")).toEqual([])
        expect(names(yield* store.searchBots("q8_0"))).toEqual(["Big Coder"])
        yield* store.removeBot(gemma.id)
        expect(yield* store.searchBots("vietnamese")).toEqual([])
        yield* integrity(sql)
      })
    )
  )

  it.effect("prompts: title weighs more than text; rubric and category are searched", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        yield* store.saveCategory({ key: "programming", title: "Programming", systemPrompt: "", temperature: 0.1, order: 1 })
        yield* store.createPrompt(prompt("programming", "a", 10, { title: "Binary search", text: "Write it in Go." }))
        yield* store.createPrompt(prompt("programming", "b", 10, { title: "Sorting", text: "Explain binary trees, then sort." }))
        yield* store.createPrompt(prompt("programming", "c", 10, { title: "Rubric only", text: "Anything.", rubric: [{ points: 10, text: "mentions idempotence" }] }))
        const hits = yield* store.searchPrompts("binary")
        expect(hits.map((h) => h.item.slug)).toEqual(["a", "b"])
        expect(hits[0]!.snippet).toBe("[Binary] search")
        expect((yield* store.searchPrompts("idempotence")).map((h) => h.item.slug)).toEqual(["c"])
        expect((yield* store.searchPrompts("programming")).length).toBe(3)
        expect((yield* store.searchPrompts("binary -trees")).map((h) => h.item.slug)).toEqual(["a"])
        const b = (yield* store.listPrompts()).find((p) => p.slug === "b")!
        yield* store.updatePrompt(b.id, { title: "Trees", text: "Explain trees." })
        expect((yield* store.searchPrompts("binary")).map((h) => h.item.slug)).toEqual(["a"])
        yield* store.removeCategory("programming")
        expect(yield* store.searchPrompts("binary")).toEqual([])
        yield* integrity(sql)
      })
    )
  )

  it.effect("outputs: ranked by bm25, [snippets] with …, phrases, prefixes and exclusions", () =>
    withStore(({ store }) =>
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

        expect((yield* store.searchOutputs("pilgrimages")).length).toBe(2) // porter stemming
        expect((yield* store.searchOutputs("pilgrim*")).length).toBe(2)
        expect((yield* store.searchOutputs('"a journey"')).map((h) => h.runId)).toEqual([many.id])
        expect((yield* store.searchOutputs('"journey a"')).length).toBe(0)
        expect((yield* store.searchOutputs("river -pilgrimage")).map((h) => h.bot)).toEqual(["Beta"])
        expect((yield* store.searchOutputs("river mountain")).length).toBe(1)
        expect((yield* store.searchOutputs("pilgrimage", 1)).length).toBe(1)
        expect(yield* store.searchOutputs("")).toEqual([])
      })
    )
  )

  it.effect("Vietnamese: with or without diacritics, đ or d, NFC or NFD", () =>
    withStore(({ store }) =>
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
  )

  it.effect("outputs are reindexed as a run streams, only when the output changes", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const run = yield* store.startRun({ botId: a.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        let text = ""
        for (const word of ["alpha", "bravo", "charlie", "delta", "echo"]) {
          text += `${word} `
          yield* store.updateRun(run.id, { status: "streaming", output: text, reasoning: "", totalMs: text.length })
        }
        expect((yield* store.searchOutputs("charlie")).map((h) => h.runId)).toEqual([run.id])
        const data = sql<{ id: number; block: Uint8Array }>`SELECT id, block FROM runs_fts_data ORDER BY id`
        const before = yield* data
        yield* store.updateRun(run.id, { status: "complete", output: text, reasoning: "", tokensPerSecond: 12 })
        expect(yield* data).toEqual(before) // same output: the index is not touched
        yield* store.updateRun(run.id, { status: "complete", output: "replaced entirely", reasoning: "" })
        expect(yield* data).not.toEqual(before)
        expect(yield* store.searchOutputs("charlie")).toEqual([])
        expect((yield* store.searchOutputs("replaced")).map((h) => h.runId)).toEqual([run.id])
        yield* integrity(sql)
        yield* store.removeRun(run.id)
        expect(yield* store.searchOutputs("replaced")).toEqual([])
        yield* integrity(sql)
      })
    )
  )

  it.effect("cascading deletes keep every index in step", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        for (const bot of [a, b]) for (const p of [teach, code, easy]) yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: `answer of ${bot.name} to ${p.slug}` })
        expect((yield* store.searchOutputs("answer")).length).toBe(6)
        yield* store.removeBot(a.id)
        expect((yield* store.searchOutputs("answer")).length).toBe(3)
        yield* store.removeCategory("booting")
        expect((yield* store.searchOutputs("answer")).map((h) => h.category)).toEqual(["general"])
        yield* integrity(sql)
      })
    )
  )
})
