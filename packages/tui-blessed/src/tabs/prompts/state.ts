import { slugify, type Category, type Criterion, type Prompt, type PromptInput, type PromptPatch } from "@llp/core"
import * as Fm from "../../widgets/form.js"
import { clampCursor, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"
import { textField, type TextField } from "../../widgets/textField.js"

export type Mode = "list" | "category" | "prompt"

export interface Hit {
  readonly prompt: Prompt
  readonly snippet: string
}

export interface State {
  readonly mode: Mode
  readonly loaded: boolean
  readonly error: string | null
  readonly categories: ReadonlyArray<Category>
  readonly prompts: ReadonlyArray<Prompt>
  readonly query: TextField
  /** Full-text hits for `shownQuery`; null when not searching. */
  readonly hits: ReadonlyArray<Hit> | null
  readonly shownQuery: string
  readonly focus: "categories" | "prompts" | "search"
  readonly catCursor: ListCursor
  readonly promptCursor: ListCursor
  readonly form: Fm.Form
  /** What the form edits: null creates. */
  readonly editing: { readonly kind: "category"; readonly key: string } | { readonly kind: "prompt"; readonly id: number } | null
  readonly saving: boolean
}

export const init = (): State => ({
  mode: "list",
  loaded: false,
  error: null,
  categories: [],
  prompts: [],
  query: textField(),
  hits: null,
  shownQuery: "",
  focus: "categories",
  catCursor: listCursor(),
  promptCursor: listCursor(),
  form: Fm.makeForm([]),
  editing: null,
  saving: false
})

export const loaded = (s: State, categories: ReadonlyArray<Category>, prompts: ReadonlyArray<Prompt>): State => ({
  ...s,
  loaded: true,
  error: null,
  categories: [...categories].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)),
  prompts: [...prompts].sort((a, b) => a.order - b.order || a.id - b.id)
})

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })

export const searched = (s: State, query: string, hits: ReadonlyArray<Hit> | null): State => ({
  ...s,
  hits,
  shownQuery: query,
  promptCursor: query !== s.shownQuery ? listCursor() : s.promptCursor
})

export const selectedCategory = (s: State): Category | undefined => s.categories[clampCursor(s.catCursor, s.categories.length, 1).selected]

/** The prompts list: the search hits, or the selected category's prompts. */
export const visiblePrompts = (s: State): ReadonlyArray<Hit> => {
  if (s.hits !== null) return s.hits
  const c = selectedCategory(s)
  return c ? s.prompts.filter((p) => p.category === c.key).map((prompt) => ({ prompt, snippet: "" })) : []
}

export const selectedPrompt = (s: State): Prompt | undefined => {
  const list = visiblePrompts(s)
  return list[clampCursor(s.promptCursor, list.length, 1).selected]?.prompt
}

export const move = (s: State, delta: number, height: number): State => {
  if (s.focus === "categories") return { ...s, catCursor: moveCursor(s.catCursor, delta, s.categories.length, height), promptCursor: listCursor() }
  return { ...s, focus: "prompts", promptCursor: moveCursor(s.promptCursor, delta, visiblePrompts(s).length, height) }
}

// ── forms ────────────────────────────────────────────────────────────────

const categoryFields = (creating: boolean): ReadonlyArray<Fm.FieldSpec> => [
  ...(creating ? [{ id: "key", label: "Key", kind: "text" as const, hint: "lowercase letters, digits, -; the folder in llm_outputs/" }] : []),
  { id: "title", label: "Title", kind: "text" },
  { id: "order", label: "Order", kind: "text", hint: "position among the categories" },
  { id: "temperature", label: "Temperature", kind: "text", hint: "0 … 2, for the prompts without their own" },
  { id: "systemPrompt", label: "System prompt", kind: "multiline", rows: 6, hint: "sent before each prompt that uses it" }
]

const promptFields = (categories: ReadonlyArray<string>, creating: boolean): ReadonlyArray<Fm.FieldSpec> => [
  ...(creating
    ? [
        { id: "category", label: "Category", kind: "choice" as const, choices: categories, hint: "←/→ to choose" },
        { id: "slug", label: "Id", kind: "text" as const, hint: "lowercase, digits, -; empty: from the title" }
      ]
    : []),
  { id: "title", label: "Title", kind: "text" },
  { id: "points", label: "Points", kind: "text", hint: "whole number > 0" },
  { id: "temperature", label: "Temperature", kind: "text", hint: "empty: the category's" },
  { id: "useSystemPrompt", label: "System prompt", kind: "choice", choices: ["yes", "no"], hint: "send the category's system prompt" },
  { id: "group", label: "Group", kind: "text", hint: "optional" },
  { id: "text", label: "Text", kind: "multiline", rows: 5 },
  { id: "rubric", label: "Rubric", kind: "multiline", rows: 4, hint: "one criterion a line: [5] what earns 5 points" }
]

export const rubricText = (rubric: ReadonlyArray<Criterion>): string => rubric.map((c) => `[${c.points}] ${c.text}`).join("\n")

/** Parses "[5] text" lines; an error names the line. */
export const parseRubric = (text: string): { ok: true; rubric: Array<Criterion> } | { ok: false; error: string } => {
  const rubric: Array<Criterion> = []
  const lines = text.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim()
    if (l === "") continue
    const m = /^(?:[-*]\s*)?\[(\d+)\]\s*(.+)$/.exec(l)
    if (!m) return { ok: false, error: `line ${i + 1}: write "[points] criterion", e.g. "[5] correct result"` }
    rubric.push({ points: Number(m[1]), text: m[2]!.trim() })
  }
  return { ok: true, rubric }
}

export const newCategory = (s: State): State => ({
  ...s,
  mode: "category",
  editing: null,
  form: Fm.makeForm(categoryFields(true), { order: String((s.categories.reduce((m, c) => Math.max(m, c.order), 0) || 0) + 1), temperature: "0.5" })
})

export const editCategory = (s: State, c: Category): State => ({
  ...s,
  mode: "category",
  editing: { kind: "category", key: c.key },
  form: Fm.makeForm(categoryFields(false), { title: c.title, order: String(c.order), temperature: String(c.temperature), systemPrompt: c.systemPrompt })
})

export const newPrompt = (s: State): State => {
  const cat = selectedCategory(s)
  return {
    ...s,
    mode: "prompt",
    editing: null,
    // starts on the title, so what the user types first is not lost on the category's choice field
    form: Fm.focusField(Fm.makeForm(promptFields(s.categories.map((c) => c.key), true), { category: cat?.key ?? "", points: "10", useSystemPrompt: "yes" }), "title")
  }
}

export const editPrompt = (s: State, p: Prompt): State => ({
  ...s,
  mode: "prompt",
  editing: { kind: "prompt", id: p.id },
  form: Fm.makeForm(promptFields([], false), {
    title: p.title,
    points: String(p.points),
    temperature: p.temperature === undefined ? "" : String(p.temperature),
    useSystemPrompt: p.useSystemPrompt ? "yes" : "no",
    group: p.group ?? "",
    text: p.text,
    rubric: rubricText(p.rubric)
  })
})

export const closeForm = (s: State): State => ({ ...s, mode: "list", saving: false })

const KEY = /^[a-z0-9][a-z0-9-]*$/

export const checkCategory = (s: State): { ok: true; category: Category } | { ok: false; state: State } => {
  const v = Fm.values(s.form)
  const errors: Record<string, string> = {}
  const key = s.editing?.kind === "category" ? s.editing.key : (v.key ?? "").trim()
  if (s.editing === null) {
    if (key === "") errors.key = "give the category a key, e.g. translation"
    else if (!KEY.test(key)) errors.key = "lowercase letters, digits and - only"
    else if (s.categories.some((c) => c.key === key)) errors.key = `the category "${key}" exists already`
  }
  if ((v.title ?? "").trim() === "") errors.title = "give the category a title"
  const order = Fm.check.number(v.order ?? "", { int: true, optional: false })
  if (order) errors.order = order
  const temp = Fm.check.number(v.temperature ?? "", { min: 0, max: 2, optional: false })
  if (temp) errors.temperature = temp
  if (Object.keys(errors).length > 0) return { ok: false, state: { ...s, form: Fm.withErrors(s.form, errors) } }
  return { ok: true, category: { key, title: (v.title ?? "").trim(), order: Number(v.order), temperature: Number(v.temperature), systemPrompt: v.systemPrompt ?? "" } }
}

export type PromptChecked =
  | { ok: true; create: PromptInput; patch?: undefined }
  | { ok: true; patch: PromptPatch; id: number; create?: undefined }
  | { ok: false; state: State }

export const checkPrompt = (s: State): PromptChecked => {
  const v = Fm.values(s.form)
  const errors: Record<string, string> = {}
  const creating = s.editing === null
  const title = (v.title ?? "").trim()
  if (title === "") errors.title = "give the prompt a title"
  const points = Fm.check.number(v.points ?? "", { min: 1, int: true, optional: false })
  if (points) errors.points = points === "must be 1 or more" ? "must be a whole number > 0" : points
  const temp = Fm.check.number(v.temperature ?? "", { min: 0, max: 2 })
  if (temp) errors.temperature = temp
  if ((v.text ?? "").trim() === "") errors.text = "write the prompt's text"
  const rubric = parseRubric(v.rubric ?? "")
  if (!rubric.ok) errors.rubric = rubric.error
  let slug = ""
  let category = ""
  if (creating) {
    category = v.category ?? ""
    if (category === "") errors.category = "create a category first (c)"
    slug = (v.slug ?? "").trim() || slugify(title)
    if (!KEY.test(slug)) errors.slug = "lowercase letters, digits and - only"
    else if (s.prompts.some((p) => p.category === category && p.slug === slug)) errors.slug = `"${slug}" exists in ${category} already`
  }
  if (Object.keys(errors).length > 0 || !rubric.ok) return { ok: false, state: { ...s, form: Fm.withErrors(s.form, errors) } }
  const temperature = Fm.numberOf(v.temperature ?? "")
  const group = (v.group ?? "").trim()
  if (creating) {
    const order = s.prompts.filter((p) => p.category === category).reduce((m, p) => Math.max(m, p.order), 0) + 1
    return {
      ok: true,
      create: {
        category,
        slug,
        order,
        title,
        text: v.text ?? "",
        points: Number(v.points),
        ...(temperature !== undefined ? { temperature } : {}),
        useSystemPrompt: v.useSystemPrompt !== "no",
        ...(group !== "" ? { group } : {}),
        rubric: rubric.rubric
      }
    }
  }
  const id = (s.editing as { id: number }).id
  return {
    ok: true,
    id,
    patch: { title, text: v.text ?? "", points: Number(v.points), temperature: temperature ?? null, useSystemPrompt: v.useSystemPrompt !== "no", group: group === "" ? null : group, rubric: rubric.rubric }
  }
}

export const storeError = (s: State, field: string | null, message: string): State => {
  const id = field?.split(".").pop() ?? ""
  const known = s.form.fields.some((f) => f.id === id) ? id : (s.form.fields[0]?.id ?? "title")
  return { ...s, saving: false, form: Fm.withErrors(s.form, { [known]: message }) }
}
