import { mean, type Bot, type Category, type JudgeScore, type Prompt, type Run, type ScoredRun } from "@llp/core"
import { countedScores } from "../egressor/state.js"
import { suggestionsByRun } from "./judge.js"
import * as Fm from "../../widgets/form.js"
import { clampCursor, cursorTo, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"
import type { TypedKey } from "../../widgets/textField.js"

export type Focus = "categories" | "prompts" | "bot" | "run" | "form"

export interface State {
  readonly botId: number | null
  readonly bot: Bot | null
  /** Every bot, to choose from inside the tab (category → prompt → bot). */
  readonly bots: ReadonlyArray<Bot>
  readonly error: string | null
  readonly loaded: boolean
  readonly categories: ReadonlyArray<Category>
  readonly prompts: ReadonlyArray<Prompt>
  /** The bot's scores (all of them, counted or not). */
  readonly scores: ReadonlyArray<ScoredRun>
  /** Judge suggestions for the bot's runs (every judge). */
  readonly suggestions: ReadonlyArray<JudgeScore>
  /** Derived when the suggestions arrive (not per frame): the suggestion shown per run id. */
  readonly suggestionByRun: ReadonlyMap<number, JudgeScore>
  /** Derived when the scores or the bot change: the bot's points per prompt id, as the leaderboard counts them. */
  readonly pointsByPrompt: ReadonlyMap<number, number>
  /** Runs of the bot for the selected prompt, newest first. */
  readonly runs: ReadonlyArray<Run>
  readonly runsFor: number | null
  readonly focus: Focus
  readonly catCursor: ListCursor
  readonly promptCursor: ListCursor
  /** Index into runs; runs.length means "a new run entered by hand". */
  readonly runChoice: number
  readonly form: Fm.Form
  readonly rubricTop: number
  readonly saving: boolean
}

const EXISTING_FIELDS: ReadonlyArray<Fm.FieldSpec> = [
  { id: "points", label: "Points", kind: "text" },
  { id: "note", label: "Note", kind: "text", hint: "optional" }
]
const MANUAL_FIELDS: ReadonlyArray<Fm.FieldSpec> = [
  ...EXISTING_FIELDS,
  { id: "tps", label: "Tokens/s", kind: "text", hint: "optional" },
  { id: "ttft", label: "TTFT (s)", kind: "text", hint: "optional, seconds to first token" },
  { id: "output", label: "Output", kind: "multiline", rows: 4, hint: "paste the answer (Enter: new line)" }
]

export const init = (): State => ({
  botId: null,
  bot: null,
  bots: [],
  error: null,
  loaded: false,
  categories: [],
  prompts: [],
  scores: [],
  suggestions: [],
  suggestionByRun: new Map(),
  pointsByPrompt: new Map(),
  runs: [],
  runsFor: null,
  focus: "categories",
  catCursor: listCursor(),
  promptCursor: listCursor(),
  runChoice: 0,
  form: Fm.makeForm(MANUAL_FIELDS),
  rubricTop: 0,
  saving: false
})

export const selectedCategory = (s: State): Category | undefined => s.categories[clampCursor(s.catCursor, s.categories.length, 1).selected]

export const promptsOf = (s: State): ReadonlyArray<Prompt> => {
  const c = selectedCategory(s)
  return c ? s.prompts.filter((p) => p.category === c.key) : []
}

export const selectedPrompt = (s: State): Prompt | undefined => {
  const ps = promptsOf(s)
  return ps[clampCursor(s.promptCursor, ps.length, 1).selected]
}

export const isNewRun = (s: State): boolean => s.runChoice >= s.runs.length

export const selectedRun = (s: State): Run | undefined => (isNewRun(s) ? undefined : s.runs[s.runChoice])

/** The score of a run, if it has one. */
export const scoreOf = (s: State, runId: number): ScoredRun | undefined => s.scores.find((x) => x.run.id === runId)

/** The counted score of the bot for a prompt. */
export const countedFor = (s: State, promptId: number): ScoredRun | undefined => s.scores.find((x) => x.counted && x.run.promptId === promptId)

/**
 * The bot's points on a prompt as the leaderboard counts them (issue 12): the mean of its scored repeats made
 * with its current parameters, or the pinned score; null while none counts.
 */
export const promptPoints = (s: State, promptId: number): number | null => s.pointsByPrompt.get(promptId) ?? null

const pointsOf = (bot: Bot | null, scores: ReadonlyArray<ScoredRun>): Map<number, number> => {
  const byPrompt = new Map<number, Array<number>>()
  for (const x of countedScores(bot, scores)) {
    const values = byPrompt.get(x.run.promptId)
    if (values) values.push(x.score.points)
    else byPrompt.set(x.run.promptId, [x.score.points])
  }
  return new Map([...byPrompt].map(([id, values]) => [id, mean(values)]))
}

/** The shown suggestion of a run (see suggestionFor), looked up. */
export const suggestionOf = (s: State, runId: number): JudgeScore | undefined => s.suggestionByRun.get(runId)

/** What the frames read, worked out once when the bot, its scores or its suggestions change. */
const derive = (s: State): State => ({ ...s, pointsByPrompt: pointsOf(s.bot, s.scores), suggestionByRun: suggestionsByRun(s.suggestions) })

/** Points per category for the bot, the sum of promptPoints, so it equals the leaderboard's cell. */
export const categoryTotal = (s: State, key: string): number =>
  s.prompts.filter((p) => p.category === key).reduce((a, p) => a + (promptPoints(s, p.id) ?? 0), 0)

/** The form for the chosen run: its score if it has one, and the manual fields for a new run. */
const formFor = (s: State, keep?: Fm.Form): Fm.Form => {
  const run = selectedRun(s)
  if (run) {
    const sc = scoreOf(s, run.id)
    return Fm.makeForm(EXISTING_FIELDS, { points: sc ? String(sc.score.points) : "", note: sc?.score.note ?? "" })
  }
  const v = keep ? Fm.values(keep) : {}
  return Fm.makeForm(MANUAL_FIELDS, { points: v.points ?? "", note: v.note ?? "", tps: v.tps ?? "", ttft: v.ttft ?? "", output: v.output ?? "" })
}

export const loaded = (
  s: State,
  data: {
    readonly bot: Bot | null
    readonly bots?: ReadonlyArray<Bot>
    readonly categories: ReadonlyArray<Category>
    readonly prompts: ReadonlyArray<Prompt>
    readonly scores: ReadonlyArray<ScoredRun>
    readonly suggestions?: ReadonlyArray<JudgeScore>
  }
): State => {
  const categories = [...data.categories].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key))
  const prompts = [...data.prompts].sort((a, b) => a.order - b.order || a.id - b.id)
  const sameBot = s.botId === (data.bot?.id ?? null)
  return derive({
    ...s,
    botId: data.bot?.id ?? null,
    bot: data.bot,
    bots: data.bots ?? (data.bot ? [data.bot] : []),
    loaded: true,
    error: null,
    categories,
    prompts,
    scores: data.scores,
    suggestions: data.suggestions ?? [],
    ...(sameBot ? {} : { catCursor: listCursor(), promptCursor: listCursor(), focus: "categories" as const, runs: [], runsFor: null })
  })
}

/**
 * A bot chosen inside the tab: the category and the prompt stay (the seed's order is category, prompt,
 * then bot); its scores and runs are loaded next.
 */
export const chooseBot = (s: State, bot: Bot): State => {
  if (s.botId === bot.id) return s
  const next = derive({ ...s, botId: bot.id, bot, scores: [], suggestions: [], runs: [], runsFor: null, runChoice: 0 })
  return { ...next, form: formFor(next) }
}

/** Left/Right on the bot selector: the next bot in the list, round. */
export const cycleBot = (s: State, delta: number): Bot | undefined => {
  if (s.bots.length === 0) return undefined
  const at = s.bots.findIndex((b) => b.id === s.botId)
  const n = s.bots.length
  return s.bots[at < 0 ? (delta > 0 ? 0 : n - 1) : (((at + delta) % n) + n) % n]
}

export const scoresLoaded = (s: State, scores: ReadonlyArray<ScoredRun>): State => derive({ ...s, scores })

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })

export const noBot = (s: State): State => ({ ...init(), loaded: true, error: null, focus: s.focus })

/** The runs of the selected prompt arrived: choose the newest, or "new run" when there is none. */
export const runsLoaded = (s: State, promptId: number, runs: ReadonlyArray<Run>, keepChoice = false): State => {
  if (selectedPrompt(s)?.id !== promptId) return s
  const prev = selectedRun(s)
  const at = keepChoice && prev ? runs.findIndex((r) => r.id === prev.id) : -1
  const next = { ...s, runs, runsFor: promptId, runChoice: at >= 0 ? at : 0 }
  return { ...next, form: formFor(next) }
}

export const moveCategory = (s: State, delta: number, height: number): State => {
  const catCursor = moveCursor(s.catCursor, delta, s.categories.length, height)
  if (catCursor.selected === clampCursor(s.catCursor, s.categories.length, height).selected) return { ...s, catCursor }
  const next = { ...s, catCursor, promptCursor: listCursor(), runs: [], runsFor: null, runChoice: 0, rubricTop: 0 }
  return { ...next, form: formFor(next) }
}

export const movePrompt = (s: State, delta: number, height: number): State => {
  const ps = promptsOf(s)
  const promptCursor = moveCursor(s.promptCursor, delta, ps.length, height)
  if (promptCursor.selected === clampCursor(s.promptCursor, ps.length, height).selected) return { ...s, promptCursor }
  const next = { ...s, promptCursor, runs: [], runsFor: null, runChoice: 0, rubricTop: 0 }
  return { ...next, form: formFor(next) }
}

/** Selects a prompt by id (e.g. the one just scored). */
export const selectPrompt = (s: State, promptId: number, height: number): State => {
  const p = s.prompts.find((x) => x.id === promptId)
  if (!p) return s
  const ci = s.categories.findIndex((c) => c.key === p.category)
  const withCat = { ...s, catCursor: cursorTo(s.catCursor, ci, s.categories.length, height) }
  const pi = promptsOf(withCat).findIndex((x) => x.id === promptId)
  return { ...withCat, promptCursor: cursorTo(s.promptCursor, pi, promptsOf(withCat).length, height) }
}

/** Left/Right on the run selector: the runs, then "new run". */
export const cycleRun = (s: State, delta: number): State => {
  const n = s.runs.length + 1
  const runChoice = (((s.runChoice + delta) % n) + n) % n
  const next = { ...s, runChoice }
  return { ...next, form: formFor(next, s.form) }
}

export const scrollRubric = (s: State, delta: number): State => ({ ...s, rubricTop: Math.max(0, s.rubricTop + delta) })

/** The focus ring: categories, prompts, bot, run, then each form field. */
const ring = (s: State): ReadonlyArray<[Focus, number]> => [["categories", 0], ["prompts", 0], ["bot", 0], ["run", 0], ...s.form.fields.map((_, i) => ["form", i] as [Focus, number])]

export const moveFocus = (s: State, delta: number): State => {
  const r = ring(s)
  const at = r.findIndex(([f, i]) => f === s.focus && (f !== "form" || i === s.form.focus))
  const [focus, i] = r[(((Math.max(0, at) + delta) % r.length) + r.length) % r.length]!
  return { ...s, focus, form: focus === "form" ? { ...s.form, focus: i } : s.form }
}

export const setFocus = (s: State, focus: Focus, field?: string): State => {
  const next = { ...s, focus }
  return focus === "form" && field !== undefined ? { ...next, form: Fm.focusField(s.form, field) } : next
}

export const typing = (s: State): boolean => s.focus === "form" && Fm.isTyping(s.form)

export const editField = (s: State, key: TypedKey): State | undefined => {
  if (s.focus !== "form") return undefined
  const form = Fm.editFocused(s.form, key)
  return form === undefined ? undefined : { ...s, form }
}

export const pasteField = (s: State, text: string): State | undefined => {
  if (s.focus !== "form") return undefined
  const form = Fm.pasteFocused(s.form, text)
  return form === undefined ? undefined : { ...s, form }
}

/** Drops what was typed: back to the chosen run's values. */
export const resetForm = (s: State): State => ({ ...s, form: formFor(s), focus: "prompts" })

export type Checked =
  | { readonly ok: false; readonly state: State }
  | {
      readonly ok: true
      readonly promptId: number
      readonly runId: number | null
      readonly points: number
      readonly note: string
      readonly manual?: { readonly output: string; readonly tokensPerSecond?: number; readonly ttftMs?: number }
    }

/** Checks the fields against the prompt: points within 0 … its points; speed numbers; output for a new run. */
export const check = (s: State): Checked => {
  const prompt = selectedPrompt(s)
  if (!s.bot || !prompt) return { ok: false, state: s }
  const v = Fm.values(s.form)
  const errors: Record<string, string> = {}
  const pts = Fm.check.required(v.points ?? "", "points") ?? Fm.check.number(v.points ?? "", { min: 0, max: prompt.points, optional: false })
  if (pts) errors.points = pts
  const manual = isNewRun(s)
  if (manual) {
    const tps = Fm.check.number(v.tps ?? "", { min: 0 })
    if (tps) errors.tps = tps
    const ttft = Fm.check.number(v.ttft ?? "", { min: 0 })
    if (ttft) errors.ttft = ttft
    if ((v.output ?? "").trim() === "") errors.output = "paste the answer the bot gave"
  }
  if (Object.keys(errors).length > 0) return { ok: false, state: { ...s, form: Fm.withErrors(s.form, errors), focus: "form" } }
  const points = Number((v.points ?? "").trim())
  const tps = Fm.numberOf(v.tps ?? "")
  const ttft = Fm.numberOf(v.ttft ?? "")
  return {
    ok: true,
    promptId: prompt.id,
    runId: manual ? null : selectedRun(s)!.id,
    points,
    note: (v.note ?? "").trim(),
    ...(manual
      ? { manual: { output: v.output ?? "", ...(tps !== undefined ? { tokensPerSecond: tps } : {}), ...(ttft !== undefined ? { ttftMs: Math.round(ttft * 1000) } : {}) } }
      : {})
  }
}

/** Ctrl+G: the judge's suggestion in the form, to change before saving it as your own. */
export const editSuggestion = (s: State, points: number, judge: string): State => {
  const form = Fm.makeForm(EXISTING_FIELDS, { points: String(points), note: `judge ${judge} suggested ${points}` })
  return { ...s, form: Fm.focusField(form, "points"), focus: "form" }
}

/** A store refusal about a field goes next to that field. */
export const fieldError = (s: State, field: string, message: string): State => {
  const id = field === "tokensPerSecond" ? "tps" : field === "ttftMs" ? "ttft" : field
  if (!s.form.fields.some((f) => f.id === id)) return s
  return { ...s, form: Fm.withErrors(s.form, { [id]: message }), focus: "form" }
}
