import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { seed, withStore } from "./helpers.js"

// what any store must do with bots is in the shared contract (@llp/testkit/store-contract, run by contract.test.ts)
describe("bots on SQLite", () => {
  it.effect("keeps every parameter in a real column SQL can filter on", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        yield* store.createBot({
          name: "Qwen Coder",
          provider: "lmstudio",
          model: "qwen2.5-coder-32b-instruct",
          load: { contextLength: 32768, flashAttention: true },
          meta: { quantization: "Q5_K_M" }
        })
        yield* store.createBot({ name: "Tiny", provider: "ollama", model: "llama3.2:1b", load: { contextLength: 32768 } })
        const big = yield* sql<{ name: string }>`SELECT name FROM bots WHERE context_length >= 32768 AND flash_attention = 1 AND quantization = 'Q5_K_M'`
        expect(big).toEqual([{ name: "Qwen Coder" }])
      })
    )
  )
})

describe("removals on SQLite", () => {
  it.effect("leave no row behind: runs and scores go with their bot, prompt or category, and a re-score replaces its row", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const count = (table: "runs" | "scores") => Effect.map(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql(table)}`, (rows) => rows[0]!.n)
        for (const bot of [a, b])
          for (const p of [teach, code, easy]) {
            const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o" })
            yield* store.scoreRun({ runId: run.id, points: 1 })
            yield* store.scoreRun({ runId: run.id, points: 2 })
          }
        expect([yield* count("runs"), yield* count("scores")]).toEqual([6, 6])
        yield* store.removeBot(a.id)
        expect([yield* count("runs"), yield* count("scores")]).toEqual([3, 3])
        yield* store.removePrompt(code.id)
        expect([yield* count("runs"), yield* count("scores")]).toEqual([2, 2])
        yield* store.removeCategory("booting")
        expect([yield* count("runs"), yield* count("scores")]).toEqual([1, 1])
        yield* store.removeBot(b.id)
        expect([yield* count("runs"), yield* count("scores")]).toEqual([0, 0])
      })
    )
  )
})
