import * as Fm from "../../widgets/form.js"
import type { TypedKey } from "../../widgets/textField.js"

export const FORMATS = ["JSON", "CSV", "Markdown"] as const
export type Format = (typeof FORMATS)[number]
export const EXTENSIONS: Record<Format, string> = { JSON: "json", CSV: "csv", Markdown: "md" }
export const DETAILS = ["no: the leaderboard only", "yes: every bot, prompt, run and score"] as const

export interface Result {
  readonly path: string
  readonly bytes: number
  readonly rows: number
  readonly format: Format
}

export interface State {
  readonly form: Fm.Form
  /** The path was typed by a person: a format change leaves it alone. */
  readonly pathEdited: boolean
  readonly writing: boolean
  readonly result: Result | null
  readonly error: string | null
}

export const defaultPath = (format: Format): string => `exports/leaderboard.${EXTENSIONS[format]}`

export const init = (): State => ({
  form: Fm.makeForm(
    [
      { id: "format", label: "Format", kind: "choice", choices: FORMATS, hint: "←/→ to choose" },
      { id: "path", label: "Path", kind: "text", hint: "relative to the workspace; ~/ for home" },
      { id: "details", label: "Details", kind: "choice", choices: DETAILS, hint: "JSON only (what `llp import` reads)" }
    ],
    { format: "JSON", path: defaultPath("JSON"), details: DETAILS[0] }
  ),
  pathEdited: false,
  writing: false,
  result: null,
  error: null
})

export const format = (s: State): Format => Fm.valueOf(s.form, "format") as Format
export const pathOf = (s: State): string => Fm.valueOf(s.form, "path")
export const withDetails = (s: State): boolean => Fm.valueOf(s.form, "details") === DETAILS[1] && format(s) === "JSON"

/** Left/Right on a choice; a new format changes the default path's extension. */
export const cycle = (s: State, delta: number): State => {
  const form = Fm.cycleChoice(s.form, delta)
  if (!form) return s
  const next = { ...s, form }
  if (Fm.focusedField(s.form)?.id === "format" && !s.pathEdited) return { ...next, form: Fm.setValue(form, "path", defaultPath(format(next))) }
  return next
}

export const edit = (s: State, key: TypedKey): State | undefined => {
  const form = Fm.editFocused(s.form, key)
  if (form === undefined) return undefined
  return { ...s, form, pathEdited: s.pathEdited || Fm.valueOf(form, "path") !== Fm.valueOf(s.form, "path") }
}

export const paste = (s: State, text: string): State | undefined => {
  const form = Fm.pasteFocused(s.form, text)
  return form === undefined ? undefined : { ...s, form, pathEdited: true }
}

export const moveFocus = (s: State, delta: number): State => ({ ...s, form: Fm.moveFocus(s.form, delta) })

export const check = (s: State): State | null => {
  const err = Fm.check.required(pathOf(s), "the path")
  return err ? { ...s, form: Fm.withErrors(s.form, { path: err }) } : null
}

export const started = (s: State): State => ({ ...s, writing: true, error: null })
export const done = (s: State, result: Result): State => ({ ...s, writing: false, result, error: null })
export const failed = (s: State, error: string): State => ({ ...s, writing: false, error })
