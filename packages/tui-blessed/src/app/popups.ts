import { chooserScope, confirmScope, helpScope, viewerScope } from "../keys/popups.js"
import type { Scope } from "../keys/types.js"
import type { HelpSection } from "../keys/help.js"
import { blank, frame } from "../presentation/layout.js"
import { listLines } from "../presentation/list.js"
import { bold, cell, color, escapeTags, fit, width, wrap } from "../presentation/text.js"
import { clampCursor, listCursor, moveCursor, navDelta, type ListCursor } from "../widgets/listCursor.js"

/** A popup takes every key while open; `action` returns true when it closes. */
export interface Popup {
  readonly scope: Scope
  readonly action: (id: string) => boolean
  /** The popup as lines for a screen of w × h, with its size. */
  readonly draw: (w: number, h: number) => { readonly width: number; readonly height: number; readonly lines: ReadonlyArray<string> }
}

/** Scrolls a text popup: a view of `lines` starting at `top`. */
const scroller = (count: () => number) => {
  let top = 0
  let page = 10
  return {
    top: () => top,
    setPage: (h: number) => {
      page = h
      top = Math.max(0, Math.min(top, count() - h))
    },
    move: (action: string) => {
      const d = navDelta(action, page, count())
      if (d === undefined) return false
      top = Math.max(0, Math.min(top + d, Math.max(0, count() - page)))
      return true
    }
  }
}

export const helpPopup = (title: string, sections: ReadonlyArray<HelpSection>): Popup => {
  let cache: { w: number; lines: Array<string> } | null = null
  const build = (w: number) => {
    if (cache && cache.w === w) return cache.lines
    const keyW = Math.min(30, Math.max(12, ...sections.flatMap((s) => s.rows.map((r) => width(r[0]) + 2))))
    const lines: Array<string> = []
    for (const s of sections) {
      lines.push(bold(color("cyan", cell(s.title, w))))
      for (const [k, d] of s.rows) {
        const wrapped = wrap(d, Math.max(10, w - keyW))
        wrapped.forEach((dl, i) => lines.push((i === 0 ? bold(escapeTags(fit(k, keyW))) : blank(keyW)) + escapeTags(fit(dl, w - keyW))))
      }
      lines.push(blank(w))
    }
    cache = { w, lines }
    return lines
  }
  const s = scroller(() => cache?.lines.length ?? 0)
  return {
    scope: helpScope,
    action: (id) => {
      if (id === "close") return true
      s.move(id)
      return false
    },
    draw: (sw, sh) => {
      const w = Math.min(sw, 100)
      const h = sh
      const lines = frame(`${title} — F1/? or Esc closes`, w, h, (iw, ih) => {
        const all = build(iw)
        s.setPage(ih)
        return all.slice(s.top(), s.top() + ih)
      }, true)
      return { width: w, height: h, lines }
    }
  }
}

export const viewerPopup = (title: string, text: string): Popup => {
  let cache: { w: number; lines: Array<string> } | null = null
  const build = (w: number) => {
    if (cache && cache.w === w) return cache.lines
    const lines = wrap(text === "" ? "(empty)" : text, w)
    cache = { w, lines }
    return lines
  }
  const s = scroller(() => cache?.lines.length ?? 0)
  return {
    scope: viewerScope,
    action: (id) => {
      if (id === "close") return true
      s.move(id)
      return false
    },
    draw: (sw, sh) => {
      const w = sw
      const h = sh
      const lines = frame(title, w, h, (iw, ih) => {
        const all = build(iw)
        s.setPage(ih)
        const view = all.slice(s.top(), s.top() + ih).map((l) => escapeTags(fit(l, iw)))
        if (all.length > ih) {
          const pos = ` ${s.top() + 1}–${Math.min(all.length, s.top() + ih)} of ${all.length} lines `
          view[view.length - 1] = escapeTags(fit(all[s.top() + ih - 1] ?? "", iw - width(pos))) + color("gray", escapeTags(pos))
        }
        return view
      }, true)
      return { width: w, height: h, lines }
    }
  }
}

export const confirmPopup = (question: string, onYes: () => void, onNo?: () => void): Popup => ({
  scope: confirmScope,
  action: (id) => {
    if (id === "yes") {
      onYes()
      return true
    }
    if (id === "no") onNo?.()
    return id === "no"
  },
  draw: (sw) => {
    const w = Math.min(sw, Math.max(40, Math.min(70, width(question) + 6)))
    const body = wrap(question, w - 4)
    const h = body.length + 4
    const lines = frame("Are you sure?", w, h, (iw) => [
      ...body.map((l) => " " + escapeTags(fit(l, iw - 1))),
      blank(iw),
      " " + bold("y") + " yes   " + bold("n") + "/" + bold("Esc") + " no" + blank(iw - 17)
    ], true)
    return { width: w, height: h, lines }
  }
})

export const chooserPopup = (title: string, items: ReadonlyArray<string>, onChoose: (index: number) => void, initial = 0): Popup => {
  let cursor: ListCursor = initial > 0 ? moveCursor(listCursor(), initial, items.length, 10) : listCursor()
  return {
    scope: chooserScope,
    action: (id) => {
      if (id === "close") return true
      if (id === "choose") {
        if (items.length > 0) onChoose(clampCursor(cursor, items.length, 100).selected)
        return true
      }
      const d = navDelta(id, 10, items.length)
      if (d !== undefined) cursor = moveCursor(cursor, d, items.length, 10)
      return false
    },
    draw: (sw, sh) => {
      const w = Math.min(sw, Math.max(30, Math.min(60, Math.max(...items.map(width), width(title)) + 6)))
      const h = Math.min(sh, items.length + 2)
      const lines = frame(title, w, Math.max(3, h), (iw, ih) => listLines(items.length, cursor, iw, ih, true, (i, lw) => cell(` ${items[i]}`, lw)), true)
      return { width: w, height: lines.length, lines }
    }
  }
}
