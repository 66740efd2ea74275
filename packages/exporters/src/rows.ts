import type { JudgeShare } from "@llp/core"
import type { Category, LeaderboardRow, Prompt } from "@llp/core"

/** A category as the exports show it: key, title and the points its prompts are worth together. */
export interface CategorySummary {
  readonly key: string
  readonly title: string
  readonly points: number
}

/** Categories in their order (then by key), each with the sum of its prompts' points. */
export const summarizeCategories = (
  categories: ReadonlyArray<Category>,
  prompts: ReadonlyArray<Pick<Prompt, "category" | "points">>
): ReadonlyArray<CategorySummary> =>
  [...categories]
    .sort((a, b) => a.order - b.order || compareText(a.key, b.key))
    .map((c) => ({
      key: c.key,
      title: c.title,
      points: prompts.filter((p) => p.category === c.key).reduce((sum, p) => sum + p.points, 0)
    }))

/** Code-unit order: the same on every machine and locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const round = (value: number, digits: number): number => {
  const f = 10 ** digits
  const r = Math.round(value * f) / f
  return Object.is(r, -0) ? 0 : r
}

/**
 * The numbers every format prints, computed once so that JSON, CSV and Markdown agree:
 * points and totals to 2 decimals, stars to 1, tokens/s to 2, time to first token in whole milliseconds.
 */
export interface ExportRow {
  readonly rank: number
  readonly bot: string
  readonly provider: string
  readonly model: string
  /** Per category key, in the categories' order; 0 when the bot has none. */
  readonly points: Readonly<Record<string, number>>
  readonly total: number
  readonly stars: number
  readonly avgTokensPerSecond: number | null
  readonly avgTtftMs: number | null
  readonly scored: number
  readonly prompts: number
  readonly runs: number
  readonly judge?: JudgeShare
}

export const exportRows = (
  rows: ReadonlyArray<LeaderboardRow>,
  categories: ReadonlyArray<CategorySummary>
): ReadonlyArray<ExportRow> =>
  rows.map((row, i) => {
    const points: Record<string, number> = {}
    for (const c of categories) points[c.key] = round(row.points[c.key] ?? 0, 2)
    return {
      rank: i + 1,
      bot: row.bot,
      provider: row.provider,
      model: row.model,
      points,
      total: round(row.total, 2),
      stars: round(row.stars, 1),
      avgTokensPerSecond: row.avgTokensPerSecond === null ? null : round(row.avgTokensPerSecond, 2),
      avgTtftMs: row.avgTtftMs === null ? null : round(row.avgTtftMs, 0),
      scored: row.scored,
      prompts: row.prompts,
      runs: row.runs,
      // only with --with-judge: the judge's share, apart
      ...(row.judge !== undefined ? { judge: row.judge } : {})
    }
  })

/** A number as text: dot decimal, no thousands separator, never exponent notation. */
export const plainNumber = (n: number): string => {
  if (!Number.isFinite(n)) return ""
  const s = String(n)
  if (!/e/i.test(s)) return s
  // past 1e21 every double is a whole number; below 1e-6 toFixed(20) has the digits that matter
  return Math.abs(n) >= 1 ? BigInt(n).toString() : n.toFixed(20).replace(/0+$/, "")
}

/** Stars with one decimal, as the leaderboard shows them. */
export const starsText = (stars: number): string => stars.toFixed(1)

/** The most points a bot can get: the sum over the categories. */
export const maxTotal = (categories: ReadonlyArray<CategorySummary>): number => categories.reduce((sum, c) => sum + c.points, 0)
