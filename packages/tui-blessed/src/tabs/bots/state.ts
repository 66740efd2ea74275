import type { Bot, BotInput, BotPatch, LoadParams, PreloadResult, SamplingParams } from "@llp/core"
import * as Fm from "../../widgets/form.js"
import { clampCursor, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"
import { textField, type TextField } from "../../widgets/textField.js"
import { count } from "../../presentation/format.js"

export interface Item {
  readonly bot: Bot
  /** The FTS snippet, matches in [ ]; empty when listing. */
  readonly snippet: string
  /** A base bot with a sweep's variants: how many, and whether they are shown under it. */
  readonly fold?: { readonly variants: number; readonly open: boolean }
  /** Shown under its base (the base's id). */
  readonly variantOf?: number
}

export interface State {
  readonly mode: "list" | "form"
  readonly loaded: boolean
  readonly error: string | null
  readonly items: ReadonlyArray<Item>
  readonly total: number
  readonly query: TextField
  /** The query the items are for. */
  readonly shownQuery: string
  readonly focus: "list" | "search"
  readonly cursor: ListCursor
  readonly form: Fm.Form
  /** null: creating. */
  readonly editing: number | null
  readonly saving: boolean
  /** The providers asked for their models on the first open with no bots; empty when not asking. */
  readonly asking: ReadonlyArray<string>
  /** What the preload found: a line per provider. */
  readonly notices: ReadonlyArray<Notice>
}

export interface Notice {
  readonly text: string
  readonly ok: boolean
}

const TRI = ["default", "on", "off"] as const

export const botFields = (providers: ReadonlyArray<string>): ReadonlyArray<Fm.FieldSpec> => [
  { id: "name", label: "Name", kind: "text", hint: "unique; the file name in llm_outputs/" },
  { id: "provider", label: "Provider", kind: "choice", choices: providers.length > 0 ? providers : ["demo"], hint: "←/→ to choose" },
  { id: "model", label: "Model", kind: "text", hint: "the model id the server knows" },
  { id: "contextLength", label: "Context", kind: "text", hint: "tokens, e.g. 32768" },
  { id: "gpuLayers", label: "GPU layers", kind: "text", hint: "-1 = all" },
  { id: "gpuOffload", label: "GPU offload", kind: "text", hint: "0 … 1 (LM Studio: share of the model on the GPU)" },
  { id: "batchSize", label: "Batch", kind: "text", hint: "e.g. 512" },
  { id: "threads", label: "Threads", kind: "text", hint: "e.g. 16" },
  { id: "flashAttention", label: "Flash attn", kind: "choice", choices: TRI },
  { id: "mmap", label: "mmap", kind: "choice", choices: TRI },
  { id: "mlock", label: "mlock", kind: "choice", choices: TRI },
  { id: "keepAlive", label: "Keep alive", kind: "text", hint: "e.g. 5m, 1h, 30s; -1 = always, 0 = unload" },
  { id: "temperature", label: "Temperature", kind: "text", hint: "0 … 2" },
  { id: "topK", label: "Top-k", kind: "text", hint: "whole number ≥ 0" },
  { id: "topP", label: "Top-p", kind: "text", hint: "0 … 1" },
  { id: "minP", label: "Min-p", kind: "text", hint: "0 … 1" },
  { id: "repeatPenalty", label: "Repeat pen.", kind: "text", hint: "0 … 5" },
  { id: "frequencyPenalty", label: "Freq. pen.", kind: "text", hint: "-2 … 2" },
  { id: "presencePenalty", label: "Presence pen.", kind: "text", hint: "-2 … 2" },
  { id: "maxTokens", label: "Max tokens", kind: "text", hint: "-1 = no limit" },
  { id: "notes", label: "Notes", kind: "text" }
]

export const init = (providers: ReadonlyArray<string>): State => ({
  mode: "list",
  loaded: false,
  error: null,
  items: [],
  total: 0,
  query: textField(),
  shownQuery: "",
  focus: "list",
  cursor: listCursor(),
  form: Fm.makeForm(botFields(providers)),
  editing: null,
  saving: false,
  asking: [],
  notices: []
})

/** A line per provider: the bots made from its models, or why it did not answer. */
export const preloaded = (s: State, results: ReadonlyArray<PreloadResult>): State => ({
  ...s,
  asking: [],
  notices: results.map((r) =>
    "error" in r
      ? { ok: false, text: `${r.provider}: no model list — ${r.error.message.replace(`${r.provider}: `, "")} — ${r.error.hint}` }
      : { ok: true, text: `${r.provider}: ${count(r.models, "model")}; added ${count(r.added.length, "bot")}${r.skipped > 0 ? `, skipped ${count(r.skipped, "embedding model")}` : ""}` }
  )
})

export const listed = (s: State, query: string, items: ReadonlyArray<Item>, height: number): State => {
  const keep = selected(s)?.bot.id
  const at = keep === undefined ? -1 : items.findIndex((i) => i.bot.id === keep)
  const cursor = query !== s.shownQuery ? listCursor() : at >= 0 ? clampCursor({ ...s.cursor, selected: at }, items.length, height) : clampCursor(s.cursor, items.length, height)
  return { ...s, loaded: true, error: null, items, shownQuery: query, cursor, total: query === "" ? items.length : s.total }
}

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })

export const selected = (s: State): Item | undefined => s.items[clampCursor(s.cursor, s.items.length, 1).selected]

export const move = (s: State, delta: number, height: number): State => ({ ...s, cursor: moveCursor(s.cursor, delta, s.items.length, height) })

const str = (v: number | boolean | string | undefined): string => (v === undefined ? "" : String(v))
const tri = (v: boolean | undefined) => (v === undefined ? "default" : v ? "on" : "off")

export const newBot = (s: State, providers: ReadonlyArray<string>): State => ({
  ...s,
  mode: "form",
  editing: null,
  form: Fm.makeForm(botFields(providers), { provider: providers.includes("lmstudio") ? "lmstudio" : (providers[0] ?? "demo") })
})

export const editBot = (s: State, bot: Bot, providers: ReadonlyArray<string>): State => {
  const names = providers.includes(bot.provider) ? providers : [...providers, bot.provider]
  const form = Fm.makeForm(botFields(names), {
      name: bot.name,
      provider: bot.provider,
      model: bot.model,
      contextLength: str(bot.load.contextLength),
      gpuLayers: str(bot.load.gpuLayers),
      gpuOffload: str(bot.load.gpuOffload),
      batchSize: str(bot.load.batchSize),
      threads: str(bot.load.threads),
      flashAttention: tri(bot.load.flashAttention),
      mmap: tri(bot.load.mmap),
      mlock: tri(bot.load.mlock),
      keepAlive: str(bot.load.keepAlive),
      temperature: str(bot.sampling.temperature),
      topK: str(bot.sampling.topK),
      topP: str(bot.sampling.topP),
      minP: str(bot.sampling.minP),
      repeatPenalty: str(bot.sampling.repeatPenalty),
      frequencyPenalty: str(bot.sampling.frequencyPenalty),
      presencePenalty: str(bot.sampling.presencePenalty),
      maxTokens: str(bot.sampling.maxTokens),
      notes: bot.notes
    })
  return { ...s, mode: "form", editing: bot.id, form }
}

export const closeForm = (s: State): State => ({ ...s, mode: "list", saving: false })

const NUMBERS: ReadonlyArray<readonly [string, { min?: number; max?: number; int?: boolean }]> = [
  ["contextLength", { min: 1, int: true }],
  ["gpuLayers", { min: -1, int: true }],
  ["gpuOffload", { min: 0, max: 1 }],
  ["batchSize", { min: 1, int: true }],
  ["threads", { min: 1, int: true }],
  ["temperature", { min: 0, max: 2 }],
  ["topK", { min: 0, int: true }],
  ["topP", { min: 0, max: 1 }],
  ["minP", { min: 0, max: 1 }],
  ["repeatPenalty", { min: 0, max: 5 }],
  ["frequencyPenalty", { min: -2, max: 2 }],
  ["presencePenalty", { min: -2, max: 2 }],
  ["maxTokens", { min: -1, int: true }]
]

/** A keep-alive as Ollama takes it: seconds, or a Go duration (5m, 1h30m, 300ms); -1 keeps the model loaded. */
const KEEP_ALIVE = /^(-1|\d+(\.\d+)?|(\d+(\.\d+)?(ms|s|m|h))+)$/

/** Checks every field; on success the input for createBot (and the same as a patch for updateBot). */
export const check = (s: State, existingNames: ReadonlyArray<{ id: number; name: string }>): { ok: true; input: BotInput & BotPatch } | { ok: false; state: State } => {
  const v = Fm.values(s.form)
  const errors: Record<string, string> = {}
  const name = v.name ?? ""
  if (name.trim() === "") errors.name = "give the bot a name"
  else if (name !== name.trim()) errors.name = "no spaces at the start or end"
  else if (name.length > 200) errors.name = "at most 200 characters"
  else if (existingNames.some((b) => b.id !== s.editing && b.name.toLowerCase() === name.toLowerCase())) errors.name = `a bot named "${name}" exists already`
  if ((v.model ?? "").trim() === "") errors.model = "give the model id (as the server lists it)"
  for (const [id, o] of NUMBERS) {
    const e = Fm.check.number(v[id] ?? "", o)
    if (e) errors[id] = e
  }
  const keepAlive = (v.keepAlive ?? "").trim()
  if (keepAlive !== "" && !KEEP_ALIVE.test(keepAlive)) errors.keepAlive = `"${keepAlive}" is not a duration (e.g. 5m, 1h30m, 30s, -1, 0)`
  if (Object.keys(errors).length > 0) return { ok: false, state: { ...s, form: Fm.withErrors(s.form, errors) } }
  const n = (id: string) => Fm.numberOf(v[id] ?? "")
  const b = (id: string) => (v[id] === "on" ? true : v[id] === "off" ? false : undefined)
  const loadAll = {
    contextLength: n("contextLength"),
    gpuLayers: n("gpuLayers"),
    gpuOffload: n("gpuOffload"),
    batchSize: n("batchSize"),
    threads: n("threads"),
    flashAttention: b("flashAttention"),
    mmap: b("mmap"),
    mlock: b("mlock"),
    keepAlive: keepAlive === "" ? undefined : keepAlive
  }
  const samplingAll = {
    temperature: n("temperature"),
    topK: n("topK"),
    topP: n("topP"),
    minP: n("minP"),
    repeatPenalty: n("repeatPenalty"),
    frequencyPenalty: n("frequencyPenalty"),
    presencePenalty: n("presencePenalty"),
    maxTokens: n("maxTokens")
  }
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T
  const base = { name, provider: v.provider ?? "", model: (v.model ?? "").trim(), notes: v.notes ?? "" }
  if (s.editing === null) return { ok: true, input: { ...base, load: defined(loadAll) as LoadParams, sampling: defined(samplingAll) as SamplingParams } }
  // An edit names every parameter: an emptied field is sent as undefined, which removes it from the bot.
  return { ok: true, input: { ...base, load: loadAll as LoadParams, sampling: samplingAll as SamplingParams } }
}

/** A store refusal goes next to its field (or the name field for a conflict). */
export const storeError = (s: State, field: string | null, message: string): State => {
  const id = field === null ? "name" : field.split(".").pop()!
  const known = s.form.fields.some((f) => f.id === id) ? id : "name"
  return { ...s, saving: false, form: Fm.withErrors(s.form, { [known]: message }) }
}
