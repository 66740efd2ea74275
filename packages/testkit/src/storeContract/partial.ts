import { loadStatsBoard, Store } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { runStart, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const board = (store: Store.Service, options: Parameters<typeof loadStatsBoard>[0] = {}) => loadStatsBoard(options).pipe(Effect.provideService(Store.Store, store))

/**
 * Which runs count: a score on a partial answer (cancelled, failed, still streaming) only when pinned, and a
 * bot's speed from the same runs as its points (the current parameters unless every run is asked for).
 */
export const partialContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): which runs count`, () => {
    const test = storeIt(target)

    test("a score on a cancelled run counts nowhere unless pinned; the run completing or the pin makes it count", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const done = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "whole answer", tokensPerSecond: 40 })
        yield* store.scoreRun({ runId: done.id, points: 30 })
        const cut = yield* store.startRun(runStart(a.id, teach.id))
        yield* store.updateRun(cut.id, { status: "cancelled", output: "half an ans", reasoning: "" })
        yield* store.scoreRun({ runId: cut.id, points: 2 })

        // the latest scored run is the cancelled one: it is not the counted score, the complete one is
        expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 30 })
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(30)
        expect((yield* store.statSamples({ botIds: [a.id] }))[0]!.scores.map((s) => s.runId)).toEqual([done.id])
        expect((yield* store.statSamples({ botIds: [a.id], allParams: true }))[0]!.scores.map((s) => s.runId)).toEqual([done.id])
        const listed = (yield* store.listScores({ botId: a.id })).map((s) => [s.run.id, s.counted])
        expect(listed).toEqual([[cut.id, false], [done.id, true]])

        // pinned knowingly: it alone counts
        yield* store.pinRun(cut.id, true)
        expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 2 })
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(2)
        expect((yield* store.listScores({ botId: a.id })).map((s) => [s.run.id, s.counted])).toEqual([[cut.id, true], [done.id, false]])
        yield* store.pinRun(cut.id, false)
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(30)

        // a score given while the run streams counts once the run completes (and stops if it is then cancelled)
        const live = yield* store.startRun(runStart(a.id, teach.id))
        yield* store.scoreRun({ runId: live.id, points: 10 })
        expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 30 })
        yield* store.updateRun(live.id, { status: "complete", output: "done", reasoning: "", tokensPerSecond: 40 })
        expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 10 })
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(20) // mean of 30 and 10
        expect((yield* board(store, { resamples: 200 })).rows[0]!.stats!.repeats).toBe(2)
      })
    )

    test("a bot's speed columns come from the runs its points come from: current parameters unless every run is asked for", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const old = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "o", tokensPerSecond: 100 })
        yield* store.scoreRun({ runId: old.id, points: 40 })
        yield* store.updateBot(a.id, { sampling: { temperature: 1.3 } })
        const now = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "o", tokensPerSecond: 20 })
        yield* store.scoreRun({ runId: now.id, points: 10 })

        expect((yield* store.speedByBot(null, [a.id])).map((s) => [s.runs, s.avgTokensPerSecond])).toEqual([[1, 20]])
        expect((yield* store.speedByBot(null, [a.id], { allParams: true })).map((s) => [s.runs, s.avgTokensPerSecond])).toEqual([[2, 60]])
        const current = (yield* board(store, { resamples: 200 })).rows[0]!
        expect(current.points.booting).toBe(10)
        expect(current.avgTokensPerSecond).toBe(20)
        expect(current.stats!.tokensPerSecond!.median).toBe(20)
        const all = (yield* board(store, { resamples: 200, allParams: true })).rows[0]!
        expect(all.points.booting).toBe(25)
        expect(all.avgTokensPerSecond).toBe(60)
      })
    )
  })
