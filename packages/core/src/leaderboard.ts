import type { Category } from "./domain/Category.js"
import type { LeaderboardRow, LeaderboardTotals } from "./domain/Leaderboard.js"
import type { SpeedTotals } from "./services/Store.js"

export const MAX_TOTAL = 5000

export const SORT_COLUMNS = ["total", "bot", "stars", "speed", "ttft", "scored", "runs"] as const
export type SortColumn = (typeof SORT_COLUMNS)[number] | `category:${string}`

export const stars = (total: number): number => Math.round((total / 1000) * 10) / 10

const compareNullable = (a: number | null, b: number | null, descending: boolean): number => {
  if (a === b) return 0
  if (a === null) return 1 // unknown sorts last either way
  if (b === null) return -1
  return descending ? b - a : a - b
}

const key = (row: LeaderboardRow, column: SortColumn): number | null => {
  if (column.startsWith("category:")) return row.points[column.slice(9)] ?? 0
  switch (column) {
    case "total":
    case "stars":
      return row.total
    case "speed":
      return row.avgTokensPerSecond
    case "ttft":
      return row.avgTtftMs
    case "scored":
      return row.scored
    case "runs":
      return row.runs
    default:
      return null
  }
}

/**
 * Turns the store's totals into leaderboard rows, sorted by the column.
 * Ties, and every sort, end in a fixed order: total (high first), then tokens/s (high first),
 * then bot name (A→Z, case-insensitive), then bot id — so the same data always prints the same way.
 * Time to first token sorts low first: lower is better.
 */
export const rank = (
  totals: ReadonlyArray<LeaderboardTotals>,
  categories: ReadonlyArray<Pick<Category, "key">>,
  promptCount: number,
  column: SortColumn = "total"
): ReadonlyArray<LeaderboardRow> => {
  const rows: Array<LeaderboardRow> = totals.map((t) => {
    const points: Record<string, number> = {}
    for (const c of categories) points[c.key] = t.points[c.key] ?? 0
    const total = Object.values(points).reduce((a, b) => a + b, 0)
    return {
      botId: t.botId,
      bot: t.bot,
      provider: t.provider,
      model: t.model,
      points,
      total,
      stars: stars(total),
      avgTokensPerSecond: t.avgTokensPerSecond,
      avgTtftMs: t.avgTtftMs,
      ...(t.avgLoadMs !== undefined ? { avgLoadMs: t.avgLoadMs } : {}),
      scored: t.scored,
      prompts: promptCount,
      runs: t.runs,
      ...(t.judge !== undefined ? { judge: t.judge } : {})
    }
  })
  const tieBreak = (a: LeaderboardRow, b: LeaderboardRow) =>
    b.total - a.total ||
    compareNullable(a.avgTokensPerSecond, b.avgTokensPerSecond, true) ||
    a.bot.localeCompare(b.bot, "en", { sensitivity: "base" }) ||
    a.botId - b.botId
  const compare = (a: LeaderboardRow, b: LeaderboardRow): number => {
    if (column === "bot") return a.bot.localeCompare(b.bot, "en", { sensitivity: "base" }) || a.botId - b.botId
    return compareNullable(key(a, column), key(b, column), column !== "ttft") || tieBreak(a, b)
  }
  return rows.sort(compare)
}

/**
 * The leaderboard's speed columns from the runs of one machine (or of all): tokens/s, warm time to first
 * token (model loads left out) and load time. A bot with no complete run there has no speed.
 */
export const withSpeed = (totals: ReadonlyArray<LeaderboardTotals>, speeds: ReadonlyArray<SpeedTotals>): ReadonlyArray<LeaderboardTotals> => {
  const byBot = new Map(speeds.map((s) => [s.botId, s]))
  return totals.map((t) => {
    const s = byBot.get(t.botId)
    return { ...t, avgTokensPerSecond: s?.avgTokensPerSecond ?? null, avgTtftMs: s?.avgWarmTtftMs ?? null, avgLoadMs: s?.avgLoadMs ?? null }
  })
}

export const parseSortColumn = (value: string, categories: ReadonlyArray<Category>): SortColumn | undefined => {
  if ((SORT_COLUMNS as ReadonlyArray<string>).includes(value)) return value as SortColumn
  if (categories.some((c) => c.key === value)) return `category:${value}`
  return undefined
}
