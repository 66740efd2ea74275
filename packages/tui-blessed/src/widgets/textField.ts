/**
 * A text field's model: value and cursor (an index into the value's code units, always on a
 * character boundary). Pure: every edit returns a new field.
 */
export interface TextField {
  readonly value: string
  readonly cursor: number
  readonly multiline: boolean
}

export const textField = (value = "", multiline = false): TextField => ({ value, cursor: value.length, multiline })

export const setText = (f: TextField, value: string): TextField => ({ ...f, value, cursor: value.length })

const prevBoundary = (s: string, i: number): number => {
  if (i <= 0) return 0
  const c = s.charCodeAt(i - 1)
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1
}
const nextBoundary = (s: string, i: number): number => {
  if (i >= s.length) return s.length
  const c = s.charCodeAt(i)
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? i + 2 : i + 1
}

export const insert = (f: TextField, text: string): TextField => {
  const clean = (f.multiline ? text.replace(/\r\n?/g, "\n") : text.replace(/[\r\n]+/g, " "))
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
  if (clean === "") return f
  return { ...f, value: f.value.slice(0, f.cursor) + clean + f.value.slice(f.cursor), cursor: f.cursor + clean.length }
}

/** The longest line a one-line field takes from a paste. */
export const ONE_LINE_MAX = 4096

/**
 * A paste into a field. A multi-line field takes it all; a one-line field takes the first line that
 * is not blank and says so, and refuses (unchanged) a line longer than ONE_LINE_MAX. `note` says
 * what happened when the field did not take the paste as it was.
 */
export const pasteText = (f: TextField, text: string): { readonly field: TextField; readonly note?: string } => {
  if (f.multiline) return { field: insert(f, text) }
  const lines = text.split(/\r\n?|\n/)
  const first = lines.find((l) => l.trim() !== "") ?? ""
  if (first.length > ONE_LINE_MAX)
    return { field: f, note: `Not pasted: a line of ${first.length.toLocaleString("en-US")} characters (at most ${ONE_LINE_MAX.toLocaleString("en-US")})` }
  const field = insert(f, lines.length > 1 ? first.trim() : first)
  const count = lines.filter((l) => l.trim() !== "").length
  return count > 1 ? { field, note: `Kept the first of ${count.toLocaleString("en-US")} pasted lines (one-line field)` } : { field }
}

const lineStart = (s: string, i: number) => s.lastIndexOf("\n", i - 1) + 1
const lineEnd = (s: string, i: number) => {
  const n = s.indexOf("\n", i)
  return n < 0 ? s.length : n
}

/** Moves the cursor one line up or down in a multi-line field; undefined at the first/last line. */
const verticalMove = (f: TextField, dir: -1 | 1): TextField | undefined => {
  const s = f.value
  const start = lineStart(s, f.cursor)
  const column = f.cursor - start
  if (dir < 0) {
    if (start === 0) return undefined
    const prevStart = lineStart(s, start - 1)
    return { ...f, cursor: Math.min(prevStart + column, start - 1) }
  }
  const end = lineEnd(s, f.cursor)
  if (end >= s.length) return undefined
  const nextStart = end + 1
  return { ...f, cursor: Math.min(nextStart + column, lineEnd(s, nextStart)) }
}

/** A key as the text field sees it: blessed's `key.full` and the character typed. */
export interface TypedKey {
  readonly full: string
  readonly ch?: string | undefined
}

/** Whether a key types text: a printable character without Ctrl/Alt. */
export const isPrintable = (key: TypedKey): boolean =>
  key.ch !== undefined && key.ch.length > 0 && !/^[\x00-\x1f\x7f]/.test(key.ch) && !key.full.startsWith("C-") && !key.full.startsWith("M-")

/**
 * Applies an editing key. Returns undefined when the key is not an editing key for this field
 * (so that the dispatcher can try the bindings): Up/Down leave a single-line field, and leave a
 * multi-line field from its first/last line.
 */
export const edit = (f: TextField, key: TypedKey): TextField | undefined => {
  if (isPrintable(key)) return insert(f, key.ch!)
  switch (key.full) {
    case "space":
      return insert(f, " ")
    case "backspace": {
      if (f.cursor === 0) return f
      const p = prevBoundary(f.value, f.cursor)
      return { ...f, value: f.value.slice(0, p) + f.value.slice(f.cursor), cursor: p }
    }
    case "delete": {
      if (f.cursor >= f.value.length) return f
      const n = nextBoundary(f.value, f.cursor)
      return { ...f, value: f.value.slice(0, f.cursor) + f.value.slice(n) }
    }
    case "left":
      return { ...f, cursor: prevBoundary(f.value, f.cursor) }
    case "right":
      return { ...f, cursor: nextBoundary(f.value, f.cursor) }
    case "home":
      return { ...f, cursor: f.multiline ? lineStart(f.value, f.cursor) : 0 }
    case "end":
      return { ...f, cursor: f.multiline ? lineEnd(f.value, f.cursor) : f.value.length }
    case "C-u":
      return { ...f, value: f.value.slice(f.cursor), cursor: 0 }
    case "C-k":
      return { ...f, value: f.value.slice(0, f.cursor) }
    case "C-w": {
      const before = f.value.slice(0, f.cursor).replace(/\S+\s*$/, "")
      return { ...f, value: before + f.value.slice(f.cursor), cursor: before.length }
    }
    case "enter":
    case "linefeed":
      return f.multiline ? insert(f, "\n") : undefined
    case "up":
      return f.multiline ? verticalMove(f, -1) : undefined
    case "down":
      return f.multiline ? verticalMove(f, 1) : undefined
    default:
      return undefined
  }
}

/** The editing keys, for the help and the docs. */
export const EDITING_KEYS: ReadonlyArray<readonly [string, string]> = [
  ["←/→, Home/End", "move the cursor"],
  ["Backspace/Delete", "delete a character"],
  ["Ctrl+U / Ctrl+K", "delete to the start / end of the line"],
  ["Ctrl+W", "delete the word before the cursor"],
  ["Enter", "new line (in multi-line fields)"]
]
