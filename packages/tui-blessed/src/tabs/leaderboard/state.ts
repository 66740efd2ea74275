import { rank, type BotComparison, type LeaderboardRow, type LeaderboardTotals, type SortColumn } from "@llp/core"
import type { CategorySummary } from "@llp/exporters"
import { clampCursor, cursorTo, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"
import { edit, textField, type TextField, type TypedKey } from "../../widgets/textField.js"

/** A sortable column: the core sort key and the header. */
export interface SortKey {
  readonly column: SortColumn
  readonly title: string
}

export interface Row extends LeaderboardRow {
  /** Position in the current order, before filtering. */
  readonly rank: number
}

export interface State {
  readonly loaded: boolean
  readonly error: string | null
  readonly totals: ReadonlyArray<LeaderboardTotals>
  /** In their order, each with the sum of its prompts' points. */
  readonly categories: ReadonlyArray<CategorySummary>
  readonly promptCount: number
  readonly sort: SortColumn
  readonly reverse: boolean
  /** Judge suggestions counted where a bot has no score of its own (shown apart in a Judge column). */
  readonly withJudge: boolean
  /** The ± interval of every category (i), not only the total's, at any width. */
  readonly intervals: boolean
  readonly filter: TextField
  readonly focus: "table" | "filter"
  readonly cursor: ListCursor
  /** Derived from totals, sort and reverse: every bot in order, with its rank. */
  readonly ranked: ReadonlyArray<Row>
  /** Derived: `ranked` filtered. */
  readonly rows: ReadonlyArray<Row>
  /** Intervals, tied ranks and speed spreads per bot (issue 12). */
  readonly stats: ReadonlyMap<number, NonNullable<LeaderboardRow["stats"]>>
  /** Bots marked for a comparison, oldest first (two at most). */
  readonly marked: ReadonlyArray<number>
  /** The comparison shown instead of the table, if any. */
  readonly compare: CompareView | null
  /** The Arena rating per bot id as shown ("1042±31"); empty without votes. */
  readonly arena: ReadonlyMap<number, string>
}

/** A comparison of two bots, as the compare view shows it. */
export interface CompareView {
  readonly a: string
  readonly b: string
  readonly result: BotComparison | null
  readonly error: string | null
  /** Prompt ids to titles. */
  readonly titles: ReadonlyMap<number, string>
  readonly scroll: number
}

export const init = (): State => ({
  loaded: false,
  error: null,
  totals: [],
  categories: [],
  promptCount: 0,
  sort: "total",
  reverse: false,
  withJudge: false,
  intervals: false,
  filter: textField(),
  focus: "table",
  cursor: listCursor(),
  ranked: [],
  rows: [],
  stats: new Map(),
  marked: [],
  compare: null,
  arena: new Map()
})

/** The columns in screen order: bot, each category, then the totals. */
export const sortKeys = (categories: ReadonlyArray<Pick<CategorySummary, "key" | "title">>): ReadonlyArray<SortKey> => [
  { column: "bot", title: "Bot" },
  ...categories.map((c) => ({ column: `category:${c.key}` as SortColumn, title: c.title })),
  { column: "total", title: "Total" },
  { column: "stars", title: "Stars" },
  { column: "speed", title: "tok/s" },
  { column: "ttft", title: "TTFT" },
  { column: "scored", title: "Scored" },
  { column: "runs", title: "Runs" }
]

const matches = (row: LeaderboardRow, q: string): boolean => {
  if (q === "") return true
  const hay = `${row.bot}\u0000${row.provider}\u0000${row.model}`.toLowerCase()
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== "")
    .every((t) => hay.includes(t))
}

/** Every bot in the current order, numbered. */
export const rankAll = (s: Pick<State, "totals" | "categories" | "promptCount" | "sort" | "reverse" | "stats">): ReadonlyArray<Row> => {
  const ranked = rank(s.totals, s.categories, s.promptCount, s.sort)
  const ordered = s.reverse ? [...ranked].reverse() : ranked
  return ordered.map((r, i) => {
    const stats = s.stats.get(r.botId)
    return stats === undefined ? { ...r, rank: i + 1 } : { ...r, rank: i + 1, stats }
  })
}

/** The rows the filter lets through. */
export const filterRows = (ranked: ReadonlyArray<Row>, filter: string): ReadonlyArray<Row> => {
  const q = filter.trim()
  return q === "" ? ranked : ranked.filter((r) => matches(r, q))
}

export const derive = (s: State): ReadonlyArray<Row> => filterRows(rankAll(s), s.filter.value)

/** Re-filters (and re-ranks when `order` changed), keeping the selected bot selected when it is still there. */
const rederive = (s: State, keepBot: number | null, height: number, order = true): State => {
  const ranked = order ? rankAll(s) : s.ranked
  const rows = filterRows(ranked, s.filter.value)
  const at = keepBot === null ? -1 : rows.findIndex((r) => r.botId === keepBot)
  const cursor = at >= 0 ? cursorTo(s.cursor, at, rows.length, height) : clampCursor(s.cursor, rows.length, height)
  return { ...s, ranked, rows, cursor }
}

export const selectedRow = (s: State): Row | undefined => s.rows[clampCursor(s.cursor, s.rows.length, 1).selected]

/** The board as core's loadLeaderboard gives it (categories in order); the tab's sort, filter and marks stay. */
export const loaded = (
  s: State,
  data: {
    readonly totals: ReadonlyArray<LeaderboardTotals | LeaderboardRow>
    readonly categories: ReadonlyArray<CategorySummary>
    readonly promptCount: number
  },
  selectedBot: number | null,
  height: number
): State => {
  const categories = data.categories
  const keys = sortKeys(categories).map((k) => k.column)
  const sort = keys.includes(s.sort) ? s.sort : "total"
  const stats = new Map<number, NonNullable<LeaderboardRow["stats"]>>()
  for (const t of data.totals) if ("stats" in t && t.stats !== undefined) stats.set(t.botId, t.stats)
  const marked = s.marked.filter((id) => data.totals.some((t) => t.botId === id))
  return rederive(
    { ...s, loaded: true, error: null, totals: data.totals, categories, promptCount: data.promptCount, sort, stats, marked },
    selectedBot ?? selectedRow(s)?.botId ?? null,
    height
  )
}

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })

export const move = (s: State, delta: number, height: number): State => ({ ...s, cursor: moveCursor(s.cursor, delta, s.rows.length, height) })

/** Left/Right: the sort column moves; the selected bot stays selected. */
export const moveSort = (s: State, delta: number, height: number): State => {
  const keys = sortKeys(s.categories).map((k) => k.column)
  const i = keys.indexOf(s.sort)
  const next = keys[(((i + delta) % keys.length) + keys.length) % keys.length]!
  return rederive({ ...s, sort: next, reverse: false }, selectedRow(s)?.botId ?? null, height)
}

export const toggleReverse = (s: State, height: number): State => rederive({ ...s, reverse: !s.reverse }, selectedRow(s)?.botId ?? null, height)

export const editFilter = (s: State, key: TypedKey, height: number): State | undefined => {
  const f = edit(s.filter, key)
  if (f === undefined) return undefined
  if (f.value === s.filter.value) return { ...s, filter: f }
  return rederive({ ...s, filter: f, cursor: listCursor() }, null, height, false)
}

export const setFilter = (s: State, value: string, height: number): State =>
  rederive({ ...s, filter: { ...s.filter, value, cursor: value.length }, cursor: listCursor() }, value === "" ? (selectedRow(s)?.botId ?? null) : null, height, false)

export const setFocus = (s: State, focus: State["focus"]): State => ({ ...s, focus })

/** Marks the selected bot for a comparison, or unmarks it; a third mark replaces the oldest. */
export const toggleMark = (s: State): State => {
  const bot = selectedRow(s)?.botId
  if (bot === undefined) return s
  if (s.marked.includes(bot)) return { ...s, marked: s.marked.filter((id) => id !== bot) }
  return { ...s, marked: [...s.marked, bot].slice(-2) }
}

/** The two bots to compare: the two marked, or the one marked and the selected one. */
export const comparePair = (s: State): readonly [number, number] | null => {
  if (s.marked.length === 2) return [s.marked[0]!, s.marked[1]!]
  const selected = selectedRow(s)?.botId
  if (s.marked.length === 1 && selected !== undefined && selected !== s.marked[0]) return [s.marked[0]!, selected]
  return null
}

export const openCompare = (s: State, view: CompareView): State => ({ ...s, compare: view })
export const closeCompare = (s: State): State => ({ ...s, compare: null })
export const scrollCompare = (s: State, delta: number): State =>
  s.compare === null ? s : { ...s, compare: { ...s.compare, scroll: Math.max(0, Math.min(Math.max(0, (s.compare.result?.prompts.length ?? 0) - 1), s.compare.scroll + delta)) } }

/** The Arena's figures: rating ± half the 95 % interval, whole Elo points. */
export const withArena = (s: State, cells: ReadonlyMap<number, { readonly rating: number; readonly low: number; readonly high: number } | null>): State => {
  const arena = new Map<number, string>()
  for (const [botId, c] of cells) if (c) arena.set(botId, `${c.rating}±${Math.round((c.high - c.low) / 2)}`)
  return { ...s, arena }
}
