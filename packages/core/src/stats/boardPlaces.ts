import { rankLabel } from "./botStats.js"
import type { Verdict } from "./compare.js"

/** A bot's place on the leaderboard with intervals: its rank label's parts and its total's 95 % interval. */
export interface BoardPlace {
  readonly rank: number
  readonly tied: boolean
  readonly low: number
  readonly high: number
}

/** What the leaderboard says of A against B: one surely ahead (their total intervals apart), or neither. */
export type BoardOrder = "a ahead" | "b ahead" | "overlap"

export const boardOrder = (a: BoardPlace, b: BoardPlace): BoardOrder => (a.low > b.high ? "a ahead" : b.low > a.high ? "b ahead" : "overlap")

/**
 * One line for `llp compare`: the two bots' ranks and what the leaderboard's cautious test says of them next to
 * the paired verdict, so that the two never seem to disagree unexplained. A shared rank always means overlapping
 * intervals (tiedRanks); the paired test can still tell them apart, as it compares the same prompts.
 */
export const boardNote = (a: BoardPlace, b: BoardPlace, verdict: Verdict): string => {
  const ranks = `leaderboard: A ${rankLabel(a)}, B ${rankLabel(b)}`
  const order = boardOrder(a, b)
  if (order === "overlap") {
    const board = a.rank === b.rank ? "one rank, as their total intervals overlap" : "their total intervals overlap, so it does not order them"
    const paired =
      verdict === "can't tell yet"
        ? "nor can the paired test yet"
        : `the paired test, comparing the same prompts, finds A ${verdict}`
    return `${ranks}: ${board}; ${paired}`
  }
  const ahead = order === "a ahead" ? "A" : "B"
  const agrees = (verdict === "better" && ahead === "A") || (verdict === "worse" && ahead === "B")
  if (agrees) return `${ranks}: ${ahead} surely ahead there too (total intervals apart)`
  if (verdict === "can't tell yet") return `${ranks}: ${ahead} surely ahead on the totals (intervals apart); the paired test cannot tell yet on the prompts both answered`
  return `${ranks}: ${ahead} surely ahead on the totals (intervals apart), yet the paired test finds A ${verdict} on the prompts both answered: the totals also count prompts only one of them has scores for`
}
