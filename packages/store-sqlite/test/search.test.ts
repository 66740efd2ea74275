import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { integrity, prompt, seed, withStore } from "./helpers.js"

// what search answers on any store is in the shared contract (contract.test.ts); here, FTS5's own bookkeeping
describe("full-text search on SQLite (FTS5)", () => {
  it.effect("every external-content index matches its table through updates and cascading deletes", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const qwen = yield* store.createBot({ name: "Qwen Coder 32B", provider: "lmstudio", model: "qwen2.5-coder-32b-instruct", meta: { quantization: "Q5_K_M" } })
        const [hit] = yield* store.searchBots("qwen")
        expect(hit!.rank).toBeLessThan(0) // FTS5's bm25: negative, lower is better
        yield* store.updateBot(qwen.id, { name: "Big Coder", meta: { quantization: "Q8_0" } })
        yield* store.saveCategory({ key: "programming", title: "Programming", systemPrompt: "", temperature: 0.1, order: 1 })
        const p = yield* store.createPrompt(prompt("programming", "b", 10, { title: "Sorting", text: "Explain binary trees, then sort." }))
        yield* store.updatePrompt(p.id, { title: "Trees", text: "Explain trees." })
        yield* integrity(sql)
        for (const bot of [a, b, qwen]) for (const x of [teach, code, easy, p]) yield* store.addManualRun({ botId: bot.id, promptId: x.id, output: `answer of ${bot.name} to ${x.slug}` })
        yield* store.removeBot(qwen.id)
        yield* store.removeCategory("programming")
        yield* integrity(sql)
        yield* store.removeBot(a.id)
        yield* store.removeCategory("booting")
        expect((yield* store.searchOutputs("answer")).map((h) => h.category)).toEqual(["general"])
        yield* integrity(sql)
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
        const data = sql<{ id: number; block: Uint8Array }>`SELECT id, block FROM runs_fts_data ORDER BY id`
        const before = yield* data
        yield* store.updateRun(run.id, { status: "complete", output: text, reasoning: "", tokensPerSecond: 12 })
        expect(yield* data).toEqual(before) // same output: the index is not touched
        yield* store.updateRun(run.id, { status: "complete", output: "replaced entirely", reasoning: "" })
        expect(yield* data).not.toEqual(before)
        yield* integrity(sql)
        yield* store.removeRun(run.id)
        yield* integrity(sql)
      })
    )
  )
})
