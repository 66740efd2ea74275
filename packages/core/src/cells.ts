/**
 * Terminal cells of text, as terminals count them (wcwidth with current Unicode data), for tables on
 * stdout and the TUI alike. Pure.
 *
 * Measured in tmux 3.3a (TERM=tmux-256color, cursor position reports): 🦙 👋 and CJK take 2 cells;
 * é (one or two code points) 1; ❤️ (U+2764 U+FE0F) 1; 👋🏽 4 (the skin tone is a wide character of
 * its own there); 👨‍👩‍👧 2 (tmux joins ZWJ sequences, xterm shows 6, kitty 2). Where terminals
 * disagree (ZWJ joins, variation selectors, skin tones, tag sequences) the joining characters are
 * left out of what is printed (`displayable`): 👨‍👩‍👧 prints as 👨👩👧, six cells everywhere.
 */

// ZWJ, variation selectors, emoji skin tones, tag characters.
// eslint-disable-next-line no-misleading-character-class
const JOINERS = /[\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/gu
const HAS_JOINER = new RegExp(JOINERS.source, "u")

/** Text as it is printed: without the joiners terminals disagree on (the stored text keeps them). */
export const displayable = (text: string): string => (HAS_JOINER.test(text) ? text.replace(JOINERS, "") : text)

const isJoiner = (cp: number): boolean =>
  cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f)

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F): Hangul Jamo, CJK radicals to
// Yi, Hangul syllables, compatibility ideographs, vertical and small forms, fullwidth forms, the
// enclosed ideographic supplement, and the supplementary ideographic planes.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f200, 0x1f2ff], [0x20000, 0x2fffd], [0x30000, 0x3fffd]
]
const EMOJI_WIDE = /^\p{Emoji_Presentation}$/u
const ZERO = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060-\u2064]$/u

const cache = new Map<number, 0 | 1 | 2>()

/** Cells of one code point: 0 for controls, combining marks and joiners, 2 for wide characters. */
export const cellWidth = (cp: number): 0 | 1 | 2 => {
  if (cp < 0x300) return cp < 32 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1
  const known = cache.get(cp)
  if (known !== undefined) return known
  const c = String.fromCodePoint(cp)
  const w: 0 | 1 | 2 = isJoiner(cp) || ZERO.test(c) ? 0 : WIDE.some(([a, b]) => cp >= a && cp <= b) || EMOJI_WIDE.test(c) ? 2 : 1
  cache.set(cp, w)
  return w
}

/** Cells of a text (joiners count 0: print `displayable(text)`). */
export const cellsOf = (text: string): number => {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x20 && c < 0x7f) {
      n++
      continue
    }
    const cp = text.codePointAt(i)!
    if (cp > 0xffff) i++
    n += cellWidth(cp)
  }
  return n
}
