import { frontier, frontierInputs, TOTAL, type Frontier } from "@llp/core"
import * as F from "../../presentation/format.js"
import { blank, frame, hjoin } from "../../presentation/layout.js"
import { scatter } from "../../presentation/scatter.js"
import { bold, cell, color, escapeTags, fit } from "../../presentation/text.js"
import type { TabSize } from "../../app/types.js"
import type { State } from "./state.js"

/** The frontier view's categories: the total first, then each category. */
export const frontierCategories = (s: Pick<State, "categories">): ReadonlyArray<{ readonly key: string; readonly title: string }> => [
  { key: TOTAL, title: "Total" },
  ...s.categories.map((c) => ({ key: c.key, title: c.title }))
]

/** Frontiers per category of a ranking: `ranked` is a new array whenever the rows change, so a frame reuses them. */
const computed = new WeakMap<State["ranked"], Map<string, Frontier>>()

/** The frontier of a category, worked out once per ranking and category, not on every frame. */
export const frontierOf = (s: Pick<State, "ranked">, key: string): Frontier => {
  let byKey = computed.get(s.ranked)
  if (byKey === undefined) computed.set(s.ranked, (byKey = new Map()))
  let f = byKey.get(key)
  if (f === undefined) byKey.set(key, (f = frontier(frontierInputs(s.ranked, key), "tps")))
  return f
}

const LEGEND = 38

/**
 * Points (up) against tok/s (across) for one category: frontier bots in red, the frontier's
 * staircase in grey, and beside it a legend of the frontier bots and the dominated ones with who
 * dominates them.
 */
export const frontierView = (s: State, size: TabSize, index: number): Array<string> => {
  const cats = frontierCategories(s)
  const cat = cats[((index % cats.length) + cats.length) % cats.length]!
  const f = frontierOf(s, cat.key)
  const placed = [...f.optimal, ...f.dominated]
  const top = cell(` ${cat.title} — points against tok/s   [ ] category (${cats.length})   f table `, size.width)
  const title = `Frontier — ${cat.title} — ${F.count(f.optimal.length, "bot")} on it, ${f.dominated.length} dominated`
  const body = frame(title, size.width, size.height - 1, (iw, ih) => {
    if (!s.loaded) return [color("gray", cell("Loading…", iw))]
    if (placed.length === 0) return [color("gray", cell("No bot has points and a speed here yet: score some runs (Ingressor) to see the frontier.", iw))]
    // the legend only where it has room for a name and its figures
    const legendW = Math.floor(iw / 3) >= 18 ? Math.min(LEGEND, Math.floor(iw / 3)) : 0
    const axisW = 6
    const plotW = Math.max(4, iw - legendW - axisW - (legendW > 0 ? 1 : 0))
    const plotH = Math.max(2, ih - 2)
    // scaled to the points there are (a tenth above the best), not to the most possible: bots far
    // below the maximum would all sit on the bottom line
    const yMax = Math.max(1, ...placed.map((e) => e.input.points)) * 1.1
    const xMax = Math.max(1, ...placed.map((e) => e.value)) * 1.05
    const stairs = [...f.optimal].sort((a, b) => b.value - a.value)
    const line = stairs.flatMap((e, i) => (i === 0 ? [{ x: e.value, y: e.input.points }] : [{ x: e.value, y: stairs[i - 1]!.input.points }, { x: e.value, y: e.input.points }]))
    const plot = scatter(
      placed.map((e) => ({ x: e.value, y: e.input.points, highlight: e.dominatedBy.length === 0 })),
      { width: plotW, height: plotH, xMax, yMax, line }
    )
    const yLabel = (r: number) => (r === 0 ? F.points(yMax) : r === plotH - 1 ? "0" : "")
    const left = plot.map((l, r) => `${escapeTags(fit(yLabel(r), axisW - 1, "right"))}│${l}`)
    left.push(`${blank(axisW - 1)}└${"─".repeat(plotW)}`)
    left.push(escapeTags(fit(`${blank(axisW)}0${fit(`tok/s ${F.tokensPerSecond(xMax)}`, plotW - 1, "right")}`, axisW + plotW)))
    const legend = [
      bold(cell("★ on the frontier", legendW)),
      ...f.optimal.map((e) => color("red", cell(`★ ${e.input.bot}`, legendW - 14)) + cell(`${F.points(e.input.points)} ${F.tokensPerSecond(e.value)}`, 14, "right")),
      cell("", legendW),
      bold(cell("dominated (by)", legendW)),
      ...f.dominated.map((e) => cell(`· ${e.input.bot} (${e.dominatedBy[0]!.bot}${e.dominatedBy.length > 1 ? ` +${e.dominatedBy.length - 1}` : ""})`, legendW)),
      ...(f.unknown.length > 0 ? [cell("", legendW), color("gray", cell(`no tok/s: ${f.unknown.map((u) => u.bot).join(", ")}`, legendW))] : [])
    ]
    const leftW = axisW + plotW
    if (legendW === 0) return left.map((l) => l + blank(iw - leftW))
    return hjoin({ w: leftW, lines: left }, { w: 1, lines: [] }, { w: legendW, lines: legend.slice(0, ih) })
  }, true)
  return [top, ...body]
}
