import type { JudgeScoreInput } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const verdict = (index: number, points: number) => ({ index, points, text: "t", verdict: "met" as const, reason: 'says "x"', awarded: points })

export const judgeContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): judge suggestions`, () => {
    const test = storeIt(target)
    test("are kept apart from scores: the leaderboard counts them only when asked, and a manual score wins", (store) =>
      Effect.gen(function* () {
        const { a, teach, code } = yield* seed(store)
        const judge = yield* store.createBot(botInput("Judge"))
        const run1 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "one" })
        const run2 = yield* store.addManualRun({ botId: a.id, promptId: code.id, output: "two" })
        const base = (runId: number, points: number | null): JudgeScoreInput => ({
          runId, judgeBotId: judge.id, status: points === null ? "failed" : "scored", points, maxPoints: 40, partial: false,
          items: points === null ? [] : [verdict(0, points)], raw: ["{}"], error: points === null ? "not JSON" : null, seed: 7, order: [0]
        })
        const saved = yield* store.saveJudgeScore(base(run1.id, 30))
        expect(saved).toMatchObject({ runId: run1.id, judge: "Judge", botId: a.id, category: "booting", source: "judge", status: "scored", points: 30, order: [0] })
        yield* store.saveJudgeScore({ ...base(run2.id, 20), maxPoints: 45 })
        // none of it enters the counted figures
        expect((yield* store.leaderboard()).find((r) => r.botId === a.id)).toMatchObject({ points: {}, scored: 0 })
        expect(yield* store.judgePoints()).toEqual([{ botId: a.id, category: "booting", points: 50, scored: 2 }])
        // a manual score on a prompt takes that prompt out of the judge's points
        yield* store.scoreRun({ runId: run1.id, points: 12 })
        expect(yield* store.judgePoints()).toEqual([{ botId: a.id, category: "booting", points: 20, scored: 1 }])

        // one result per run and judge: saving again replaces it
        yield* store.saveJudgeScore(base(run2.id, null))
        const list = yield* store.listJudgeScores({ judgeBotId: judge.id })
        expect(list.map((s) => [s.runId, s.status, s.points])).toEqual([[run1.id, "scored", 30], [run2.id, "failed", null]])
        // a failure counts nothing
        expect(yield* store.judgePoints()).toEqual([])
      })
    )

    test("refuses points above the prompt's, and points on a failure", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const judge = yield* store.createBot(botInput("Judge"))
        const run = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "one" })
        const input: JudgeScoreInput = { runId: run.id, judgeBotId: judge.id, status: "scored", points: 41, maxPoints: 40, partial: false, items: [], raw: [], error: null, seed: 1, order: [] }
        expect((yield* Effect.flip(store.saveJudgeScore(input))).message).toMatch(/points: must be between 0 and 40/)
        expect((yield* Effect.flip(store.saveJudgeScore({ ...input, status: "failed", points: 3 }))).message).toMatch(/a failed judgement has no points/)
        expect((yield* Effect.flip(store.saveJudgeScore({ ...input, runId: 999, points: 1 }))).message).toMatch(/no run 999/)
      })
    )

    test("pairwise verdicts: one per judge and pair of runs", (store) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        const judge = yield* store.createBot(botInput("Judge"))
        const ra = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "a" })
        const rb = yield* store.addManualRun({ botId: b.id, promptId: teach.id, output: "b" })
        const pair = { judgeBotId: judge.id, promptId: teach.id, runA: ra.id, runB: rb.id, asked: "A" as const, swapped: "A" as const, outcome: "tie" as const, consistent: false, raw: ["x", "y"] }
        yield* store.saveJudgePair(pair)
        yield* store.saveJudgePair({ ...pair, swapped: "B", outcome: "a", consistent: true })
        expect((yield* store.listJudgePairs({ judgeBotId: judge.id })).map((p) => [p.outcome, p.consistent])).toEqual([["a", true]])
      })
    )

    test("lists suggestions by run then judge, filtered; pairs oldest first; points from the latest judged run, whole rubric only", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const judge = yield* store.createBot(botInput("Judge"))
        const second = yield* store.createBot(botInput("Second judge"))
        const input = (runId: number, judgeBotId: number, points: number, extra: Partial<JudgeScoreInput> = {}): JudgeScoreInput => ({
          runId, judgeBotId, status: "scored", points, maxPoints: 40, partial: false, items: [verdict(0, points)], raw: ['{"ok":true}'], error: null, seed: 3, order: [0], ...extra
        })
        const older = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "older" })
        const newer = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "newer" })
        const onCode = yield* store.addManualRun({ botId: a.id, promptId: code.id, output: "code" })
        const onEasy = yield* store.addManualRun({ botId: b.id, promptId: easy.id, output: "easy" })
        yield* store.saveJudgeScore(input(newer.id, second.id, 25))
        yield* store.saveJudgeScore(input(older.id, judge.id, 10))
        yield* store.saveJudgeScore(input(newer.id, judge.id, 30))
        yield* store.saveJudgeScore(input(onCode.id, judge.id, 20, { partial: true })) // part of the rubric: not in the points
        const saved = yield* store.saveJudgeScore(input(onEasy.id, judge.id, 7))
        expect(saved).toMatchObject({ runId: onEasy.id, judgeBotId: judge.id, judge: "Judge", botId: b.id, promptId: easy.id, category: "general", items: [verdict(0, 7)], raw: ['{"ok":true}'], seed: 3, partial: false, error: null })
        expect(saved.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)

        const pairs = (xs: ReadonlyArray<{ runId: number; judgeBotId: number }>) => xs.map((x) => [x.runId, x.judgeBotId])
        expect(pairs(yield* store.listJudgeScores())).toEqual([[older.id, judge.id], [newer.id, judge.id], [newer.id, second.id], [onCode.id, judge.id], [onEasy.id, judge.id]])
        expect(pairs(yield* store.listJudgeScores({ runId: newer.id }))).toEqual([[newer.id, judge.id], [newer.id, second.id]])
        expect(pairs(yield* store.listJudgeScores({ botId: b.id }))).toEqual([[onEasy.id, judge.id]])
        expect(pairs(yield* store.listJudgeScores({ category: "booting", judgeBotId: second.id }))).toEqual([[newer.id, second.id]])

        // per bot × category, the newest judged run of each prompt (either judge's suggestion for it), partial ones left out
        const points = [...(yield* store.judgePoints())].sort((x, y) => x.botId - y.botId)
        expect(points).toHaveLength(2)
        expect(points[0]).toMatchObject({ botId: a.id, category: "booting", scored: 1 })
        expect([25, 30]).toContain(points[0]!.points)
        expect(points[1]).toEqual({ botId: b.id, category: "general", points: 7, scored: 1 })

        const pair = { judgeBotId: judge.id, promptId: teach.id, runA: older.id, runB: newer.id, asked: "B" as const, swapped: "A" as const, outcome: "b" as const, consistent: true, raw: ["1", "2"] }
        const p1 = yield* store.saveJudgePair(pair)
        const p2 = yield* store.saveJudgePair({ ...pair, judgeBotId: second.id })
        expect(p1).toMatchObject({ ...pair })
        expect((yield* store.listJudgePairs()).map((p) => p.id)).toEqual([p1.id, p2.id])
        expect((yield* store.listJudgePairs({ judgeBotId: second.id })).map((p) => p.id)).toEqual([p2.id])
      })
    )
  })
}
