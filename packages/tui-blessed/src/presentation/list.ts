import { clampCursor, type ListCursor } from "../widgets/listCursor.js"
import { blank, selectedLine } from "./layout.js"
import { cell, color } from "./text.js"

/**
 * The visible window of a list: only rows top … top+h are formatted, whatever the length.
 * `line(i, w)` returns row i as tagged text exactly w cells wide.
 */
export const listLines = (
  count: number,
  cursor: ListCursor,
  w: number,
  h: number,
  active: boolean,
  line: (index: number, w: number) => string,
  empty = "(nothing here)"
): Array<string> => {
  if (h <= 0) return []
  if (count === 0) return [color("gray", cell(empty, w)), ...Array.from({ length: h - 1 }, () => blank(w))]
  const c = clampCursor(cursor, count, h)
  const out: Array<string> = []
  for (let i = c.top; i < Math.min(count, c.top + h); i++) {
    const l = line(i, w)
    out.push(i === c.selected ? selectedLine(l, active) : l)
  }
  while (out.length < h) out.push(blank(w))
  return out
}

/** "12/10000" for a frame title. */
export const position = (cursor: ListCursor, count: number): string => (count === 0 ? "0" : `${Math.min(count, cursor.selected + 1)}/${count}`)
