import * as Effect from "effect/Effect"
import { documentJson, exportDocument, loadLeaderboard, toCsv, toMarkdown } from "@llp/exporters"
import { messageOf } from "../../app/errors.js"
import { existingFile, resolvePath, writeFileAtomic } from "../../app/files.js"
import type { AppContext, Tab } from "../../app/types.js"
import * as Fm from "../../widgets/form.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { view } from "./view.js"
import { count } from "../../presentation/format.js"

export const makeExporter = (ctx: AppContext): Tab => {
  let state = S.init()
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const write = () => {
    if (state.writing) return
    const bad = S.check(state)
    if (bad) return set(bad), ctx.toast(`Not written: ${Fm.firstError(bad.form)}`, "warn")
    const format = S.format(state)
    const details = S.withDetails(state)
    const file = resolvePath(S.pathOf(state), ctx.workspace.root)
    const there = existingFile(file)
    if (there === null) return writeTo(file, format, details)
    // an export replaces a file only when the person says so
    ctx.confirm(`${file} exists (${there.bytes} bytes, ${there.modified.toISOString().slice(0, 16).replace("T", " ")} UTC). Replace it?`, () => writeTo(file, format, details))
  }
  const writeTo = (file: string, format: S.Format, details: boolean) => {
    set(S.started(state))
    ctx.run(
      Effect.gen(function* () {
        let text: string
        let rows: number
        if (format === "JSON") {
          const doc = yield* exportDocument({ details })
          text = documentJson(doc)
          rows = doc.leaderboard.length
        } else {
          const data = yield* loadLeaderboard()
          text = format === "CSV" ? toCsv(data.rows, data.categories, data.names) : toMarkdown(data.rows, data.categories, data.arena, data.names, data.machine)
          rows = data.rows.length
        }
        const bytes = yield* Effect.try({ try: () => writeFileAtomic(file, text), catch: (e) => e as Error })
        return { path: file, bytes, rows, format }
      }),
      {
        key: "exporter.write",
        onSuccess: (result) => {
          set(S.done(state, result))
          ctx.toast(`Exported ${count(result.rows, "bot")} as ${format} to ${result.path}`, "success")
        },
        onFailure: (e) => {
          set(S.failed(state, messageOf(e)))
          ctx.toast(`Export failed: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  return {
    id: "exporter",
    scope,
    actions: {
      up: () => set(S.moveFocus(state, -1)),
      down: () => set(S.moveFocus(state, 1)),
      left: () => set(S.cycle(state, -1)),
      right: () => set(S.cycle(state, 1)),
      write
    },
    typing: () => state.form.fields[state.form.focus]?.kind === "text",
    edit: (key) => {
      const next = S.edit(state, key)
      if (next === undefined) return false
      set(next)
      return true
    },
    paste: (text) => {
      const next = S.paste(state, text)
      if (next === undefined) return false
      set(next)
      return true
    },
    focus: (delta) => set(S.moveFocus(state, delta)),
    save: write,
    show: () => ctx.render(),
    lines: (size) => view(state, size, resolvePath(S.pathOf(state) || ".", ctx.workspace.root))
  }
}
