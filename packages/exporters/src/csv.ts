import type { LeaderboardRow, Spread } from "@llp/core"
import { type CategorySummary, exportRows, plainNumber, type PromptName, starsText } from "./rows.js"

/** Byte order mark: tells Excel the file is UTF-8, so Vietnamese and emoji open as they should. */
export const BOM = "\uFEFF"

export const CSV_FIXED_COLUMNS = {
  before: ["rank", "bot", "provider", "model"],
  after: ["total", "stars", "avg_tokens_per_second", "avg_ttft_ms", "scored", "prompts", "runs"]
} as const

/** A category's column: its key, or `category:KEY` if the key is also the name of a fixed column. */
export const csvCategoryColumn = (key: string): string =>
  (CSV_FIXED_COLUMNS.before as ReadonlyArray<string>).includes(key) || (CSV_FIXED_COLUMNS.after as ReadonlyArray<string>).includes(key)
    ? `category:${key}`
    : key

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula,
 * even inside quotes. Text cells (names, providers, models) that start so get a leading apostrophe,
 * as OWASP advises; numbers are never touched. The JSON export keeps names exactly.
 */
export const guardFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

const line = (fields: ReadonlyArray<string>): string => `${fields.map(csvField).join(",")}\r\n`

/**
 * The leaderboard as CSV: RFC 4180 (CRLF line ends, every record the same number of fields),
 * UTF-8 with a byte order mark, a header row; numbers with a dot decimal and no thousands separator;
 * unknown speed and time to first token as empty fields.
 */
export const toCsv = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>, names: ReadonlyMap<number, PromptName> = new Map()): string => {
  const data = exportRows(rows, categories, names)
  const withStats = data.some((r) => r.stats !== undefined)
  const header = [...CSV_FIXED_COLUMNS.before, ...categories.map((c) => csvCategoryColumn(c.key)), ...CSV_FIXED_COLUMNS.after, ...(withStats ? statsColumns(categories) : [])]
  const records = data.map((r) => [
    String(r.rank),
    guardFormula(r.bot),
    guardFormula(r.provider),
    guardFormula(r.model),
    ...categories.map((c) => plainNumber(r.points[c.key] ?? 0)),
    plainNumber(r.total),
    starsText(r.stars),
    r.avgTokensPerSecond === null ? "" : plainNumber(r.avgTokensPerSecond),
    r.avgTtftMs === null ? "" : plainNumber(r.avgTtftMs),
    String(r.scored),
    String(r.prompts),
    String(r.runs),
    ...(withStats ? statsFields(r.stats, categories) : [])
  ])
  return BOM + [header, ...records].map(line).join("")
}

/** The columns of the intervals (issue 12), after the fixed ones, when the rows carry them. */
const statsColumns = (categories: ReadonlyArray<CategorySummary>): Array<string> => [
  "rank_label",
  "total_low",
  "total_high",
  ...categories.flatMap((c) => [`${csvCategoryColumn(c.key)}_low`, `${csvCategoryColumn(c.key)}_high`]),
  "tokens_per_second_median",
  "tokens_per_second_p10",
  "tokens_per_second_p90",
  "ttft_ms_median",
  "ttft_ms_p10",
  "ttft_ms_p90",
  "repeats",
  "flaky"
]

const spreadFields = (s: Spread | null): Array<string> => (s === null ? ["", "", ""] : [plainNumber(s.median), plainNumber(s.p10), plainNumber(s.p90)])

const statsFields = (s: ReturnType<typeof exportRows>[number]["stats"], categories: ReadonlyArray<CategorySummary>): Array<string> =>
  s === undefined
    ? statsColumns(categories).map(() => "")
    : [
        s.rank,
        plainNumber(s.total.low),
        plainNumber(s.total.high),
        ...categories.flatMap((c) => [plainNumber(s.points[c.key]?.low ?? 0), plainNumber(s.points[c.key]?.high ?? 0)]),
        ...spreadFields(s.tokensPerSecond),
        ...spreadFields(s.ttftMs),
        String(s.repeats),
        guardFormula(s.flaky.map((f) => `${f.category}/${f.prompt}`).join(" "))
      ]
