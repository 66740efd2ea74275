import type { LeaderboardTotals } from "../domain/Leaderboard.js"
import type { JudgePoints } from "./types.js"

/**
 * The leaderboard's totals with judge suggestions counted where the bot has no score of its own
 * (`llp leaderboard --with-judge`). The judge's share stays visible apart in `judge`.
 */
export const addJudgePoints = (totals: ReadonlyArray<LeaderboardTotals>, judge: ReadonlyArray<JudgePoints>): Array<LeaderboardTotals> =>
  totals.map((t) => {
    const mine = judge.filter((j) => j.botId === t.botId)
    if (mine.length === 0) return t
    const points: Record<string, number> = { ...t.points }
    const judgePoints: Record<string, number> = {}
    let scored = 0
    for (const j of mine) {
      points[j.category] = (points[j.category] ?? 0) + j.points
      judgePoints[j.category] = j.points
      scored += j.scored
    }
    return { ...t, points, scored: t.scored + scored, judge: { points: judgePoints, total: mine.reduce((s, j) => s + j.points, 0), scored } }
  })
