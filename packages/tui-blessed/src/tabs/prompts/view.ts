import type { TabSize } from "../../app/types.js"
import { formLines } from "../../presentation/form.js"
import { frame, hjoin, inputLine, split } from "../../presentation/layout.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit, wrap } from "../../presentation/text.js"
import * as S from "./state.js"

export const view = (s: S.State, size: TabSize, heights: { list: number }): Array<string> => {
  const { width: w, height: h } = size
  if (s.mode !== "list") {
    const what = s.mode === "category" ? "category" : "prompt"
    const title = s.editing === null ? `New ${what}` : s.editing.kind === "category" ? `Edit category ${s.editing.key}` : `Edit prompt #${s.editing.id} (marks it edited)`
    return frame(`${title} — Ctrl+S saves, Esc cancels`, w, h, (iw, ih) => formLines(s.form, iw, ih, { active: true }), true)
  }
  const searching = s.focus === "search"
  const label = " Search: "
  const iw0 = Math.min(40, w - 30)
  const search =
    (searching ? bold(escapeTags(label)) : escapeTags(label)) +
    (searching ? inputLine(s.query.value, s.query.cursor, iw0, true) : `{underline}${inputLine(s.query.value, s.query.cursor, iw0, false, "/ to search")}{/underline}`) +
    color("gray", escapeTags(fit("  full text: titles, text, rubrics", Math.max(0, w - label.length - iw0))))
  if (!s.loaded) return [search, color("gray", cell("Loading…", w))]
  if (s.error !== null) return [search, color("red", cell(s.error, w))]
  const [cw, pw] = split(w, [30, 70], 20) as [number, number]
  const bodyH = h - 1
  const cats = frame(`Categories ${position(s.catCursor, s.categories.length)}`, cw, bodyH, (iw, ih) => {
    heights.list = ih
    return listLines(s.categories.length, s.catCursor, iw, ih, s.focus === "categories", (i, lw) => {
      const c = s.categories[i]!
      const n = s.prompts.filter((p) => p.category === c.key)
      const info = `${n.length}p ${n.reduce((a, p) => a + p.points, 0)}`
      return cell(c.title, lw - info.length - 1) + " " + color("gray", escapeTags(info))
    }, "No categories: c creates one")
  }, s.focus === "categories")
  const list = S.visiblePrompts(s)
  const listH = Math.max(4, Math.floor(bodyH * 0.6))
  const title = s.hits !== null ? `Prompts matching "${s.shownQuery}" — ${list.length}` : `Prompts of ${S.selectedCategory(s)?.title ?? "–"} ${position(s.promptCursor, list.length)}`
  const prompts = frame(title, pw, listH, (iw, ih) =>
    listLines(list.length, s.promptCursor, iw, ih, s.focus === "prompts", (i, lw) => {
      const { prompt: p, snippet } = list[i]!
      const mark = p.edited ? color("yellow", "✎") : " "
      const pts = `${p.points}`
      const name = s.hits !== null ? `${p.category}: ${p.title} — ${snippet}` : p.title
      return mark + " " + cell(name, lw - pts.length - 3) + " " + escapeTags(pts)
    }, s.hits !== null ? "No prompt matches (Esc clears the search)" : "No prompts here: n creates one"),
  s.focus === "prompts")
  const p = S.selectedPrompt(s)
  const details = frame(p ? `#${p.id} ${p.category}/${p.slug}${p.edited ? " — edited" : ""}` : "Prompt", pw, bodyH - listH, (iw, ih) => {
    if (!p) return []
    const head = cell(`${p.points} points · temperature ${p.temperature ?? "of the category"} · system prompt ${p.useSystemPrompt ? "yes" : "no"} · ${p.rubric.length} rubric lines${p.group ? ` · group ${p.group}` : ""}`, iw)
    return [color("gray", head), ...wrap(p.text, iw).slice(0, ih - 1).map((l) => cell(l, iw))]
  })
  const right = [...prompts, ...details]
  return [search, ...hjoin({ w: cw, lines: cats }, { w: pw, lines: right })]
}
