import { inert } from "@llp/core"
import { edit, pasteText, setText, textField, type TextField, type TypedKey } from "./textField.js"

/**
 * A form: labelled fields, one focused, each with an optional message. Pure.
 * Text fields hold a TextField; choice fields hold the index of one of their choices.
 */
export type FieldSpec =
  | { readonly id: string; readonly label: string; readonly kind: "text"; readonly hint?: string }
  | { readonly id: string; readonly label: string; readonly kind: "multiline"; readonly rows: number; readonly hint?: string }
  | { readonly id: string; readonly label: string; readonly kind: "choice"; readonly choices: ReadonlyArray<string>; readonly hint?: string }

export interface Form {
  readonly fields: ReadonlyArray<FieldSpec>
  readonly text: Readonly<Record<string, TextField>>
  readonly choice: Readonly<Record<string, number>>
  readonly focus: number
  readonly errors: Readonly<Record<string, string>>
  /** What the last paste into a field did, shown beside it until the field is edited again. */
  readonly notes?: Readonly<Record<string, string>>
}

export const makeForm = (fields: ReadonlyArray<FieldSpec>, values: Readonly<Record<string, string>> = {}): Form => {
  const text: Record<string, TextField> = {}
  const choice: Record<string, number> = {}
  for (const f of fields) {
    if (f.kind === "choice") choice[f.id] = Math.max(0, f.choices.indexOf(values[f.id] ?? f.choices[0] ?? ""))
    else text[f.id] = textField(values[f.id] ?? "", f.kind === "multiline")
  }
  return { fields, text, choice, focus: 0, errors: {} }
}

export const focusedField = (form: Form): FieldSpec | undefined => form.fields[form.focus]

export const focusField = (form: Form, id: string): Form => {
  const i = form.fields.findIndex((f) => f.id === id)
  return i < 0 ? form : { ...form, focus: i }
}

/** Next/previous field; wraps around. */
export const moveFocus = (form: Form, delta: number): Form => {
  const n = form.fields.length
  if (n === 0) return form
  return { ...form, focus: (((form.focus + delta) % n) + n) % n }
}

/** Whether Up/Down/Tab would leave the form (at its first or last field). */
export const atEdge = (form: Form, delta: number): boolean => (delta < 0 ? form.focus === 0 : form.focus === form.fields.length - 1)

export const valueOf = (form: Form, id: string): string => {
  const spec = form.fields.find((f) => f.id === id)
  if (spec?.kind === "choice") return spec.choices[form.choice[id] ?? 0] ?? ""
  return form.text[id]?.value ?? ""
}

export const values = (form: Form): Record<string, string> => Object.fromEntries(form.fields.map((f) => [f.id, valueOf(form, f.id)]))

export const setValue = (form: Form, id: string, value: string): Form => {
  const spec = form.fields.find((f) => f.id === id)
  if (!spec) return form
  if (spec.kind === "choice") return { ...form, choice: { ...form.choice, [id]: Math.max(0, spec.choices.indexOf(value)) } }
  return { ...form, text: { ...form.text, [id]: setText(form.text[id] ?? textField("", spec.kind === "multiline"), value) } }
}

/** Whether the focused field takes typed text. */
export const isTyping = (form: Form): boolean => {
  const f = focusedField(form)
  return f !== undefined && f.kind !== "choice"
}

/** Applies an editing key to the focused text field; undefined when it is not one. Clears that field's message. */
export const editFocused = (form: Form, key: TypedKey): Form | undefined => {
  const spec = focusedField(form)
  if (!spec || spec.kind === "choice") return undefined
  const next = edit(form.text[spec.id]!, key)
  if (next === undefined) return undefined
  if (next === form.text[spec.id]) return form
  const { [spec.id]: _cleared, ...errors } = form.errors
  const { [spec.id]: _note, ...notes } = form.notes ?? {}
  return { ...form, text: { ...form.text, [spec.id]: next }, errors, notes }
}

/** A paste into the focused text field; a one-line field keeps the first line (see pasteText) and notes it. */
export const pasteFocused = (form: Form, text: string): Form | undefined => {
  const spec = focusedField(form)
  if (!spec || spec.kind === "choice") return undefined
  const { field, note } = pasteText(form.text[spec.id]!, inert(text))
  const { [spec.id]: _cleared, ...errors } = form.errors
  const { [spec.id]: _note, ...notes } = form.notes ?? {}
  return { ...form, text: { ...form.text, [spec.id]: field }, errors: field === form.text[spec.id] ? form.errors : errors, notes: note === undefined ? notes : { ...notes, [spec.id]: note } }
}

/** Left/Right on a choice field. */
export const cycleChoice = (form: Form, delta: number): Form | undefined => {
  const spec = focusedField(form)
  if (!spec || spec.kind !== "choice" || spec.choices.length === 0) return undefined
  const n = spec.choices.length
  const i = (((form.choice[spec.id] ?? 0) + delta) % n + n) % n
  return { ...form, choice: { ...form.choice, [spec.id]: i } }
}

export const withErrors = (form: Form, errors: Readonly<Record<string, string>>): Form => {
  const first = form.fields.findIndex((f) => errors[f.id] !== undefined)
  return { ...form, errors, focus: first >= 0 ? first : form.focus }
}

export const hasErrors = (form: Form): boolean => Object.keys(form.errors).length > 0

/** "Label: message" of the first field with a message, in field order. */
export const firstError = (form: Form): string | undefined => {
  const f = form.fields.find((x) => form.errors[x.id] !== undefined)
  return f ? `${f.label}: ${form.errors[f.id]}` : undefined
}

/** Field checks shared by the forms. Each returns a message, or undefined when the value is fine. */
export const check = {
  required: (v: string, what = "this field") => (v.trim() === "" ? `${what} must not be empty` : undefined),
  /** Optional number within bounds; `int` for whole numbers. */
  number: (v: string, o: { min?: number; max?: number; int?: boolean; optional?: boolean } = {}): string | undefined => {
    const t = v.trim()
    if (t === "") return o.optional === false ? "a number is needed" : undefined
    const n = Number(t)
    if (!Number.isFinite(n) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return `"${t.length > 12 ? t.slice(0, 12) + "…" : t}" is not a number`
    if (o.int === true && !Number.isInteger(n)) return "must be a whole number"
    if (o.min !== undefined && o.max !== undefined && (n < o.min || n > o.max)) return `must be between ${o.min} and ${o.max}`
    if (o.min !== undefined && n < o.min) return `must be ${o.min} or more`
    if (o.max !== undefined && n > o.max) return `must be ${o.max} or less`
    return undefined
  }
}

/** The number in a field that passed `check.number`, or undefined when it is empty. */
export const numberOf = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v.trim()))
