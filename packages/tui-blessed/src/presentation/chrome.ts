import type { ToastKind } from "../app/types.js"
import type { Hint } from "../keys/footer.js"
import { bold, cell, color, escapeTags, truncate, width, wrap } from "./text.js"

export interface TabLabel {
  readonly label: string
  /** Index of the seed's letter in the label: (L)eaderboard, E(x)porter. */
  readonly mark: number
  readonly active: boolean
}

/**
 * The labels as they fit in `w` cells: whole when they fit, else every tab but the active one cut to
 * as few letters as needed (never fewer than 4, never before its seed letter), so that every tab
 * stays on the line at 60 columns.
 */
const fitLabels = (tabs: ReadonlyArray<TabLabel>, w: number): ReadonlyArray<TabLabel> => {
  const total = (ts: ReadonlyArray<TabLabel>) => ts.reduce((n, t) => n + width(t.label) + 2, 0)
  if (total(tabs) <= w) return tabs
  const longest = Math.max(...tabs.map((t) => t.label.length))
  for (let k = longest - 1; k >= 4; k--) {
    const cut = tabs.map((t) => (t.active ? t : { ...t, label: t.label.slice(0, Math.max(k, t.mark + 1)) }))
    if (total(cut) <= w) return cut
  }
  return tabs.map((t) => (t.active ? t : { ...t, label: t.label.slice(0, Math.max(4, t.mark + 1)) }))
}

/** The top line: the tabs with their seed letter underlined, the active one highlighted. */
export const tabBar = (all: ReadonlyArray<TabLabel>, w: number, right = ""): string => {
  let used = 0
  const parts: Array<string> = []
  const tabs = fitLabels(all, w)
  for (const t of tabs) {
    const text = ` ${t.label} `
    if (used + width(text) > w) break
    used += width(text)
    const i = t.mark + 1
    const body = escapeTags(text.slice(0, i)) + `{underline}${escapeTags(text.slice(i, i + 1))}{/underline}` + escapeTags(text.slice(i + 1))
    parts.push(t.active ? `{black-fg}{cyan-bg}{bold}${body}{/bold}{/cyan-bg}{/black-fg}` : body)
  }
  const rest = w - used
  const r = right !== "" && width(right) + 1 <= rest ? right : ""
  return parts.join("") + " ".repeat(Math.max(0, rest - width(r))) + color("gray", escapeTags(r))
}

/** The bottom line: key hints, cut to the width. */
export const footer = (hints: ReadonlyArray<Hint>, w: number): string => {
  const parts: Array<string> = []
  let used = 0
  for (const h of hints) {
    const plain = `${h.key} ${h.label}`
    const add = width(plain) + (parts.length > 0 ? 2 : 0)
    if (used + add > w) break
    used += add
    parts.push(bold(escapeTags(h.key)) + " " + escapeTags(h.label))
  }
  return parts.join("  ") + " ".repeat(Math.max(0, w - used))
}

const KIND_COLOR: Record<ToastKind, "cyan" | "green" | "yellow" | "red"> = { info: "cyan", success: "green", warn: "yellow", error: "red" }
const KIND_MARK: Record<ToastKind, string> = { info: "•", success: "✓", warn: "⚠", error: "✗" }

/** The status lines: the latest message (untrusted text made safe), wrapped onto up to `max` lines. */
export const statusLines = (message: { readonly text: string; readonly kind: ToastKind } | null, w: number, max = 3): Array<string> => {
  if (!message) return [" ".repeat(w)]
  const lines = wrap(`${KIND_MARK[message.kind]} ${message.text}`, w)
  const shown = lines.slice(0, max)
  if (lines.length > max) shown[max - 1] = truncate(`${shown[max - 1]!} ${lines.slice(max).join(" ")}`, w)
  return shown.map((l) => color(KIND_COLOR[message.kind], cell(l, w)))
}
