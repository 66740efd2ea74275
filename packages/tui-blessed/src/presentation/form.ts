import type { Form } from "../widgets/form.js"
import type { TextField } from "../widgets/textField.js"
import { charWidth } from "./cells.js"
import { blank, inputLine, visible } from "./layout.js"
import { bold, cell, color, escapeTags, fit, inverse, width } from "./text.js"

/** A multi-line field: its lines wrapped to `w`, scrolled so the cursor shows, the cursor drawn when focused. */
export const textAreaLines = (f: TextField, w: number, h: number, focused: boolean): Array<string> => {
  if (w <= 0 || h <= 0) return []
  // wrap by hand, keeping track of where the cursor lands
  const rows: Array<{ text: string; start: number }> = []
  let lineStart = 0
  const raw = f.value.split("\n")
  for (const line of raw) {
    const shown = visible(line)
    if (shown === "") rows.push({ text: "", start: lineStart })
    let i = 0
    while (i < shown.length) {
      let used = 0
      let j = i
      while (j < shown.length) {
        const cp = shown.codePointAt(j)!
        const cw = charWidth(cp)
        if (used + cw > w - 1) break
        used += cw
        j += cp > 0xffff ? 2 : 1
      }
      if (j === i) j = i + (shown.codePointAt(i)! > 0xffff ? 2 : 1) // a character wider than the row: alone, whole
      rows.push({ text: shown.slice(i, j), start: lineStart + i })
      i = j
    }
    lineStart += line.length + 1
  }
  // the row holding the cursor
  let cursorRow = rows.length - 1
  for (let r = 0; r < rows.length; r++) {
    const next = rows[r + 1]
    if (f.cursor >= rows[r]!.start && (next === undefined || f.cursor < next.start)) {
      cursorRow = r
      break
    }
  }
  const top = cursorRow >= h ? cursorRow - h + 1 : 0
  const out: Array<string> = []
  for (let r = top; r < Math.min(rows.length, top + h); r++) {
    const row = rows[r]!
    if (focused && r === cursorRow) out.push(inputLine(row.text, f.cursor - row.start, w, true))
    else out.push(cell(row.text, w))
  }
  while (out.length < h) out.push(blank(w))
  return out
}

export interface FormView {
  readonly title?: string
  /** Whether the form has the focus (draws the cursor and the focused label). */
  readonly active: boolean
}

/** A form as lines: label, value, and the field's message in red beside it (or below a multi-line field's label). */
export const formLines = (form: Form, w: number, h: number, view: FormView): Array<string> => {
  const labelW = Math.min(18, Math.max(8, ...form.fields.map((f) => width(f.label) + 2)))
  const valueW = Math.max(8, Math.min(44, Math.floor((w - labelW) * 0.5)))
  const msgW = Math.max(0, w - labelW - valueW - 1)
  // multi-line fields share the rows the form leaves empty, so a long text shows as much as the screen allows
  const fixed = form.fields.reduce((n, f) => n + 1 + (f.kind === "multiline" ? f.rows : 0), 0)
  const areaRows = form.fields.filter((f) => f.kind === "multiline").reduce((n, f) => n + (f.kind === "multiline" ? f.rows : 0), 0)
  const spare = Math.max(0, h - fixed)
  const rowsOf = (rows: number) => (areaRows === 0 ? rows : rows + Math.floor((spare * rows) / areaRows))
  const blocks: Array<Array<string>> = []
  form.fields.forEach((f, i) => {
    const focused = view.active && form.focus === i
    const labelText = fit(f.label, labelW)
    const label = focused ? bold(color("cyan", escapeTags(labelText))) : escapeTags(labelText)
    const error = form.errors[f.id]
    const hint = f.hint ?? ""
    const note = form.notes?.[f.id]
    const msg = error !== undefined ? color("red", cell(`✗ ${error}`, msgW)) : note !== undefined ? color("yellow", cell(note, msgW)) : color("gray", cell(hint, msgW))
    if (f.kind === "multiline") {
      const head = label + (error !== undefined ? color("red", cell(`✗ ${error}`, w - labelW)) : color("gray", cell(hint, w - labelW)))
      const area = textAreaLines(form.text[f.id]!, w - 2, rowsOf(f.rows), focused).map((l) => color("gray", "▏") + l + " ")
      blocks.push([head, ...area])
      return
    }
    let value: string
    if (f.kind === "choice") {
      const v = f.choices[form.choice[f.id] ?? 0] ?? ""
      const text = fit(`◀ ${v} ▶`, valueW)
      value = focused ? inverse(cell(text, valueW)) : cell(text, valueW)
    } else {
      const t = form.text[f.id]!
      value = focused ? inputLine(t.value, t.cursor, valueW, true) : `{underline}${cell(t.value, valueW)}{/underline}`
    }
    blocks.push([label + value + " " + msg])
  })
  // scroll so the focused field shows
  const starts: Array<number> = []
  let n = 0
  for (const b of blocks) {
    starts.push(n)
    n += b.length
  }
  const all = blocks.flat()
  const fStart = starts[form.focus] ?? 0
  const fEnd = fStart + (blocks[form.focus]?.length ?? 1)
  let top = 0
  if (fEnd > h) top = Math.min(fEnd - h, Math.max(0, all.length - h))
  if (fStart < top) top = fStart
  const out = all.slice(top, top + h)
  while (out.length < h) out.push(blank(w))
  return out
}
