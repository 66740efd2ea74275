import { Store } from "@llp/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { documentJson, exportDetails, importDocument, parseDocument } from "../src/index.js"
import { EXPORTED_AT as AT } from "./fixture.js"
import { seedWorkspace } from "./seed.js"
import { sqliteStoreLayer } from "./store.js"

const run = <A, E>(effect: Effect.Effect<A, E, Store.Store>, layer = sqliteStoreLayer()) => Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

/** The seeded workspace plus a judge's suggestion (with its verdicts and raw answer) and a judge failure. */
const withSuggestions = Effect.gen(function* () {
  yield* seedWorkspace
  const store = yield* Store.Store
  const [a, b] = yield* store.listRuns({ status: "complete" })
  const judge = (yield* store.listBots()).find((x) => x.id !== a!.botId)!
  const item = { index: 0, points: 4, text: "names the limit", verdict: "partly" as const, reason: 'It says "the limit".', awarded: 2 }
  yield* store.saveJudgeScore({ runId: a!.id, judgeBotId: judge.id, status: "scored", points: 2, maxPoints: 4, partial: false, items: [item], raw: ['{"item1":{"verdict":"partly"}}'], error: null, seed: 7, order: [0] })
  yield* store.saveJudgeScore({ runId: b!.id, judgeBotId: judge.id, status: "failed", points: null, maxPoints: 4, partial: false, items: [], raw: ["prose", "prose"], error: "not JSON", seed: 8, order: [0] })
  // a pairwise verdict that did not survive the swap: its consistency must survive the export
  const rival = (yield* store.listRuns({ promptId: a!.promptId, status: "complete" })).find((r) => r.botId !== a!.botId)!
  yield* store.saveJudgePair({ judgeBotId: judge.id, promptId: a!.promptId, runA: a!.id, runB: rival.id, asked: "A", swapped: "A", outcome: "tie", consistent: false, raw: ["A", "A"] })
  return judge.name
})

const strip = (s: { readonly id: number; readonly runId: number; readonly judgeBotId: number; readonly botId: number; readonly promptId: number; readonly createdAt: string }) => {
  const { id: _i, runId: _r, judgeBotId: _j, botId: _b, promptId: _p, createdAt: _c, ...rest } = s
  return rest
}

describe("judge suggestions in exports", () => {
  it("travel through a --details export and an import, once, with their verdicts and raw answers (a night of judging is not lost)", async () => {
    const { doc, before, pairsBefore } = await run(
      Effect.gen(function* () {
        yield* withSuggestions
        const store = yield* Store.Store
        return { doc: yield* exportDetails(AT), before: yield* store.listJudgeScores(), pairsBefore: yield* store.listJudgePairs() }
      })
    )
    expect(doc.judgeScores).toHaveLength(2)
    const parsed = await Effect.runPromise(parseDocument(documentJson(doc), "export.json"))
    const { first, second, after, pairsAfter } = await run(
      Effect.gen(function* () {
        const first = yield* importDocument(parsed)
        const second = yield* importDocument(parsed)
        const store = yield* Store.Store
        return { first, second, after: yield* store.listJudgeScores(), pairsAfter: yield* store.listJudgePairs() }
      })
    )
    expect(first.judgeScores).toEqual({ added: 2, matched: 0 })
    expect(second.judgeScores).toEqual({ added: 0, matched: 2 })
    expect(doc.judgePairs).toHaveLength(1)
    expect(first.judgePairs).toEqual({ added: 1, matched: 0 })
    expect(second.judgePairs).toEqual({ added: 0, matched: 1 })
    const verdicts = (ps: ReadonlyArray<{ readonly asked: string; readonly swapped: string; readonly outcome: string; readonly consistent: boolean; readonly raw: ReadonlyArray<string> }>) =>
      ps.map(({ asked, swapped, outcome, consistent, raw }) => ({ asked, swapped, outcome, consistent, raw }))
    expect(verdicts(pairsAfter)).toEqual(verdicts(pairsBefore))
    expect(verdicts(pairsAfter)).toEqual([{ asked: "A", swapped: "A", outcome: "tie", consistent: false, raw: ["A", "A"] }])
    const key = (s: { readonly raw: ReadonlyArray<string> }) => s.raw.join()
    expect([...after].sort((x, y) => key(x).localeCompare(key(y))).map(strip)).toEqual([...before].sort((x, y) => key(x).localeCompare(key(y))).map(strip))
  })
})
