import type { LeaderboardTotals, Store } from "@llp/core"
import { Effect } from "effect"

const mean = (xs: ReadonlyArray<number>): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length)

/** The leaderboard counted from scratch out of the listings: what the store's kept figures must equal. */
export const leaderboardFromScratch = (store: Store.Service) =>
  Effect.gen(function* () {
    const bots = [...(yield* store.listBots())].sort((x, y) => x.id - y.id)
    const category = new Map((yield* store.listPrompts()).map((p) => [p.id, p.category]))
    const runs = yield* store.listRuns()
    const scores = yield* store.listScores()
    return bots.map((bot) => {
      const own = runs.filter((r) => r.botId === bot.id)
      const complete = own.filter((r) => r.status === "complete")
      // per prompt the pinned score, else the one of the newest scored complete run (a partial answer's counts only pinned)
      const counted = new Map<number, { pinned: boolean; runId: number; points: number }>()
      for (const { score, run } of scores) {
        if (run.botId !== bot.id || (!score.pinned && run.status !== "complete")) continue
        const best = counted.get(run.promptId)
        if (best === undefined || Number(score.pinned) > Number(best.pinned) || (score.pinned === best.pinned && run.id > best.runId))
          counted.set(run.promptId, { pinned: score.pinned, runId: run.id, points: score.points })
      }
      const points: Record<string, number> = {}
      for (const [promptId, c] of counted) points[category.get(promptId)!] = (points[category.get(promptId)!] ?? 0) + c.points
      return {
        botId: bot.id,
        points,
        scored: counted.size,
        runs: own.length,
        avgTokensPerSecond: mean(complete.flatMap((r) => (r.tokensPerSecond === null ? [] : [r.tokensPerSecond]))),
        avgTtftMs: mean(complete.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])))
      }
    })
  })

/** Means compared to 9 decimals: a store may add in another order than the listings do. */
export const roundedTotals = (rows: ReadonlyArray<Omit<LeaderboardTotals, "bot" | "provider" | "model">>) =>
  rows.map((r) => ({
    ...r,
    avgTokensPerSecond: r.avgTokensPerSecond === null ? null : Number(r.avgTokensPerSecond.toFixed(9)),
    avgTtftMs: r.avgTtftMs === null ? null : Number(r.avgTtftMs.toFixed(9))
  }))
