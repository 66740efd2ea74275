import { Bot, Category, Prompt, Run, Score } from "@llp/core"
import { Effect, Schema } from "effect"
import { describe, expect } from "vitest"
import { seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

export const domainContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): domain types`, () => {
    const test = storeIt(target)
    test("everything the store returns decodes with core's schemas", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        yield* store.updateBot(a.id, { load: { contextLength: 4096, flashAttention: false }, meta: { sizeBytes: 123456789, maxContext: 8192 } })
        const run = yield* store.startRun({ botId: a.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: { any: ["json", 1, null] }, startedAt: "t" })
        yield* store.updateRun(run.id, { status: "complete", output: "done", reasoning: "", tokensPerSecond: 3.5, speedSource: "estimated", serverStats: { a: 1 } })
        yield* store.scoreRun({ runId: run.id, points: 12.5, detail: { why: "ok" } })
        const check = <A, I>(schema: Schema.Schema<A, I>, values: ReadonlyArray<unknown>) => {
          for (const v of values) expect(Schema.decodeUnknownEither(schema)(v)._tag, JSON.stringify(v)).toBe("Right")
        }
        check(Bot, yield* store.listBots())
        check(Category, yield* store.listCategories())
        check(Prompt, yield* store.listPrompts())
        check(Run, yield* store.listRuns())
        const scores = yield* store.listScores()
        check(Score, scores.map((s) => s.score))
        check(Run, scores.map((s) => s.run))
        expect(scores[0]!.score.detail).toEqual({ why: "ok" })
      })
    )
  })
}
