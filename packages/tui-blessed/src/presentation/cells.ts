import blessed from "blessed"
import { cellWidth, cellsOf, displayable } from "@llp/core"

/**
 * Cells as terminals count them (see @llp/core cells.ts, with what was measured in tmux), and what
 * blessed must be told so that its idea of the screen matches the terminal's: blessed 0.1.81 counts
 * every emoji as one cell, so each one shifted the rest of its line by a cell and left stray
 * characters and missing borders behind.
 */
export { displayable }
export const charWidth = cellWidth
export const width = cellsOf

type BlessedUnicode = {
  charWidth: (s: string | number, i?: number) => number
  codePointAt: (s: string, i: number) => number
  combining: Record<number, boolean>
  chars: { all: unknown }
}

let taught = false
/**
 * Makes blessed count cells as `charWidth` does: its width function, its list of combining marks
 * (which it draws in the cell before) and its search for wide characters (after which it leaves a
 * cell empty). Idempotent.
 */
export const teachBlessed = (): void => {
  if (taught) return
  taught = true
  const unicode = (blessed as unknown as { unicode: BlessedUnicode }).unicode
  const tabWidth = unicode.charWidth.bind(unicode)
  unicode.charWidth = (s, i) => {
    const cp = typeof s === "number" ? s : unicode.codePointAt(s, i ?? 0)
    return cp === 0x09 ? tabWidth(cp) : cellWidth(cp)
  }
  unicode.combining = new Proxy(unicode.combining, {
    get: (target, prop) => {
      const cp = typeof prop === "string" ? Number(prop) : Number.NaN
      if (!Number.isInteger(cp)) return Reflect.get(target, prop)
      return cp >= 0x300 && cellWidth(cp) === 0 ? true : undefined
    }
  })
  // blessed calls content.replace(chars.all, "$1\x03") (or "??" without fullUnicode): a replacer
  // object lets that use cellWidth instead of blessed's own table.
  unicode.chars.all = {
    [Symbol.replace]: (text: string, replacement: string) => {
      let out = ""
      for (const c of text) out += cellWidth(c.codePointAt(0)!) === 2 ? replacement.replace("$1", c) : c
      return out
    }
  }
}
