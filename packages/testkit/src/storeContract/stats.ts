import { loadStatsBoard, paramsKey, Store } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { runStart, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const board = (store: Store.Service, options: Parameters<typeof loadStatsBoard>[0] = {}) => loadStatsBoard(options).pipe(Effect.provideService(Store.Store, store))

const byRun = <A extends { readonly runId: number }>(xs: ReadonlyArray<A>) => [...xs].sort((x, y) => x.runId - y.runId)
const byBot = <A extends { readonly botId: number }>(xs: ReadonlyArray<A>) => [...xs].sort((x, y) => x.botId - y.botId)

export const statsContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): statistics`, () => {
    const test = storeIt(target)

    test("a run records what it was sent and the bot's key; runs made before a parameter change are kept apart unless asked", (store) =>
      Effect.gen(function* () {
        const { a, teach, code } = yield* seed(store)
        const scored = (promptId: number, points: number) =>
          Effect.flatMap(
            store.startRun({ botId: a.id, promptId, provider: "lmstudio", model: a.model, demo: false, request: {}, startedAt: new Date().toISOString(), sentParams: { load: a.load, sampling: { temperature: 0.5 } } }),
            (run) => Effect.zipRight(store.updateRun(run.id, { status: "complete", output: "o", reasoning: "", tokensPerSecond: 40 + points / 10 }), Effect.as(store.scoreRun({ runId: run.id, points }), run))
          )
        const first = yield* scored(teach.id, 10)
        yield* scored(teach.id, 30) // a repeat: both count, mean 20
        const stored = yield* store.getRun(first.id)
        expect(stored.paramsKey).toBe(paramsKey(a))
        expect(stored.sentParams).toEqual({ load: {}, sampling: { temperature: 0.5 } })

        let shown = yield* board(store, { resamples: 200 })
        expect(shown.rows[0]!.points.booting).toBe(20)
        expect(shown.rows[0]!.stats).toMatchObject({ repeats: 2, tied: false, rank: 1, tokensPerSecond: { median: 42, n: 2 } })
        // pinning still works: the pinned run's score alone counts; unpinned, the mean again
        yield* store.pinRun(first.id, true)
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(10)
        yield* store.pinRun(first.id, false)
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points.booting).toBe(20)

        yield* store.updateBot(a.id, { sampling: { temperature: 0.9 } })
        yield* scored(code.id, 40) // made with the new parameters
        shown = yield* board(store, { resamples: 200 })
        expect(shown.rows[0]!.points).toEqual({ booting: 40, general: 0 })
        expect(shown.rows[0]!.stats!.tokensPerSecond!.n).toBe(1)
        const all = yield* board(store, { resamples: 200, allParams: true })
        expect(all.rows[0]!.points).toEqual({ booting: 60, general: 0 })
      })
    )

    test("samples: every scored run and every complete run's speed per bot, filtered by bots, parameters and machine", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code } = yield* seed(store)
        const r1 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "o", tokensPerSecond: 30, ttftMs: 300 })
        yield* store.scoreRun({ runId: r1.id, points: 20 })
        const r2 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "o", tokensPerSecond: 50 })
        yield* store.scoreRun({ runId: r2.id, points: 30 })
        yield* store.pinRun(r2.id, true)
        const failed = yield* store.startRun(runStart(a.id, code.id))
        yield* store.updateRun(failed.id, { status: "failed", output: "", reasoning: "", tokensPerSecond: 99 })
        const warm = yield* store.startRun(runStart(b.id, code.id))
        yield* store.updateRun(warm.id, { status: "complete", output: "o", reasoning: "", tokensPerSecond: 10, ttftMs: 900, warmTtftMs: 100 })

        const sets = yield* store.statSamples()
        expect(sets.map((s) => s.botId)).toEqual([a.id, b.id])
        const [sa, sb] = sets
        expect(byRun(sa!.scores)).toEqual([
          { promptId: teach.id, runId: r1.id, points: 20, pinned: false },
          { promptId: teach.id, runId: r2.id, points: 30, pinned: true }
        ])
        expect([...sa!.speeds].sort((x, y) => (x.tokensPerSecond ?? 0) - (y.tokensPerSecond ?? 0))).toEqual([
          { promptId: teach.id, tokensPerSecond: 30, ttftMs: 300 },
          { promptId: teach.id, tokensPerSecond: 50, ttftMs: null }
        ])
        // time to first token without the model load when the run knows it
        expect(sb!.speeds).toEqual([{ promptId: code.id, tokensPerSecond: 10, ttftMs: 100 }])
        expect(sb!.scores).toEqual([])
        expect((yield* store.statSamples({ botIds: [b.id] })).map((s) => s.botId)).toEqual([b.id])

        // runs made with older parameters are left out unless asked; a pinned score always counts
        yield* store.updateBot(a.id, { sampling: { temperature: 1.1 } })
        const now = (yield* store.statSamples({ botIds: [a.id] }))[0]!
        expect(now.scores.map((s) => s.runId)).toEqual([r2.id])
        expect(now.speeds).toEqual([])
        const every = (yield* store.statSamples({ botIds: [a.id], allParams: true }))[0]!
        expect(byRun(every.scores).map((s) => s.runId)).toEqual([r1.id, r2.id])
        expect(every.speeds).toHaveLength(2)

        const here = yield* store.saveMachine({ os: { platform: "linux", release: "6", version: "1", arch: "x64" }, cpu: { model: "cpu", cores: 4 }, ramMb: 1000, gpus: [], probes: [] })
        const onHere = yield* store.startRun(runStart(b.id, teach.id, { machineId: here.id }))
        yield* store.updateRun(onHere.id, { status: "complete", output: "o", reasoning: "", tokensPerSecond: 70 })
        expect((yield* store.statSamples({ botIds: [b.id], machineId: here.id }))[0]!.speeds.map((s) => s.tokensPerSecond)).toEqual([70])
        expect((yield* store.statSamples({ botIds: [b.id], machineId: null }))[0]!.speeds).toHaveLength(2)
      })
    )

    test("the cache: an entry reads back while its bot's samples are unchanged, not after a new score or finished run", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        for (const [bot, p, pts] of [[a, teach, 20], [a, code, 30], [a, easy, 5], [b, teach, 10], [b, easy, 2]] as const) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o", tokensPerSecond: 30 })
          yield* store.scoreRun({ runId: run.id, points: pts })
        }
        const write = (key: string, tag = "") =>
          Effect.flatMap(store.statSamples(), (sets) => store.writeStatsCache(key, sets.map((s) => ({ botId: s.botId, epoch: s.epoch, data: `${key}:${s.botId}${tag}` }))))
        const read = (key: string) => Effect.map(store.readStatsCache(key), byBot)
        yield* write("k")
        expect(yield* read("k")).toEqual(byBot((yield* store.statSamples()).map((s) => ({ botId: s.botId, epoch: s.epoch, data: `k:${s.botId}` }))))
        expect(yield* read("other")).toEqual([])
        yield* store.writeStatsCache("k", []) // nothing to write is no change
        expect(yield* read("k")).toHaveLength(2)

        // an unrelated streaming update leaves every entry current
        const streaming = yield* store.startRun(runStart(b.id, code.id))
        yield* store.updateRun(streaming.id, { status: "streaming", output: "partial", reasoning: "" })
        expect((yield* read("k")).map((e) => e.botId)).toEqual([a.id, b.id])
        // the run finishing changes b's samples: b's entry is stale, a's is not
        yield* store.updateRun(streaming.id, { status: "complete", output: "done", reasoning: "" })
        expect((yield* read("k")).map((e) => e.botId)).toEqual([a.id])
        yield* write("k")
        expect(yield* read("k")).toHaveLength(2)
        yield* store.scoreRun({ runId: streaming.id, points: 44 })
        expect((yield* read("k")).map((e) => e.data)).toEqual([`k:${a.id}`])
        // writing again replaces the entry of that bot and key
        yield* write("k", "+")
        expect((yield* read("k")).map((e) => e.data)).toEqual([`k:${a.id}+`, `k:${b.id}+`])
        // a removed bot's entries go, and entries for bots that are gone are not written
        const gone = (yield* store.statSamples({ botIds: [a.id] }))[0]!
        yield* store.removeBot(a.id)
        yield* store.writeStatsCache("k2", [{ botId: gone.botId, epoch: gone.epoch, data: "x" }])
        expect(yield* read("k2")).toEqual([])
        expect((yield* read("k")).map((e) => e.botId)).toEqual([b.id])
      })
    )

    test("the intervals are recomputed after a new score, and the other bots' stay as they were", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        for (const [bot, p, pts] of [[a, teach, 20], [a, code, 30], [a, easy, 5], [b, teach, 10], [b, easy, 2]] as const) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o", tokensPerSecond: 30 })
          yield* store.scoreRun({ runId: run.id, points: pts })
        }
        const first = yield* board(store)
        expect((yield* board(store)).rows).toEqual(first.rows)
        const streaming = yield* store.startRun({ botId: b.id, promptId: code.id, provider: "lmstudio", model: b.model, demo: false, request: {}, startedAt: new Date().toISOString() })
        yield* store.updateRun(streaming.id, { status: "streaming", output: "partial", reasoning: "" })
        yield* store.updateRun(streaming.id, { status: "complete", output: "done", reasoning: "" })
        yield* store.scoreRun({ runId: streaming.id, points: 44 })
        const after = yield* board(store)
        expect(after.rows.find((r) => r.botId === b.id)!.points.booting).toBe(54)
        expect(after.rows.find((r) => r.botId === a.id)!.stats!.total).toEqual(first.rows.find((r) => r.botId === a.id)!.stats!.total)
      })
    )
  })
