/**
 * Terminal input before blessed sees it. Pure: bytes in, events out.
 *
 * - Extended keys: with xterm's modifyOtherKeys a terminal sends Ctrl+I as `CSI 27;5;105~`, and
 *   with the kitty keyboard protocol as `CSI 105;5u`, so it can be told apart from Tab. Ctrl+I
 *   becomes a key event of its own; every other extended key is turned back into the legacy bytes
 *   blessed understands (kitty also sends Ctrl+letters and Esc this way).
 * - Bracketed paste: text between `CSI 200~` and `CSI 201~` becomes one paste event, so pasted text
 *   is never taken for keys.
 */
export type InputEvent =
  | { readonly type: "data"; readonly data: string }
  | { readonly type: "key"; readonly full: string }
  | { readonly type: "paste"; readonly text: string }

/** Turns on what the decoder understands; sent when the screen opens. */
export const ENABLE_SEQUENCES = "\x1b[>4;1m" + "\x1b[>1u" + "\x1b[?2004h"
/** Puts the terminal back; sent on every exit path. */
export const DISABLE_SEQUENCES = "\x1b[?2004l" + "\x1b[<u" + "\x1b[>4m"

const PASTE_START = "\x1b[200~"
const PASTE_END = "\x1b[201~"
const MAX_PASTE = 4 * 1024 * 1024

// CSI 27 ; mod ; code ~   |   CSI code[:alt...] [; mod[:event]] [; text] u
// eslint-disable-next-line no-control-regex
const EXTENDED = /\x1b\[27;(\d+);(\d+)~|\x1b\[(\d+)(?::\d*)*(?:;(\d*)(?::\d+)?)?(?:;[\d:]*)?u/g
// A sequence cut at the end of a chunk: keep it for the next one.
// eslint-disable-next-line no-control-regex
const PARTIAL = /\x1b(?:\[[\d;:]*)?$/

/** The legacy bytes of a key given as (unicode code, modifier parameter), or a key event for Ctrl+I. */
export const translateKey = (code: number, modifier: number): InputEvent | null => {
  const m = Math.max(0, (Number.isFinite(modifier) ? modifier : 1) - 1)
  const shift = (m & 1) !== 0
  const alt = (m & 2) !== 0
  const ctrl = (m & 4) !== 0
  if (ctrl && !alt && (code === 105 || code === 73)) return { type: "key", full: shift ? "C-S-i" : "C-i" }
  if (code >= 57344 && code <= 63743) return null // kitty's functional keys in the private use area: not used
  let s: string
  switch (code) {
    case 27:
      s = "\x1b"
      break
    case 13:
      s = "\r"
      break
    case 9:
      s = shift ? "\x1b[Z" : "\t"
      break
    case 127:
    case 8:
      s = "\x7f"
      break
    default: {
      if (code < 32 || code > 0x10ffff) return null
      let c = String.fromCodePoint(code)
      if (shift && /^[a-z]$/.test(c)) c = c.toUpperCase()
      if (ctrl) {
        const lower = c.toLowerCase()
        if (/^[a-z]$/.test(lower)) c = String.fromCharCode(lower.charCodeAt(0) - 96)
        else if (c === " " || c === "@" || c === "2") c = "\x00"
        else if (c === "[") c = "\x1b"
        else if (c === "\\") c = "\x1c"
        else if (c === "]") c = "\x1d"
        else if (c === "^") c = "\x1e"
        else if (c === "_" || c === "-") c = "\x1f"
        else if (c === "?") c = "\x7f"
      }
      s = c
    }
  }
  return { type: "data", data: alt ? `\x1b${s}` : s }
}

const translateAll = (text: string, out: Array<InputEvent>) => {
  let last = 0
  const push = (data: string) => {
    if (data === "") return
    const prev = out[out.length - 1]
    if (prev?.type === "data") out[out.length - 1] = { type: "data", data: prev.data + data }
    else out.push({ type: "data", data })
  }
  for (const m of text.matchAll(EXTENDED)) {
    push(text.slice(last, m.index))
    last = m.index + m[0].length
    const ev = m[1] !== undefined ? translateKey(Number(m[2]), Number(m[1])) : translateKey(Number(m[3]), m[4] ? Number(m[4]) : 1)
    if (ev?.type === "data") push(ev.data)
    else if (ev) out.push(ev)
  }
  push(text.slice(last))
}

export interface KeyDecoder {
  /** Decodes a chunk; a sequence cut at its end waits for the next chunk (or `flush`). */
  readonly feed: (chunk: string) => ReadonlyArray<InputEvent>
  /** Whatever is held back, as it is (a lone Esc stays Esc). */
  readonly flush: () => ReadonlyArray<InputEvent>
  readonly pending: () => boolean
}

export const keyDecoder = (): KeyDecoder => {
  let held = ""
  let paste: string | null = null
  const feed = (chunk: string): ReadonlyArray<InputEvent> => {
    const out: Array<InputEvent> = []
    let text = held + chunk
    held = ""
    while (text !== "") {
      if (paste !== null) {
        const end = text.indexOf(PASTE_END)
        if (end < 0) {
          // keep a possible partial end marker
          const keep = partialSuffix(text, PASTE_END)
          paste += text.slice(0, text.length - keep)
          held = text.slice(text.length - keep)
          if (paste.length > MAX_PASTE) paste = paste.slice(0, MAX_PASTE)
          return out
        }
        out.push({ type: "paste", text: (paste + text.slice(0, end)).slice(0, MAX_PASTE) })
        paste = null
        text = text.slice(end + PASTE_END.length)
        continue
      }
      const start = text.indexOf(PASTE_START)
      const before = start < 0 ? text : text.slice(0, start)
      const cut = start < 0 ? (before.match(PARTIAL)?.[0] ?? "") : ""
      translateAll(before.slice(0, before.length - cut.length), out)
      // A lone ESC at the end is the Esc key, not the start of a sequence: let it through.
      if (cut === "\x1b") translateAll(cut, out)
      else held = cut
      if (start < 0) return out
      paste = ""
      text = text.slice(start + PASTE_START.length)
    }
    return out
  }
  const flush = (): ReadonlyArray<InputEvent> => {
    const out: Array<InputEvent> = []
    if (paste !== null) {
      out.push({ type: "paste", text: paste + held })
      paste = null
    } else if (held !== "") translateAll(held, out)
    held = ""
    return out
  }
  return { feed, flush, pending: () => held !== "" || paste !== null }
}

/** How many characters at the end of `text` could be the start of `marker`. */
const partialSuffix = (text: string, marker: string): number => {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) if (marker.startsWith(text.slice(text.length - n))) return n
  return 0
}
