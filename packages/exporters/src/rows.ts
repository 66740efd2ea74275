import type { Category, JudgeShare, LeaderboardRow, Prompt, Spread } from "@llp/core"

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
  /** Mean model load time (ms) over the runs that loaded the model; only when the speed came per machine. */
  readonly avgLoadMs?: number | null
  readonly scored: number
  readonly prompts: number
  readonly runs: number
  readonly judge?: JudgeShare
  /** Intervals, speed spreads, tied ranks and flaky prompts (issue 12), when the rows carry them. */
  readonly stats?: ExportStats
}

/** A prompt named as in the documents: category key and slug (ids are local to a workspace). */
export interface PromptName {
  readonly category: string
  readonly prompt: string
}

export interface ExportStats {
  /** `3`, or `=3` when tied with a neighbour (total intervals overlap). */
  readonly rank: string
  readonly tied: boolean
  /** 95 % interval of the total, 2 decimals. */
  readonly total: { readonly low: number; readonly high: number }
  readonly points: Readonly<Record<string, { readonly low: number; readonly high: number }>>
  /** Median with p10–p90 over complete runs (2 decimals; TTFT whole ms). */
  readonly tokensPerSecond: Spread | null
  readonly ttftMs: Spread | null
  /** Scored runs counted, every repeat. */
  readonly repeats: number
  readonly flaky: ReadonlyArray<PromptName>
}

const spreadRounded = (s: Spread | null, digits: number): Spread | null =>
  s === null ? null : { median: round(s.median, digits), p10: round(s.p10, digits), p90: round(s.p90, digits), n: s.n }

const exportStats = (
  stats: NonNullable<LeaderboardRow["stats"]>,
  categories: ReadonlyArray<CategorySummary>,
  names: ReadonlyMap<number, PromptName>
): ExportStats => {
  const points: Record<string, { low: number; high: number }> = {}
  for (const c of categories) {
    const i = stats.points[c.key]
    points[c.key] = { low: round(i?.low ?? 0, 2), high: round(i?.high ?? 0, 2) }
  }
  return {
    rank: stats.tied ? `=${stats.rank}` : String(stats.rank),
    tied: stats.tied,
    total: { low: round(stats.total.low, 2), high: round(stats.total.high, 2) },
    points,
    tokensPerSecond: spreadRounded(stats.tokensPerSecond, 2),
    ttftMs: spreadRounded(stats.ttftMs, 0),
    repeats: stats.repeats,
    flaky: stats.flaky.flatMap((id) => names.get(id) ?? [])
  }
}

/** Prompt ids to their names, for the flaky prompts of an export. */
export const promptNames = (prompts: ReadonlyArray<Pick<Prompt, "id" | "category" | "slug">>): Map<number, PromptName> =>
  new Map(prompts.map((p) => [p.id, { category: p.category, prompt: p.slug }]))

export const exportRows = (
  rows: ReadonlyArray<LeaderboardRow>,
  categories: ReadonlyArray<CategorySummary>,
  names: ReadonlyMap<number, PromptName> = new Map()
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
      ...(row.avgLoadMs !== undefined ? { avgLoadMs: row.avgLoadMs === null ? null : round(row.avgLoadMs, 0) } : {}),
      scored: row.scored,
      prompts: row.prompts,
      runs: row.runs,
      // only with --with-judge: the judge's share, apart
      ...(row.judge !== undefined ? { judge: row.judge } : {}),
      ...(row.stats === undefined ? {} : { stats: exportStats(row.stats, categories, names) })
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
