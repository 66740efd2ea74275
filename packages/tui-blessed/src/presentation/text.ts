import { inert, inertLine } from "@llp/core"
import { charWidth, displayable, width } from "./cells.js"

/**
 * Text as it goes on screen. Everything shown comes through here: model output and user data are
 * made inert (escape sequences and control characters gone) and blessed tags are escaped, so no text
 * can move the cursor, change colours or open a tag.
 */

export { width } from "./cells.js"

/** `{` and `}` start blessed tags: escape them the way blessed.escape does. */
export const escapeTags = (text: string): string => text.replace(/[{}]/g, (c) => (c === "{" ? "{open}" : "{close}"))

/** One line of untrusted text, ready for a tagged box: inert, tags escaped. */
export const safe = (text: string): string => escapeTags(displayable(inertLine(text)))

/** Splits into characters (code points, keeping combining marks with their base). */
const chars = (text: string): Array<string> => {
  const out: Array<string> = []
  for (const c of text) {
    if (out.length > 0 && width(c) === 0) out[out.length - 1] += c
    else out.push(c)
  }
  return out
}

/**
 * Cuts text to at most `w` cells, ending with … when cut. Walks only as far as the cut, so a huge
 * text (a pasted megabyte) costs no more than a short one.
 */
export const truncate = (text: string, w: number): string => {
  if (w <= 0) return ""
  let used = 0
  let fitsBefore = -1 // end of the text that leaves room for the …
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!
    const n = cp > 0xffff ? 2 : 1
    const cw = charWidth(cp)
    if (used + cw > w - 1 && fitsBefore < 0) fitsBefore = i
    used += cw
    // a mark of width 0 never sets the cut, so it stays with its base
    if (used > w) return text.slice(0, fitsBefore) + "…"
    i += n
  }
  return text
}

/**
 * Cuts text to at most `w` cells with … in the middle, keeping its start and its end: names that
 * differ late ("Qwen2.5 7B Instruct q4" and "… q8") stay apart.
 */
export const truncateMiddle = (text: string, w: number): string => {
  if (w <= 0) return ""
  if (width(text) <= w) return text
  if (w < 5) return truncate(text, w)
  const cs = chars(text)
  const tailW = Math.floor((w - 1) / 2)
  let tail = ""
  let used = 0
  for (let i = cs.length - 1; i >= 0; i--) {
    const cw = width(cs[i]!)
    if (used + cw > tailW) break
    tail = cs[i]! + tail
    used += cw
  }
  return truncate(text, w - used).slice(0, -1) + "…" + tail
}

/** Exactly `w` cells: truncated or padded with spaces. */
export const fit = (text: string, w: number, align: "left" | "right" | "center" = "left", cut: "end" | "middle" = "end"): string => {
  const t = cut === "middle" ? truncateMiddle(text, w) : truncate(text, w)
  const gap = Math.max(0, w - width(t))
  if (align === "right") return " ".repeat(gap) + t
  if (align === "center") return " ".repeat(Math.floor(gap / 2)) + t + " ".repeat(gap - Math.floor(gap / 2))
  return t + " ".repeat(gap)
}

/** A cell of untrusted text: inert, fitted to `w` cells, tags escaped. */
export const cell = (text: string, w: number, align: "left" | "right" | "center" = "left", cut: "end" | "middle" = "end"): string =>
  escapeTags(fit(displayable(inertLine(text)), w, align, cut))

/**
 * Untrusted multi-line text as display lines of at most `w` cells: inert, tabs expanded,
 * long lines broken at a space where one is near, else hard. Tags are NOT escaped (the lines are
 * measured); escape each line when you put it on screen.
 */
export const wrap = (text: string, w: number): Array<string> => {
  const out: Array<string> = []
  if (w <= 0) return out
  for (const raw of displayable(inert(text)).replace(/\t/g, "    ").split("\n")) {
    if (width(raw) <= w) {
      out.push(raw)
      continue
    }
    let line = ""
    let used = 0
    let lastSpace = -1
    for (const c of chars(raw)) {
      const cw = width(c)
      if (used + cw > w) {
        if (lastSpace > 0 && lastSpace > line.length - 20) {
          out.push(line.slice(0, lastSpace + 1).trimEnd())
          line = line.slice(lastSpace + 1)
        } else {
          out.push(line)
          line = ""
        }
        used = width(line)
        lastSpace = -1
      }
      line += c
      used += cw
      if (c === " ") lastSpace = line.length - 1
    }
    out.push(line)
  }
  return out
}

/** Blessed style tags around text that is already safe. */
export const tag = (name: string, safeText: string): string => (safeText === "" ? "" : `{${name}}${safeText}{/${name}}`)
export const bold = (s: string) => tag("bold", s)
export const dim = (s: string) => tag("gray-fg", s)
export const inverse = (s: string) => tag("inverse", s)
export const color = (c: "red" | "green" | "yellow" | "cyan" | "magenta" | "blue" | "gray", s: string) => tag(`${c}-fg`, s)

/**
 * Wrapping for text that only grows (a streaming answer): the lines of the text up to its last
 * newline are kept, so each frame wraps only what is new. Falls back to a full wrap when the text
 * or the width changed otherwise.
 */
export const wrapCache = () => {
  let cached = { width: -1, prefix: "", lines: [] as Array<string> }
  return (text: string, w: number): Array<string> => {
    const cut = text.lastIndexOf("\n") + 1
    const prefix = text.slice(0, cut)
    if (cached.width !== w || !prefix.startsWith(cached.prefix)) cached = { width: w, prefix: "", lines: [] }
    if (prefix.length > cached.prefix.length) {
      const added = prefix.slice(cached.prefix.length, -1)
      cached = { width: w, prefix, lines: [...cached.lines, ...wrap(added, w)] }
    }
    return [...cached.lines, ...wrap(text.slice(cut), w)]
  }
}
