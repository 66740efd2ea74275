import type { TabSize } from "../../app/types.js"
import { formLines } from "../../presentation/form.js"
import * as F from "../../presentation/format.js"
import { columnWidths, frame, inputLine, row, type Column } from "../../presentation/layout.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit } from "../../presentation/text.js"
import type { State } from "./state.js"

export const columns: ReadonlyArray<Column> = [
  { title: "ID", min: 5, align: "right" },
  { title: "Name", min: 16, flex: true, max: 40, cut: "middle" },
  { title: "Provider", min: 9 },
  { title: "Model", min: 14, flex: true, max: 40 },
  { title: "Ctx", min: 6, align: "right" },
  { title: "Temp", min: 4, align: "right" },
  { title: "Match", min: 16, flex: true }
]

export const view = (s: State, size: TabSize, heights: { list: number }): Array<string> => {
  const { width: w, height: h } = size
  if (s.mode === "form") {
    const title = s.editing === null ? "New bot" : `Edit bot #${s.editing}`
    return frame(`${title} — Ctrl+S saves, Esc cancels`, w, h, (iw, ih) => formLines(s.form, iw, ih, { active: true }), true)
  }
  const label = " Search: "
  const searching = s.focus === "search"
  const search =
    (searching ? bold(escapeTags(label)) : escapeTags(label)) +
    (searching ? inputLine(s.query.value, s.query.cursor, Math.min(40, w - 30), true) : `{underline}${inputLine(s.query.value, s.query.cursor, Math.min(40, w - 30), false, "/ to search")}{/underline}`) +
    color("gray", escapeTags(fit("  full text: name, model, provider, notes", Math.max(0, w - label.length - Math.min(40, w - 30)))))
  // folded variants are bots too
  const bots = s.items.reduce((n, i) => n + 1 + (i.fold !== undefined && !i.fold.open ? i.fold.variants : 0), 0)
  const count = s.shownQuery === "" ? F.count(bots, "bot") : `${F.count(s.items.length, "match", "matches")} for "${s.shownQuery}"`
  const list = frame([`Bots — ${count}`, s.items.length > 0 ? position(s.cursor, s.items.length) : null].filter((x) => x !== null).join(" — "), w, h - 1, (iw, fullHeight) => {
    const widths = columnWidths(columns, iw)
    // the first open's preload says what it is doing and what it found, above the list
    const notes =
      s.asking.length > 0
        ? [color("cyan", cell(`Asking ${s.asking.join(", ")} for their models (keys work meanwhile)…`, iw))]
        : s.notices.slice(0, Math.max(0, fullHeight - 3)).map((n) => color(n.ok ? "green" : "yellow", cell(`${n.ok ? "✓" : "✗"} ${n.text}`, iw)))
    const ih = fullHeight - notes.length
    heights.list = ih - 1
    const head = bold(row(columns, widths, columns.map((c) => c.title), iw))
    if (!s.loaded) return [...notes, head, color("gray", cell("Loading…", iw))]
    if (s.error !== null) return [...notes, head, color("red", cell(s.error, iw))]
    const empty = s.shownQuery === "" ? "No bots yet: n adds one, i imports a provider's models." : "No bot matches (Esc clears the search)."
    return [
      ...notes,
      head,
      ...listLines(s.items.length, s.cursor, iw, ih - 1, !searching, (i, lw) => {
        const { bot, snippet, fold, variantOf } = s.items[i]!
        const name = variantOf !== undefined ? `  └ ${bot.name}` : fold !== undefined ? `${fold.open ? "▾" : "▸"} ${bot.name} (${F.count(fold.variants, "variant")})` : bot.name
        return row(columns, widths, [String(bot.id), name, bot.provider, bot.model, bot.load.contextLength === undefined ? F.DASH : String(bot.load.contextLength), bot.sampling.temperature === undefined ? F.DASH : String(bot.sampling.temperature), snippet], lw)
      }, empty)
    ]
  }, !searching)
  return [search, ...list]
}
