import type { MachineProfile } from "@llp/core"
import { Effect, Either } from "effect"
import { describe, expect } from "vitest"
import { botInput, runStart, seed, suite } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"
import { leaderboardFromScratch, roundedTotals } from "./recount.js"

// Several machines write to one shared store (issue 17): writes that race must leave what one at a time would.
const together = <A, E>(effects: ReadonlyArray<Effect.Effect<A, E>>) => Effect.all(effects.map(Effect.either), { concurrency: "unbounded" })

const machine: MachineProfile = { os: { platform: "linux", release: "6", version: "1", arch: "x64" }, cpu: { model: "cpu", cores: 8 }, ramMb: 16_000, gpus: [], probes: [] }

export const concurrencyContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): writes at the same time`, () => {
    const test = storeIt(target)

    test("the same bot name made at once: one is made, the others are a Conflict", (store) =>
      Effect.gen(function* () {
        const results = yield* together(["Racer", "racer", "RACER", "Racer"].map((name) => store.createBot(botInput(name))))
        expect(results.filter(Either.isRight)).toHaveLength(1)
        for (const r of results.filter(Either.isLeft)) expect(r.left).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        expect(yield* store.listBots()).toHaveLength(1)
      })
    )

    test("runs, scores and pins written at once leave the leaderboard a count from scratch would give", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const prompts = [teach, code, easy]
        const scored = (botId: number, i: number) =>
          Effect.gen(function* () {
            const p = prompts[i % 3]!
            const run = yield* store.addManualRun({ botId, promptId: p.id, output: `answer ${i}`, tokensPerSecond: 10 + i, ttftMs: 100 + i })
            yield* store.scoreRun({ runId: run.id, points: i % (p.points + 1) })
            return run
          })
        const runs = yield* together([...Array.from({ length: 12 }, (_, i) => scored(a.id, i)), ...Array.from({ length: 12 }, (_, i) => scored(b.id, i))])
        expect(runs.every(Either.isRight)).toBe(true)
        const ids = runs.flatMap((r) => (Either.isRight(r) ? [r.right.id] : []))
        expect(new Set(ids).size).toBe(24)
        const board = yield* store.leaderboard()
        expect(board.map((r) => r.runs)).toEqual([12, 12])
        expect(roundedTotals(board.map(({ bot: _b, provider: _p, model: _m, ...rest }) => rest))).toEqual(roundedTotals(yield* leaderboardFromScratch(store)))

        // rescoring one run at once from several places: one score, one of the points given
        const target = ids[0]!
        const rescored = yield* together([1, 2, 3, 4].map((points) => store.scoreRun({ runId: target, points })))
        expect(rescored.every(Either.isRight)).toBe(true)
        const scores = (yield* store.listScores()).filter((s) => s.run.id === target)
        expect(scores).toHaveLength(1)
        expect([1, 2, 3, 4]).toContain(scores[0]!.score.points)

        // two runs of one bot and prompt pinned at once: one pin stands, never two
        const teachRuns = (yield* store.listScores({ botId: a.id })).filter((s) => s.run.promptId === teach.id).map((s) => s.run.id)
        const pins = yield* together(teachRuns.slice(0, 3).map((runId) => store.pinRun(runId, true)))
        for (const p of pins) if (Either.isLeft(p)) expect(p.left).toMatchObject({ _tag: "StoreError" })
        const pinned = (yield* store.listScores({ botId: a.id })).filter((s) => s.run.promptId === teach.id && s.score.pinned)
        expect(pinned).toHaveLength(1)
        expect(roundedTotals((yield* store.leaderboard()).map(({ bot: _b, provider: _p, model: _m, ...rest }) => rest))).toEqual(roundedTotals(yield* leaderboardFromScratch(store)))
      }),
      60_000
    )

    test("the same machine, suite, group and judge result saved at once are stored once", (store) =>
      Effect.gen(function* () {
        const machines = yield* together([1, 2, 3].map(() => store.saveMachine(machine, { local: true })))
        expect(machines.every(Either.isRight)).toBe(true)
        expect(new Set(machines.map((m) => (Either.isRight(m) ? m.right.id : 0))).size).toBe(1)
        expect(yield* store.listMachines()).toHaveLength(1)

        const loads = yield* together([1, 2, 3].map(() => store.loadSuite(suite("shared", [["a", 10], ["b", 20]]))))
        for (const l of loads) if (Either.isLeft(l)) expect(l.left).toMatchObject({ _tag: "StoreError" })
        expect(loads.some(Either.isRight)).toBe(true)
        expect((yield* store.listPrompts("shared")).map((p) => p.slug)).toEqual(["a", "b"])
        expect(yield* store.loadSuite(suite("shared", [["a", 10], ["b", 20]]))).toMatchObject({ added: 0, unchanged: 2 })

        const base = yield* store.createBot(botInput("Base"))
        const groups = yield* together([1, 2, 3].map(() => store.ensureGroup("Sweep", base.id)))
        expect(groups.every(Either.isRight)).toBe(true)
        expect(yield* store.listGroups()).toHaveLength(1)

        const judge = yield* store.createBot(botInput("Judge"))
        const p = (yield* store.listPrompts("shared"))[0]!
        const run = yield* store.startRun(runStart(base.id, p.id))
        yield* store.updateRun(run.id, { status: "complete", output: "o", reasoning: "" })
        const judged = yield* together(
          [2, 4, 6].map((points) =>
            store.saveJudgeScore({ runId: run.id, judgeBotId: judge.id, status: "scored", points, maxPoints: 10, partial: false, items: [], raw: [], error: null, seed: points, order: [] })
          )
        )
        expect(judged.every(Either.isRight)).toBe(true)
        expect(yield* store.listJudgeScores({ runId: run.id })).toHaveLength(1)
      })
    )
  })
