import { MAX_TOTAL } from "@llp/core"
import * as F from "../../presentation/format.js"
import { blank, columnWidths, frame, inputLine, row, type Column } from "../../presentation/layout.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit, width } from "../../presentation/text.js"
import type { TabSize } from "../../app/types.js"
import { sortKeys, type Row, type State } from "./state.js"

/** The table's columns: rank, bot, a column per category, the totals, and the model where there is room. */
export const columns = (s: State): ReadonlyArray<Column & { readonly sort?: string }> => [
  { title: "#", min: 3, align: "right" },
  { title: "Bot", min: 10, flex: true, max: 40, sort: "bot" },
  ...s.categories.map((c) => ({ title: c.title, min: 4, align: "right" as const, sort: `category:${c.key}` })),
  { title: "Total", min: 5, align: "right", sort: "total" },
  { title: "★", min: 3, align: "right", sort: "stars" },
  { title: "tok/s", min: 5, align: "right", sort: "speed" },
  { title: "TTFT", min: 5, align: "right", sort: "ttft" },
  { title: "Scored", min: 6, align: "right", sort: "scored" },
  { title: "Runs", min: 4, align: "right", sort: "runs" },
  ...(s.withJudge ? [{ title: "Judge", min: 5, align: "right" as const }] : []),
  { title: "Provider: model", min: 16, flex: true }
]

export const cells = (s: State, r: Row): ReadonlyArray<string> => [
  String(r.rank),
  r.bot,
  ...s.categories.map((c) => F.points(r.points[c.key] ?? 0)),
  F.points(r.total),
  F.stars(r.stars),
  F.tokensPerSecond(r.avgTokensPerSecond),
  F.seconds(r.avgTtftMs),
  `${r.scored}/${r.prompts}`,
  String(r.runs),
  ...(s.withJudge ? [r.judge === undefined ? F.DASH : F.points(r.judge.total)] : []),
  `${r.provider}: ${r.model}`
]

export const view = (s: State, size: TabSize): Array<string> => {
  const { width: w, height: h } = size
  const sortTitle = sortKeys(s.categories).find((k) => k.column === s.sort)?.title ?? s.sort
  const label = " Filter: "
  const right = ` sorted by ${sortTitle} ${s.reverse ? "▲" : "▼"}  ←/→ column  r reverse `
  const inputW = Math.max(10, Math.min(40, w - label.length - right.length))
  const top =
    (s.focus === "filter" ? bold(escapeTags(label)) : escapeTags(label)) +
    (s.focus === "filter" ? inputLine(s.filter.value, s.filter.cursor, inputW, true) : `{underline}${inputLine(s.filter.value, s.filter.cursor, inputW, false, "/ to filter")}{/underline}`) +
    color("gray", escapeTags(fit(right, Math.max(0, w - label.length - inputW))))
  const count = s.filter.value.trim() === "" ? `${s.rows.length} bots` : `${s.rows.length} of ${s.totals.length} bots`
  const judged = s.withJudge ? " — counting judge suggestions (w: off)" : ""
  const title = `Leaderboard — ${count} — total of ${MAX_TOTAL.toLocaleString("en")}${judged} — ${position(s.cursor, s.rows.length)}`
  const table = frame(title, w, h - 1, (iw, ih) => {
    const cols = columns(s)
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
    return [head, ...listLines(s.rows.length, s.cursor, iw, ih - 1, s.focus === "table", (i, lw) => row(cols, widths, cells(s, s.rows[i]!), lw), empty)]
  }, s.focus === "table")
  return [top, ...table]
}
