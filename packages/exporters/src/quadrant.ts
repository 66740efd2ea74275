import { frontier, frontierInputs, TOTAL, type LeaderboardRow } from "@llp/core"
import { mermaidText } from "./mermaid.js"
import type { CategorySummary } from "./rows.js"

/** A point name: quoted, escaped as for the bar charts; a backtick first would open a Markdown string. */
const label = (text: string) => `"${mermaidText(text, 32).replace(/`/g, "#96;")}"`

/** Mermaid's quadrant grammar takes a coordinate as 1 or 0.digits, nothing else (not 1.0, not 1e-7). */
const coordinate = (v: number) => {
  const c = Math.min(1, Math.max(0, v))
  if (c >= 0.9995) return "1"
  return `0.${String(Math.round(c * 1000)).padStart(3, "0")}`
}

export interface QuadrantChart {
  readonly chart: string
  /** Bots on the frontier, most points first. */
  readonly frontier: ReadonlyArray<string>
  /** Bots with points but no tok/s, left off. */
  readonly unknown: ReadonlyArray<string>
}

/**
 * The frontier of one category (or the total) as a Mermaid quadrantChart: tok/s across (over the
 * fastest bot's), points up (over a tenth above the best bot's, at most the most possible). Null when no bot has points and a speed.
 */
export const frontierQuadrant = (rows: ReadonlyArray<LeaderboardRow>, category: string, title: string, maxPoints: number): QuadrantChart | null => {
  const f = frontier(frontierInputs(rows, category), "tps")
  const placed = [...f.optimal, ...f.dominated]
  if (placed.length === 0) return null
  const fastest = Math.max(...placed.map((e) => e.value), 1e-9)
  // up to a tenth above the best bot (capped at the most possible): bots far below it would crowd the bottom
  const top = Math.min(Math.max(maxPoints, 1e-9), Math.max(...placed.map((e) => e.input.points), 1e-9) * 1.1)
  const chart = [
    "quadrantChart",
    `  title ${label(`${title}: points against tok/s`)}`,
    "  x-axis Slower --> Faster",
    "  y-axis Fewer points --> More points",
    "  quadrant-1 Fast and strong",
    "  quadrant-2 Strong but slow",
    "  quadrant-3 Slow and weak",
    "  quadrant-4 Fast but weak",
    ...placed.map((e) => `  ${label(e.input.bot)}: [${coordinate(e.value / fastest)}, ${coordinate(e.input.points / top)}]`)
  ].join("\n")
  return { chart, frontier: f.optimal.map((e) => e.input.bot), unknown: f.unknown.map((u) => u.bot) }
}

/** The total's and every category's quadrant, where there is something to draw. */
export const frontierQuadrants = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>) =>
  [{ key: TOTAL, title: "Total", points: categories.reduce((s, c) => s + c.points, 0) }, ...categories.map((c) => ({ key: c.key, title: c.title, points: c.points }))].flatMap((c) => {
    const q = frontierQuadrant(rows, c.key, c.title, c.points)
    return q === null ? [] : [{ ...q, title: c.title }]
  })
