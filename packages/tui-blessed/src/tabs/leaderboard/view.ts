import { MAX_TOTAL, pairedText, pointsWithInterval, rankLabel, spreadText, ttftText } from "@llp/core"
import * as F from "../../presentation/format.js"
import { blank, columnWidths, frame, inputLine, row, type Column } from "../../presentation/layout.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit, width, wrap } from "../../presentation/text.js"
import type { TabSize } from "../../app/types.js"
import { sortKeys, type Row, type State } from "./state.js"

/** A category's column header: its key, capitalised (Booting, Writing), or in capitals when short (AGI, SWE). */
export const shortTitle = (c: { readonly key: string; readonly title: string }): string => {
  const k = c.key.replace(/[-_]+/g, " ").trim()
  if (k === "") return c.title
  return k.length <= 3 ? k.toUpperCase() : k[0]!.toUpperCase() + k.slice(1)
}

/** From this width on the category columns carry their whole short names. */
export const WIDE = 120

/** From this inner width on, every category shows its interval; below, only the total does. */
export const FULL_WIDTH = 150

/**
 * The table's columns: rank, bot, a column per category, the totals, and the model where there is
 * room. When the width is short, the provider goes first, then the stars (the total in other
 * units), runs and scored, then the categories from the right; the speed columns stay longest.
 * `full`: the intervals of every category; `spreads`: the speeds' p10–p90 (issue 12), shown from
 * WIDE columns on: they outrank the provider, stars, runs, scored and the categories, so those drop first.
 */
export const columns = (s: State, w = 0, full = false, spreads = full): ReadonlyArray<Column & { readonly sort?: string }> => [
  { title: "#", min: 3, align: "right" },
  { title: "Bot", min: 10, flex: true, max: 40, sort: "bot", cut: "middle" },
  ...s.categories.map((c) => ({
    title: shortTitle(c),
    min: Math.max(full ? 8 : 4, w >= WIDE ? width(shortTitle(c)) : 4),
    align: "right" as const,
    sort: `category:${c.key}`,
    drop: 4
  })),
  { title: "Total", min: s.stats.size > 0 ? 9 : 5, align: "right", sort: "total", drop: 5 },
  { title: "★", min: 3, align: "right", sort: "stars", drop: 1 },
  // once there are Arena votes; it goes after runs and scored, before the categories
  ...(s.arena.size > 0 ? [{ title: "Arena", min: 8, align: "right" as const, drop: 3.5 }] : []),
  spreads ? { title: "tok/s (p10–p90)", min: 15, align: "right", sort: "speed", drop: 7 } : { title: "tok/s", min: 5, align: "right", sort: "speed", drop: 7 },
  spreads ? { title: "TTFT (p10–p90)", min: 18, align: "right", sort: "ttft", drop: 6 } : { title: "TTFT", min: 5, align: "right", sort: "ttft", drop: 6 },
  { title: "Scored", min: 6, align: "right", sort: "scored", drop: 3 },
  { title: "Runs", min: 4, align: "right", sort: "runs", drop: 2 },
  // only while judge suggestions are counted (w): their share, apart
  ...(s.withJudge ? [{ title: "Judge", min: 5, align: "right" as const, drop: 5 }] : []),
  { title: "Provider: model", min: 16, flex: true, drop: 0 }
]

/** `=3` (tied) in total order; the position in other orders. A marked bot (for a comparison) has a ◆. */
const rankCell = (s: State, r: Row): string => {
  const shown = r.stats !== undefined && s.sort === "total" && !s.reverse ? rankLabel(r.stats) : String(r.rank)
  return s.marked.includes(r.botId) ? `◆${shown}` : shown
}

export const cells = (s: State, r: Row, full = true, spreads = full): ReadonlyArray<string> => [
  rankCell(s, r),
  r.bot,
  ...s.categories.map((c) => (r.stats && full ? pointsWithInterval(r.points[c.key] ?? 0, r.stats.points[c.key]) : F.points(r.points[c.key] ?? 0))),
  r.stats ? pointsWithInterval(r.total, r.stats.total) : F.points(r.total),
  F.stars(r.stars),
  ...(s.arena.size > 0 ? [s.arena.get(r.botId) ?? F.DASH] : []),
  r.stats && spreads ? spreadText(r.stats.tokensPerSecond) : r.stats ? F.tokensPerSecond(r.stats.tokensPerSecond?.median) : F.tokensPerSecond(r.avgTokensPerSecond),
  r.stats && spreads ? ttftText(r.stats.ttftMs) : r.stats ? F.seconds(r.stats.ttftMs?.median) : F.seconds(r.avgTtftMs),
  `${r.scored}/${r.prompts}`,
  String(r.runs),
  ...(s.withJudge ? [r.judge === undefined ? F.DASH : F.points(r.judge.total)] : []),
  `${r.provider}: ${r.model}`
]

const COMPARE_COLUMNS: ReadonlyArray<Column> = [
  { title: "Category", min: 8, max: 14 },
  { title: "Prompt", min: 12, flex: true, max: 50 },
  { title: "Of", min: 4, align: "right" },
  { title: "A", min: 6, align: "right" },
  { title: "B", min: 6, align: "right" },
  { title: "A − B", min: 6, align: "right" },
  { title: "Runs A/B", min: 8, align: "right" },
  { title: "Flaky", min: 5 }
]

/** The compare view: three paired verdicts, then A − B per prompt both answered. */
const compareLines = (c: NonNullable<State["compare"]>, iw: number, ih: number): Array<string> => {
  const out = [
    bold(cell(`A: ${c.a}`, iw)),
    bold(cell(`B: ${c.b}`, iw)),
    ...wrap("Mean A − B with its 95 % interval and p-value; for TTFT lower is better. Esc: back to the table; ↑/↓ scroll.", iw).map((l) => color("gray", cell(l, iw)))
  ]
  if (c.error !== null) return [...out, color("red", cell(`Could not compare: ${c.error}`, iw))]
  if (c.result === null) return [...out, color("gray", cell("Comparing…", iw))]
  // a verdict wraps under its label: its end says how many more repeats would settle it
  const verdict = (label: string, text: string, v: string) =>
    wrap(text, Math.max(1, iw - label.length)).map((part, i) => {
      const line = cell(`${i === 0 ? label : blank(label.length)}${part}`, iw)
      return v === "better" ? color("green", line) : v === "worse" ? color("red", line) : line
    })
  const r = c.result
  out.push(
    ...verdict("points   ", pairedText(r.points), r.points.verdict),
    ...verdict("tok/s    ", pairedText(r.tokensPerSecond), r.tokensPerSecond.verdict),
    ...verdict("TTFT ms  ", pairedText(r.ttftMs, 0), r.ttftMs.verdict),
    cell("", iw)
  )
  const widths = columnWidths(COMPARE_COLUMNS, iw)
  out.push(bold(row(COMPARE_COLUMNS, widths, COMPARE_COLUMNS.map((col) => col.title), iw)))
  if (r.prompts.length === 0) return [...out, color("gray", cell("No prompt has a score from both bots yet.", iw))]
  const room = Math.max(1, ih - out.length)
  for (const d of r.prompts.slice(c.scroll, c.scroll + room)) {
    const flaky = [d.flakyA ? "A" : "", d.flakyB ? "B" : ""].filter(Boolean).join(" ")
    const line = row(COMPARE_COLUMNS, widths, [d.category, c.titles.get(d.promptId) ?? String(d.promptId), String(d.points), F.points(d.a), F.points(d.b), F.points(d.difference), `${d.repeatsA}/${d.repeatsB}`, flaky], iw)
    out.push(flaky ? color("yellow", line) : line)
  }
  return out
}

export const view = (s: State, size: TabSize): Array<string> => {
  const { width: w, height: h } = size
  if (s.compare !== null) {
    const c = s.compare
    return [color("gray", cell(" Compare — flaky (yellow): that bot's repeats spread over more than a third of the prompt's points", w)), ...frame("Compare", w, h - 1, (iw, ih) => compareLines(c, iw, ih), true)]
  }
  const sortTitle = sortKeys(s.categories).find((k) => k.column === s.sort)?.title ?? s.sort
  const label = " Filter: "
  const right = ` sorted by ${sortTitle} ${s.reverse ? "▲" : "▼"}  ←/→ column  r reverse${s.stats.size > 0 && w - 2 < FULL_WIDTH ? `  i ± ${s.intervals ? "total only" : "each"}` : ""} `
  const inputW = Math.max(10, Math.min(40, w - label.length - right.length))
  const top =
    (s.focus === "filter" ? bold(escapeTags(label)) : escapeTags(label)) +
    (s.focus === "filter" ? inputLine(s.filter.value, s.filter.cursor, inputW, true) : `{underline}${inputLine(s.filter.value, s.filter.cursor, inputW, false, "/ to filter")}{/underline}`) +
    color("gray", escapeTags(fit(right, Math.max(0, w - label.length - inputW))))
  const count = s.filter.value.trim() === "" ? F.count(s.rows.length, "bot") : `${s.rows.length} of ${F.count(s.totals.length, "bot")}`
  const judged = s.withJudge ? " — counting judge suggestions (w: off)" : ""
  const title = [`Leaderboard — ${count} — total of ${MAX_TOTAL.toLocaleString("en")}${judged}`, s.rows.length > 0 ? position(s.cursor, s.rows.length) : null].filter((x) => x !== null).join(" — ")
  const table = frame(title, w, h - 1, (iw, ih) => {
    // i: every category's interval at any width; below FULL_WIDTH the speeds show their medians to make room
    const full = s.stats.size > 0 && (iw >= FULL_WIDTH || s.intervals)
    const spreads = s.stats.size > 0 && w >= WIDE && (!s.intervals || iw >= FULL_WIDTH)
    const cols = columns(s, w, full, spreads)
    const widths = columnWidths(cols, iw)
    const header = cols
      .map((c, i) => {
        const cw = widths[i]!
        if (cw === 0) return null
        const sorted = c.sort === s.sort
        // the sorted column is shown in colour (and named on the filter line); headers are cut
        // without an ellipsis: "Prog" reads better than "Pro…"
        const title = width(c.title) > cw ? [...c.title].slice(0, cw).join("") : c.title
        const t = escapeTags(fit(title, cw, c.align === "right" ? "right" : "left"))
        return sorted ? `{underline}${bold(color("cyan", t))}{/underline}` : bold(t)
      })
      .filter((x) => x !== null)
      .join(" ")
    const used = widths.reduce((a, b) => a + b, 0) + Math.max(0, widths.filter((x) => x > 0).length - 1)
    const head = header + blank(iw - used)
    if (!s.loaded) return [head, color("gray", cell("Loading…", iw))]
    if (s.error !== null) return [head, color("red", cell(`Could not load the leaderboard: ${s.error}`, iw))]
    const empty =
      s.totals.length === 0
        ? "No bots yet. Add one in the Bot Manager (Ctrl+B / F6): n for a new bot, i to import a provider's models."
        : "No bot matches the filter (Esc clears it)."
    return [head, ...listLines(s.rows.length, s.cursor, iw, ih - 1, s.focus === "table", (i, lw) => row(cols, widths, cells(s, s.rows[i]!, full, spreads), lw), empty)]
  }, s.focus === "table")
  return [top, ...table]
}
