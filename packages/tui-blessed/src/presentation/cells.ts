import blessed from "blessed"

/**
 * How many terminal cells a character takes, as terminals count them (wcwidth with current Unicode
 * data), and what blessed must be told so that its idea of the screen matches the terminal's.
 *
 * Measured in tmux 3.3a (TERM=tmux-256color, cursor position reports): 🦙 👋 🤖 and CJK take 2
 * cells, é and e + U+0301 one, ❤️ (U+2764 U+FE0F) one, 👋🏽 four (the skin tone is a second wide
 * character), 👨‍👩‍👧 two (tmux joins ZWJ sequences; xterm shows six, kitty two). blessed 0.1.81 counts
 * every emoji as one cell, so each one shifted the rest of its line by a cell and left stray
 * characters and missing borders.
 *
 * Where terminals disagree (ZWJ joins, variation selectors, skin tones, tag sequences), the
 * joining characters are left out of what is drawn: 👨‍👩‍👧 shows as 👨👩👧, the same six cells
 * everywhere, and ❤️ as ❤ in one cell. The text itself (in the store, the files, the CLI) keeps them.
 */

type BlessedUnicode = {
  charWidth: (s: string | number, i?: number) => number
  strWidth: (s: string) => number
  codePointAt: (s: string, i: number) => number
  combining: Record<number, boolean>
  chars: { all: unknown }
}
const unicode = (blessed as unknown as { unicode: BlessedUnicode }).unicode
const blessedWidth = unicode.charWidth.bind(unicode)
const blessedCombining = unicode.combining

// ZWJ, variation selectors, emoji skin tones, tag characters: joiners whose effect differs by terminal.
// eslint-disable-next-line no-misleading-character-class
const JOINERS = /[\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/gu
const EMOJI_WIDE = /^\p{Emoji_Presentation}$/u
const MARK = /^[\p{Mn}\p{Me}]$/u

const HAS_JOINER = new RegExp(JOINERS.source, "u")

/** Text as it is drawn: without the joiners terminals disagree on. */
export const displayable = (text: string): string => (HAS_JOINER.test(text) ? text.replace(JOINERS, "") : text)

const isJoiner = (cp: number) =>
  cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f)

const cache = new Map<number, 0 | 1 | 2>()

/** Cells of one code point: 0 for controls, combining marks and joiners, 2 for wide ones. */
export const charWidth = (cp: number): 0 | 1 | 2 => {
  if (cp < 0x300) return cp < 32 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1
  const known = cache.get(cp)
  if (known !== undefined) return known
  const c = String.fromCodePoint(cp)
  const base = blessedWidth(cp)
  const w: 0 | 1 | 2 = base === 2 || EMOJI_WIDE.test(c) ? 2 : base === 0 || isJoiner(cp) || MARK.test(c) ? 0 : 1
  cache.set(cp, w)
  return w
}

/** Display width in terminal cells. */
export const width = (text: string): number => {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x20 && c < 0x7f) {
      n++
      continue
    }
    const cp = text.codePointAt(i)!
    if (cp > 0xffff) i++
    n += charWidth(cp)
  }
  return n
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
  unicode.charWidth = (s, i) => {
    const cp = typeof s === "number" ? s : unicode.codePointAt(s, i ?? 0)
    return cp === 0x09 ? blessedWidth(cp) : charWidth(cp)
  }
  unicode.combining = new Proxy(blessedCombining, {
    get: (target, prop) => {
      if (typeof prop !== "string") return Reflect.get(target, prop)
      const cp = Number(prop)
      if (!Number.isInteger(cp)) return Reflect.get(target, prop)
      // not through charWidth: blessed's own width function reads this table
      return target[cp] === true || (cp >= 0x300 && (isJoiner(cp) || MARK.test(String.fromCodePoint(cp)))) ? true : undefined
    }
  })
  // blessed calls content.replace(chars.all, "$1\x03") (or "??" without fullUnicode): a replacer
  // object lets that use charWidth instead of blessed's own table.
  unicode.chars.all = {
    [Symbol.replace]: (text: string, replacement: string) => {
      let out = ""
      for (const c of text) out += charWidth(c.codePointAt(0)!) === 2 ? replacement.replace("$1", c) : c
      return out
    }
  }
}
