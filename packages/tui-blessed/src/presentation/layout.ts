import { displayable } from "./cells.js"
import { cell, color, escapeTags, fit, inverse, width } from "./text.js"

/**
 * Layout of a tab's body as lines of tagged text. Every block is a list of lines that are exactly
 * its width in cells, so blocks can be framed and put side by side.
 */
export type Block = ReadonlyArray<string>

export const blank = (w: number): string => " ".repeat(Math.max(0, w))

/** Pads or cuts a block to `h` lines of width `w` (lines must already be `w` wide). */
export const sized = (lines: Block, w: number, h: number): Array<string> => {
  const out = lines.slice(0, Math.max(0, h))
  while (out.length < h) out.push(blank(w))
  return out
}

/** A border around a block; the title goes in the top border; a focused frame is drawn in cyan. */
export const frame = (title: string, w: number, h: number, body: (innerW: number, innerH: number) => Block, focused = false): Array<string> => {
  if (w < 2 || h < 2) return sized([], Math.max(0, w), Math.max(0, h))
  const iw = w - 2
  const ih = h - 2
  const t = title === "" ? "" : ` ${title} `
  const tw = Math.min(width(t), Math.max(0, iw - 1))
  const top = "┌" + (tw > 0 ? "─" + cell(t, tw) : "") + "─".repeat(Math.max(0, iw - (tw > 0 ? tw + 1 : 0))) + "┐"
  const paint = (s: string) => (focused ? color("cyan", s) : s)
  const lines = [paint(top.slice(0, 1)) + (focused ? "{cyan-fg}{bold}" : "") + top.slice(1, -1) + (focused ? "{/bold}{/cyan-fg}" : "") + paint(top.slice(-1))]
  for (const l of sized(body(iw, ih), iw, ih)) lines.push(paint("│") + l + paint("│"))
  lines.push(paint("└" + "─".repeat(iw) + "┘"))
  return lines
}

/** Blocks side by side; each block has its own width. */
export const hjoin = (...blocks: ReadonlyArray<{ readonly w: number; readonly lines: Block }>): Array<string> => {
  const h = Math.max(0, ...blocks.map((b) => b.lines.length))
  const out: Array<string> = []
  for (let i = 0; i < h; i++) out.push(blocks.map((b) => b.lines[i] ?? blank(b.w)).join(""))
  return out
}

/** Splits `total` cells into parts proportional to `weights`, each at least `min`. */
export const split = (total: number, weights: ReadonlyArray<number>, min = 1): Array<number> => {
  const sum = weights.reduce((a, b) => a + b, 0)
  const parts = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)))
  let rest = total - parts.reduce((a, b) => a + b, 0)
  for (let i = parts.length - 1; rest !== 0 && i >= 0; i--) {
    const d = rest > 0 ? rest : Math.max(rest, min - parts[i]!)
    parts[i]! += d
    rest -= d
  }
  return parts
}

export interface Column {
  readonly title: string
  readonly min: number
  /** Takes the width left over; several flexible columns share it. */
  readonly flex?: boolean
  readonly max?: number
  readonly align?: "left" | "right"
  /** Where a long text is cut: at its end (default) or in its middle (names that differ late). */
  readonly cut?: "end" | "middle"
  /** Which columns go first when the width is short: lower first; by default from the right. */
  readonly drop?: number
}

/** Widths for the columns in `total` cells (one space between columns); columns that do not fit get 0. */
export const columnWidths = (columns: ReadonlyArray<Column>, total: number): Array<number> => {
  const widths = columns.map((c) => c.min)
  const used = () => widths.reduce((a, b) => a + b, 0) + Math.max(0, widths.filter((w) => w > 0).length - 1)
  // drop columns until the rest fits, keeping the first two: by their `drop` rank, else from the right
  const order = columns
    .map((c, i) => ({ i, rank: c.drop ?? Number.POSITIVE_INFINITY }))
    .filter((x) => x.i >= 2)
    .sort((a, b) => a.rank - b.rank || b.i - a.i)
  for (const { i } of order) {
    if (used() <= total) break
    widths[i] = 0
  }
  let spare = total - used()
  const flex = columns.map((c, i) => (c.flex === true && widths[i]! > 0 ? i : -1)).filter((i) => i >= 0)
  if (spare > 0 && flex.length > 0) {
    for (const i of flex) {
      const share = Math.floor(spare / flex.length)
      const cap = columns[i]!.max
      const add = cap === undefined ? share : Math.min(share, Math.max(0, cap - widths[i]!))
      widths[i]! += add
    }
    spare = total - used()
  }
  return widths
}

/** A decimal number wider than its cell loses decimals rather than being cut: "298…" would read as a wrong value. */
const roundToFit = (text: string, w: number): string => {
  if (text.length <= w || !/^-?\d+\.\d+$/.test(text)) return text
  const n = Number(text)
  for (let d = text.length - text.indexOf(".") - 2; d >= 0; d--) {
    const t = n.toFixed(d)
    if (t.length <= w) return t
  }
  return text
}

/** One table row from raw (untrusted) cell texts. */
export const row = (columns: ReadonlyArray<Column>, widths: ReadonlyArray<number>, texts: ReadonlyArray<string>, total: number): string => {
  const parts: Array<string> = []
  columns.forEach((c, i) => {
    const w = widths[i]!
    if (w > 0) parts.push(cell(roundToFit(texts[i] ?? "", w), w, c.align ?? "left", c.cut ?? "end"))
  })
  const line = parts.join(" ")
  return line + blank(total - widths.reduce((a, b) => a + b, 0) - Math.max(0, parts.length - 1))
}

/** Marks a line as selected; `active` when its list has the focus. */
export const selectedLine = (line: string, active: boolean): string => (active ? inverse(line) : `{underline}${line}{/underline}`)

/** Text being edited, shown one character per character: controls become � (so the cursor index still fits). */
export const visible = (value: string): string =>
  // eslint-disable-next-line no-control-regex
  value.replace(/[\t\n\r]/g, " ").replace(/[\x00-\x1f\x7f-\x9f]/g, "\uFFFD")

/** A single-line input: value with a visible cursor when focused, fitted to `w`, scrolled to keep the cursor in view. */
export const inputLine = (value: string, cursor: number, w: number, focused: boolean, placeholder = ""): string => {
  if (w <= 0) return ""
  if (!focused) return value === "" ? color("gray", escapeTags(fit(placeholder, w))) : cell(visible(value), w)
  // the parts around the cursor, each as drawn (see cells.ts); a character of no width under the
  // cursor shows as a space
  const before = displayable(visible(value.slice(0, cursor)))
  const cp = value.codePointAt(cursor)
  const under = cp === undefined ? "" : String.fromCodePoint(cp)
  const shownUnder = displayable(visible(under))
  const at = width(shownUnder) === 0 ? " " : shownUnder
  const after = displayable(visible(value.slice(cursor + under.length)))
  // keep the cursor visible: the end of what is before it, as much as fits (walked back from the
  // cursor, so a long value costs no more than a short one)
  let start = before.length
  let used = 0
  while (start > 0) {
    const c = before.charCodeAt(start - 1)
    const n = c >= 0xdc00 && c <= 0xdfff && start >= 2 ? 2 : 1
    const cw = width(before.slice(start - n, start))
    if (used + cw > w - 2) break
    used += cw
    start -= n
  }
  const head = before.slice(start)
  const room = Math.max(0, w - width(head) - width(at))
  return cell(head, width(head)) + inverse(escapeTags(at === " " ? " " : fit(at, width(at)))) + cell(after, room)
}
