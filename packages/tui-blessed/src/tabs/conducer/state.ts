import type { Bot, Category, Prompt, Run } from "@llp/core"
import { clampCursor, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"
import { edit, pasteText, textField, type TextField, type TypedKey } from "../../widgets/textField.js"

export type Column = "bot" | "category" | "prompt"
export type Focus = Column | "answer"
export const COLUMNS: ReadonlyArray<Column> = ["bot", "category", "prompt"]

export interface Picker {
  readonly filter: TextField
  readonly cursor: ListCursor
}

export type RunStatus = "idle" | "streaming" | Run["status"]

/** The answer: what the Conducer shows while a run streams and after it ends. */
export interface Answer {
  readonly status: RunStatus
  readonly runId: number | null
  readonly bot: Bot | null
  readonly prompt: Prompt | null
  readonly category: Category | null
  readonly demo: boolean
  readonly output: string
  readonly chunks: number
  readonly startedAt: number
  readonly elapsedMs: number
  readonly ttftMs: number | null
  readonly tokensPerSecond: number | null
  readonly error: { readonly message: string; readonly hint: string } | null
  readonly mismatch: { readonly asked: string; readonly answered: string } | null
  /** The finished run, for saving. */
  readonly run: Run | null
  readonly savedTo: ReadonlyArray<string> | null
}

export interface State {
  readonly loaded: boolean
  readonly error: string | null
  readonly bots: ReadonlyArray<Bot>
  readonly categories: ReadonlyArray<Category>
  readonly prompts: ReadonlyArray<Prompt>
  readonly pickers: Readonly<Record<Column, Picker>>
  readonly focus: Focus
  readonly answer: Answer
  /** First answer line shown; null: follow the end. */
  readonly scroll: number | null
  /** Counts sends, so that a late message of an older run is dropped. */
  readonly token: number
}

const emptyAnswer: Answer = {
  status: "idle",
  runId: null,
  bot: null,
  prompt: null,
  category: null,
  demo: false,
  output: "",
  chunks: 0,
  startedAt: 0,
  elapsedMs: 0,
  ttftMs: null,
  tokensPerSecond: null,
  error: null,
  mismatch: null,
  run: null,
  savedTo: null
}

export const init = (): State => ({
  loaded: false,
  error: null,
  bots: [],
  categories: [],
  prompts: [],
  pickers: { bot: { filter: textField(), cursor: listCursor() }, category: { filter: textField(), cursor: listCursor() }, prompt: { filter: textField(), cursor: listCursor() } },
  focus: "bot",
  answer: emptyAnswer,
  scroll: null,
  token: 0
})

const has = (hay: string, q: string) => {
  const h = hay.toLowerCase()
  return q.toLowerCase().split(/\s+/).filter((t) => t !== "").every((t) => h.includes(t))
}

export const botsShown = (s: State): ReadonlyArray<Bot> => {
  const q = s.pickers.bot.filter.value.trim()
  return q === "" ? s.bots : s.bots.filter((b) => has(`${b.name} ${b.provider} ${b.model}`, q))
}
export const categoriesShown = (s: State): ReadonlyArray<Category> => {
  const q = s.pickers.category.filter.value.trim()
  return q === "" ? s.categories : s.categories.filter((c) => has(`${c.title} ${c.key}`, q))
}
const pick = <A>(list: ReadonlyArray<A>, p: Picker): A | undefined => list[clampCursor(p.cursor, list.length, 1).selected]
export const selectedBot = (s: State) => pick(botsShown(s), s.pickers.bot)
export const selectedCategory = (s: State) => pick(categoriesShown(s), s.pickers.category)
export const promptsShown = (s: State): ReadonlyArray<Prompt> => {
  const c = selectedCategory(s)
  if (!c) return []
  const q = s.pickers.prompt.filter.value.trim()
  const ps = s.prompts.filter((p) => p.category === c.key)
  return q === "" ? ps : ps.filter((p) => has(`${p.title} ${p.slug}`, q))
}
export const selectedPrompt = (s: State) => pick(promptsShown(s), s.pickers.prompt)
export const promptCount = (s: State, category: string): number => s.prompts.reduce((n, p) => (p.category === category ? n + 1 : n), 0)

const shown = (s: State, col: Column): number => (col === "bot" ? botsShown(s).length : col === "category" ? categoriesShown(s).length : promptsShown(s).length)

export const loaded = (s: State, data: { bots: ReadonlyArray<Bot>; categories: ReadonlyArray<Category>; prompts: ReadonlyArray<Prompt> }, preselectBot: number | null): State => {
  const categories = [...data.categories].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key))
  const prompts = [...data.prompts].sort((a, b) => a.order - b.order || a.id - b.id)
  const keepBot = selectedBot(s)?.id ?? preselectBot
  const next: State = { ...s, loaded: true, error: null, bots: data.bots, categories, prompts }
  const at = keepBot === null ? -1 : botsShown(next).findIndex((b) => b.id === keepBot)
  return at >= 0 ? withPicker(next, "bot", { ...next.pickers.bot, cursor: clampCursor({ selected: at, top: Math.max(0, at - 2) }, botsShown(next).length, 5) }) : next
}

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })

const withPicker = (s: State, col: Column, p: Picker): State => ({ ...s, pickers: { ...s.pickers, [col]: p } })

export const move = (s: State, delta: number, height: number): State => {
  if (s.focus === "answer") return s
  const col = s.focus
  const p = s.pickers[col]
  const next = withPicker(s, col, { ...p, cursor: moveCursor(p.cursor, delta, shown(s, col), height) })
  return col === "category" && selectedCategory(next)?.key !== selectedCategory(s)?.key ? withPicker(next, "prompt", { filter: textField(), cursor: listCursor() }) : next
}

export const editFilter = (s: State, key: TypedKey): State | undefined => {
  if (s.focus === "answer") return undefined
  const col = s.focus
  const p = s.pickers[col]
  const f = edit(p.filter, key)
  if (f === undefined) return undefined
  if (f.value === p.filter.value) return withPicker(s, col, { ...p, filter: f })
  const next = withPicker(s, col, { filter: f, cursor: listCursor() })
  return col === "category" ? withPicker(next, "prompt", { filter: textField(), cursor: listCursor() }) : next
}

/** A paste into the focused picker's filter: one line (see pasteText), filtered once. */
export const pasteFilter = (s: State, text: string): { readonly state: State; readonly note?: string | undefined } | undefined => {
  if (s.focus === "answer") return undefined
  const col = s.focus
  const { field, note } = pasteText(s.pickers[col].filter, text)
  const next = withPicker(s, col, { filter: field, cursor: listCursor() })
  return { state: col === "category" && field.value !== s.pickers[col].filter.value ? withPicker(next, "prompt", { filter: textField(), cursor: listCursor() }) : next, note }
}

export const clearFilter = (s: State): State => {
  if (s.focus === "answer") return s
  return withPicker(s, s.focus, { filter: textField(), cursor: s.pickers[s.focus].cursor })
}

const RING: ReadonlyArray<Focus> = ["bot", "category", "prompt", "answer"]
export const moveFocus = (s: State, delta: number): State => ({ ...s, focus: RING[(RING.indexOf(s.focus) + delta + RING.length) % RING.length]! })
export const setFocus = (s: State, focus: Focus): State => ({ ...s, focus })

export const isStreaming = (s: State): boolean => s.answer.status === "streaming"

/** A send starts: the answer is reset and labelled with what was sent. */
export const started = (s: State, send: { bot: Bot; prompt: Prompt; category: Category; demo: boolean; now: number }): State => ({
  ...s,
  token: s.token + 1,
  scroll: null,
  focus: "answer",
  answer: { ...emptyAnswer, status: "streaming", bot: send.bot, prompt: send.prompt, category: send.category, demo: send.demo, startedAt: send.now }
})

export interface Snapshot {
  readonly runId: number | null
  readonly status: Run["status"]
  readonly output: string
  readonly chunks: number
  readonly elapsedMs: number
  readonly ttftMs: number | null
  readonly tokensPerSecond: number | null
  readonly error: { readonly message: string; readonly hint: string } | null
}

export const progressed = (s: State, token: number, snap: Snapshot): State =>
  token !== s.token
    ? s
    : {
        ...s,
        answer: {
          ...s.answer,
          status: snap.status,
          runId: snap.runId,
          output: snap.output,
          chunks: snap.chunks,
          elapsedMs: snap.elapsedMs,
          ttftMs: snap.ttftMs,
          tokensPerSecond: snap.tokensPerSecond,
          error: snap.error ?? s.answer.error
        }
      }

export const finished = (s: State, token: number, r: { run: Run; error: { message: string; hint: string } | null; mismatch: boolean }): State =>
  token !== s.token
    ? s
    : {
        ...s,
        answer: {
          ...s.answer,
          status: r.run.status,
          runId: r.run.id,
          output: r.run.output,
          demo: r.run.demo,
          tokensPerSecond: r.run.tokensPerSecond ?? s.answer.tokensPerSecond,
          ttftMs: r.run.ttftMs ?? s.answer.ttftMs,
          chunks: r.run.completionTokens ?? s.answer.chunks,
          elapsedMs: r.run.totalMs ?? s.answer.elapsedMs,
          error: r.error ?? s.answer.error,
          mismatch: r.mismatch && r.run.answeredModel !== null ? { asked: r.run.model, answered: r.run.answeredModel } : null,
          run: r.run
        }
      }

/** A failure before any snapshot (e.g. the database): the run ends as failed with the message. */
export const crashed = (s: State, token: number, message: string): State =>
  token !== s.token ? s : { ...s, answer: { ...s.answer, status: "failed", error: s.answer.error ?? { message, hint: "" } } }

export const saved = (s: State, paths: ReadonlyArray<string>): State => ({ ...s, answer: { ...s.answer, savedTo: paths } })

export const scrollBy = (s: State, delta: number, lines: number, page: number): State => {
  const max = Math.max(0, lines - page)
  const from = s.scroll ?? max
  const next = Math.max(0, Math.min(max, from + delta))
  return { ...s, scroll: next >= max ? null : next }
}
