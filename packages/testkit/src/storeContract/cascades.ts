import type { JudgeScoreInput, Store } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const judged = (runId: number, judgeBotId: number): JudgeScoreInput => ({
  runId, judgeBotId, status: "scored", points: 5, maxPoints: 10, partial: false, items: [], raw: [], error: null, seed: 1, order: []
})

/** Two bots' answers to one prompt, each scored, judged, voted on and compared by a judge. */
const world = (store: Store.Service) =>
  Effect.gen(function* () {
    const { a, b, easy, teach } = yield* seed(store)
    const judge = yield* store.createBot(botInput("Judge"))
    const ra = yield* store.addManualRun({ botId: a.id, promptId: easy.id, output: "a" })
    const rb = yield* store.addManualRun({ botId: b.id, promptId: easy.id, output: "b" })
    for (const run of [ra, rb]) {
      yield* store.scoreRun({ runId: run.id, points: 5 })
      yield* store.saveJudgeScore(judged(run.id, judge.id))
    }
    yield* store.addArenaVote({ duel: null, leftRunId: ra.id, rightRunId: rb.id, verdict: "left", source: "manual" })
    yield* store.saveJudgePair({ judgeBotId: judge.id, promptId: easy.id, runA: ra.id, runB: rb.id, asked: "A", swapped: "B", outcome: "a", consistent: true, raw: [] })
    const here = yield* store.saveMachine({ os: { platform: "linux", release: "6", version: "1", arch: "x64" }, cpu: { model: "c", cores: 2 }, ramMb: 1, gpus: [], probes: [] })
    yield* store.saveBench({ botId: a.id, machineId: here.id, serverVersion: null, pp: 1, tg: 1, repeat: 1, depths: [], createdAt: "2026-01-01T00:00:00.000Z" })
    return { a, b, judge, easy, teach, ra, rb }
  })

const counts = (store: Store.Service) =>
  Effect.gen(function* () {
    return {
      runs: (yield* store.listRuns()).length,
      scores: (yield* store.listScores()).length,
      judgeScores: (yield* store.listJudgeScores()).length,
      pairs: (yield* store.listJudgePairs()).length,
      votes: (yield* store.listArenaVotes()).length,
      bench: (yield* store.listBench()).length
    }
  })

export const cascadeContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): removing takes along what hangs on it`, () => {
    const test = storeIt(target)

    test("a run: its score, judge suggestions, judge pairs and Arena votes", (store) =>
      Effect.gen(function* () {
        const { rb } = yield* world(store)
        expect(yield* counts(store)).toEqual({ runs: 2, scores: 2, judgeScores: 2, pairs: 1, votes: 1, bench: 1 })
        yield* store.removeRun(rb.id)
        expect(yield* counts(store)).toEqual({ runs: 1, scores: 1, judgeScores: 1, pairs: 0, votes: 0, bench: 1 })
      })
    )

    test("a judge bot: its suggestions and pairs, not the runs it judged", (store) =>
      Effect.gen(function* () {
        const { judge } = yield* world(store)
        yield* store.removeBot(judge.id)
        expect(yield* counts(store)).toEqual({ runs: 2, scores: 2, judgeScores: 0, pairs: 0, votes: 1, bench: 1 })
        expect(yield* store.judgePoints()).toEqual([])
      })
    )

    test("a bot: its runs with everything on them, and its bench results", (store) =>
      Effect.gen(function* () {
        const { a } = yield* world(store)
        yield* store.removeBot(a.id)
        expect(yield* counts(store)).toEqual({ runs: 1, scores: 1, judgeScores: 1, pairs: 0, votes: 0, bench: 0 })
        expect(yield* store.listArenaAnswers()).toHaveLength(1)
      })
    )

    test("a prompt: its runs with everything on them; the other prompts keep theirs", (store) =>
      Effect.gen(function* () {
        const { a, easy, teach } = yield* world(store)
        const other = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "kept" })
        yield* store.removePrompt(easy.id)
        expect(yield* counts(store)).toEqual({ runs: 1, scores: 0, judgeScores: 0, pairs: 0, votes: 0, bench: 1 })
        expect((yield* store.listRuns()).map((r) => r.id)).toEqual([other.id])
        expect(yield* store.listArenaAnswers()).toEqual([{ runId: other.id, botId: a.id, promptId: teach.id }])
      })
    )
  })
