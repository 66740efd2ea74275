import { rank } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { churn } from "./churn.js"
import { botInput, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"
import { leaderboardFromScratch, roundedTotals } from "./recount.js"

export const leaderboardContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): leaderboard`, () => {
    const test = storeIt(target)

    test("every bot appears, even with no runs, in the order they were made", (store) =>
      Effect.gen(function* () {
        expect(yield* store.leaderboard()).toEqual([])
        const { a, b } = yield* seed(store)
        expect(yield* store.leaderboard()).toEqual([
          { botId: a.id, bot: "Alpha", provider: "lmstudio", model: "alpha-instruct", points: {}, scored: 0, runs: 0, avgTokensPerSecond: null, avgTtftMs: null },
          { botId: b.id, bot: "Beta", provider: "lmstudio", model: "beta-instruct", points: {}, scored: 0, runs: 0, avgTokensPerSecond: null, avgTtftMs: null }
        ])
        const z = yield* store.createBot(botInput("Aardvark"))
        expect((yield* store.leaderboard()).map((r) => r.botId)).toEqual([a.id, b.id, z.id])
        yield* store.updateBot(z.id, { name: "Zebra", model: "zebra-9b" })
        expect((yield* store.leaderboard())[2]).toMatchObject({ bot: "Zebra", model: "zebra-9b" })
      })
    )

    test("counts the latest scored run per prompt, or the pinned one, summed per category", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const scored = (botId: number, promptId: number, points: number) =>
          Effect.flatMap(store.addManualRun({ botId, promptId, output: "o" }), (run) => Effect.as(store.scoreRun({ runId: run.id, points }), run))
        const t1 = yield* scored(a.id, teach.id, 10)
        yield* scored(a.id, teach.id, 30) // latest: counted
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "not scored" }) // newest, but no score
        yield* scored(a.id, code.id, 45)
        yield* scored(a.id, easy.id, 7)
        yield* scored(b.id, easy.id, 10)

        const board = () => Effect.map(store.leaderboard(), (rows) => Object.fromEntries(rows.map((r) => [r.bot, r])))
        let rows = yield* board()
        expect(rows.Alpha).toMatchObject({ points: { booting: 75, general: 7 }, scored: 3, runs: 5 })
        expect(rows.Beta).toMatchObject({ points: { general: 10 }, scored: 1, runs: 1 })

        yield* store.pinRun(t1.id, true) // the older, lower score now counts
        rows = yield* board()
        expect(rows.Alpha!.points).toEqual({ booting: 55, general: 7 })

        yield* store.scoreRun({ runId: t1.id, points: 40 }) // re-scoring the pinned run replaces its score
        rows = yield* board()
        expect(rows.Alpha!.points).toEqual({ booting: 85, general: 7 })
        yield* store.pinRun(t1.id, false)
        expect((yield* board()).Alpha!.points).toEqual({ booting: 75, general: 7 })

        // core's rank turns the totals into rows
        const ranked = rank(yield* store.leaderboard(), yield* store.listCategories(), (yield* store.listPrompts()).length)
        expect(ranked.map((r) => [r.bot, r.total])).toEqual([
          ["Alpha", 82],
          ["Beta", 10]
        ])
      })
    )

    test("averages speed and time to first token over complete runs only", (store) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: 10, ttftMs: 100 })
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: 30, ttftMs: 300 })
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x" }) // complete, speed unknown: not in the mean
        const failed = yield* store.startRun({ botId: a.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        yield* store.updateRun(failed.id, { status: "failed", output: "", reasoning: "", tokensPerSecond: 1000, ttftMs: 1 })
        const streaming = yield* store.startRun({ botId: b.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        yield* store.updateRun(streaming.id, { status: "streaming", output: "par", reasoning: "", tokensPerSecond: 5, ttftMs: 50 })
        const rows = yield* store.leaderboard()
        expect(rows[0]).toMatchObject({ bot: "Alpha", runs: 4, avgTokensPerSecond: 20, avgTtftMs: 200 })
        expect(rows[1]).toMatchObject({ bot: "Beta", runs: 1, avgTokensPerSecond: null, avgTtftMs: null })
      })
    )

    test(
      "the kept figures always equal a count from scratch over the listings, through a random mix of writes",
      (store) =>
        Effect.gen(function* () {
          yield* churn(store, (step) =>
            Effect.gen(function* () {
              const actual = (yield* store.leaderboard()).map(({ bot: _b, provider: _p, model: _m, ...rest }) => rest)
              expect(roundedTotals(actual), step).toEqual(roundedTotals(yield* leaderboardFromScratch(store)))
            })
          )
          expect((yield* store.listRuns()).length).toBeGreaterThan(10)
        }),
      60_000
    )
  })
