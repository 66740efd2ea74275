import * as Effect from "effect/Effect"
import { answerFileKey } from "../archive.js"
import type { Bot, LoadParams, ModelMeta, SamplingParams } from "../domain/Bot.js"
import type { Category } from "../domain/Category.js"
import type { Criterion, Prompt, PromptInput } from "../domain/Prompt.js"
import { RunStatus, SpeedSource, type Run, type RunProgress } from "../domain/Run.js"
import type { Score } from "../domain/Score.js"
import type { InvalidInput } from "../errors.js"
import { paramsKey } from "../params.js"
import type { LeaderboardTotals } from "../domain/Leaderboard.js"
import type { OutputHit, ScoredRun } from "../services/Store.js"
import { finite, invalid, json } from "./errors.js"

export { checkSuite, patchedBot, patchedPrompt } from "./checks.js"
export { mergeGroup } from "./merge.js"

// The rows of the base tables (bots, categories, prompts, runs, scores) as both stores hold them, and the
// pure steps of their writes (merging a bot patch, a suite prompt's source, a run's progress columns).

/** Row shapes as both stores return them (snake_case, 0/1 for flags, JSON as text). */
export interface BotRow {
  readonly id: number
  readonly name: string
  readonly provider: string
  readonly model: string
  readonly context_length: number | null
  readonly gpu_layers: number | null
  readonly gpu_offload: number | null
  readonly batch_size: number | null
  readonly threads: number | null
  readonly flash_attention: number | null
  readonly mmap: number | null
  readonly mlock: number | null
  readonly keep_alive: string | null
  readonly temperature: number | null
  readonly top_k: number | null
  readonly top_p: number | null
  readonly min_p: number | null
  readonly repeat_penalty: number | null
  readonly frequency_penalty: number | null
  readonly presence_penalty: number | null
  readonly max_tokens: number | null
  readonly model_type: string | null
  readonly publisher: string | null
  readonly arch: string | null
  readonly quantization: string | null
  readonly format: string | null
  readonly size_bytes: number | null
  readonly max_context: number | null
  readonly notes: string
  readonly created_at: string
  readonly updated_at: string
}

export interface CategoryRow {
  readonly key: string
  readonly title: string
  readonly system_prompt: string
  readonly temperature: number
  readonly ord: number
}

export interface PromptRow {
  readonly id: number
  readonly category: string
  readonly slug: string
  readonly ord: number
  readonly title: string
  readonly text: string
  readonly points: number
  readonly temperature: number | null
  readonly use_system_prompt: number
  readonly grp: string | null
  readonly rubric: string
  readonly edited: number
  readonly source_hash: string | null
}

export interface RunRow {
  readonly id: number
  readonly bot_id: number
  readonly prompt_id: number
  readonly provider: string
  readonly model: string
  readonly answered_model: string | null
  readonly demo: number
  readonly status: Run["status"]
  readonly started_at: string
  readonly ended_at: string | null
  readonly ttft_ms: number | null
  readonly generation_ms: number | null
  readonly total_ms: number | null
  readonly prompt_tokens: number | null
  readonly completion_tokens: number | null
  readonly tokens_per_second: number | null
  readonly speed_source: Run["speedSource"]
  readonly server_ttft_ms: number | null
  readonly stop_reason: string | null
  readonly error: string | null
  readonly server_stats: string | null
  readonly model_info: string | null
  readonly runtime: string | null
  readonly request: string | null
  readonly reasoning: string
  readonly output: string
  /** Added by migration 0005. */
  readonly sent_params?: string | null
  readonly params_key?: string | null
  readonly machine_id?: number | null
  readonly load_ms?: number | null
  readonly prompt_ms?: number | null
  readonly prompt_eval_tokens?: number | null
  readonly cached_prompt_tokens?: number | null
  readonly server_generation_ms?: number | null
  readonly cold?: number | null
  readonly warm_ttft_ms?: number | null
  readonly peak_vram_mb?: number | null
  readonly energy_j?: number | null
  readonly seed?: number | null
  readonly context_length?: number | null
  readonly server_version?: string | null
}

export interface ScoreRow {
  readonly id: number
  readonly run_id: number
  readonly bot_id: number
  readonly prompt_id: number
  readonly points: number
  readonly note: string
  readonly source: Score["source"]
  readonly pinned: number
  readonly detail: string | null
  readonly created_at: string
}

/** Drops null/undefined fields: the domain types leave unknown values out rather than null. */
// for…in rather than Object.entries: this runs for every row of a listing, mostly before V8 has optimised it
const compact = <A>(fields: Record<string, unknown>): A => {
  const out: Record<string, unknown> = {}
  for (const k in fields) {
    const v = fields[k]
    if (v !== null && v !== undefined) out[k] = v
  }
  return out as A
}

const bool = (x: number | null): boolean | null => (x === null ? null : x !== 0)
export const bit = (x: boolean | undefined | null): number | null => (x === undefined || x === null ? null : x ? 1 : 0)

export const parseJson = (text: string | null): unknown => {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export const botFromRow = (r: BotRow): Bot => ({
  id: r.id,
  name: r.name,
  provider: r.provider,
  model: r.model,
  load: compact<LoadParams>({
    contextLength: r.context_length,
    gpuLayers: r.gpu_layers,
    gpuOffload: r.gpu_offload,
    batchSize: r.batch_size,
    threads: r.threads,
    flashAttention: bool(r.flash_attention),
    mmap: bool(r.mmap),
    mlock: bool(r.mlock),
    keepAlive: r.keep_alive
  }),
  sampling: compact<SamplingParams>({
    temperature: r.temperature,
    topK: r.top_k,
    topP: r.top_p,
    minP: r.min_p,
    repeatPenalty: r.repeat_penalty,
    frequencyPenalty: r.frequency_penalty,
    presencePenalty: r.presence_penalty,
    maxTokens: r.max_tokens
  }),
  meta: compact<ModelMeta>({
    type: r.model_type,
    publisher: r.publisher,
    arch: r.arch,
    quantization: r.quantization,
    format: r.format,
    sizeBytes: r.size_bytes,
    maxContext: r.max_context
  }),
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

/** The bot columns for a decoded bot (everything but id and timestamps). */
export const botColumns = (b: {
  readonly name: string
  readonly provider: string
  readonly model: string
  readonly load: LoadParams
  readonly sampling: SamplingParams
  readonly meta: ModelMeta
  readonly notes: string
}) => ({
  name: b.name,
  file_key: answerFileKey(b.name),
  params_key: paramsKey(b),
  provider: b.provider,
  model: b.model,
  context_length: b.load.contextLength ?? null,
  gpu_layers: b.load.gpuLayers ?? null,
  gpu_offload: b.load.gpuOffload ?? null,
  batch_size: b.load.batchSize ?? null,
  threads: b.load.threads ?? null,
  flash_attention: bit(b.load.flashAttention),
  mmap: bit(b.load.mmap),
  mlock: bit(b.load.mlock),
  keep_alive: b.load.keepAlive ?? null,
  temperature: b.sampling.temperature ?? null,
  top_k: b.sampling.topK ?? null,
  top_p: b.sampling.topP ?? null,
  min_p: b.sampling.minP ?? null,
  repeat_penalty: b.sampling.repeatPenalty ?? null,
  frequency_penalty: b.sampling.frequencyPenalty ?? null,
  presence_penalty: b.sampling.presencePenalty ?? null,
  max_tokens: b.sampling.maxTokens ?? null,
  model_type: b.meta.type ?? null,
  publisher: b.meta.publisher ?? null,
  arch: b.meta.arch ?? null,
  quantization: b.meta.quantization ?? null,
  format: b.meta.format ?? null,
  size_bytes: b.meta.sizeBytes ?? null,
  max_context: b.meta.maxContext ?? null,
  notes: b.notes
})

export const categoryFromRow = (r: CategoryRow): Category => ({
  key: r.key,
  title: r.title,
  systemPrompt: r.system_prompt,
  temperature: r.temperature,
  order: r.ord
})

const rubricFromText = (text: string): ReadonlyArray<Criterion> => {
  const parsed = parseJson(text)
  return Array.isArray(parsed) ? (parsed as ReadonlyArray<Criterion>) : []
}

/** A prompt row as suite input (no id, no edited flag). */
export const promptInputFromRow = (r: PromptRow): PromptInput => ({
  category: r.category,
  slug: r.slug,
  order: r.ord,
  title: r.title,
  text: r.text,
  points: r.points,
  ...(r.temperature !== null ? { temperature: r.temperature } : {}),
  useSystemPrompt: r.use_system_prompt !== 0,
  ...(r.grp !== null ? { group: r.grp } : {}),
  rubric: rubricFromText(r.rubric)
})

export const promptFromRow = (r: PromptRow): Prompt => ({
  ...promptInputFromRow(r),
  id: r.id,
  edited: r.edited !== 0
})

/** The prompt columns for a decoded prompt input. */
export const promptColumns = (p: PromptInput) => ({
  category: p.category,
  slug: p.slug,
  ord: p.order,
  title: p.title,
  text: p.text,
  points: p.points,
  temperature: p.temperature ?? null,
  use_system_prompt: p.useSystemPrompt ? 1 : 0,
  grp: p.group ?? null,
  rubric: JSON.stringify(p.rubric.map((c) => ({ points: c.points, text: c.text }))),
  rubric_text: p.rubric.map((c) => c.text).join("\n")
})

export const runFromRow = (r: RunRow): Run => ({
  id: r.id,
  botId: r.bot_id,
  promptId: r.prompt_id,
  provider: r.provider,
  model: r.model,
  answeredModel: r.answered_model,
  demo: r.demo !== 0,
  status: r.status,
  request: parseJson(r.request),
  output: r.output,
  reasoning: r.reasoning,
  error: r.error,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  ttftMs: r.ttft_ms,
  generationMs: r.generation_ms,
  totalMs: r.total_ms,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  tokensPerSecond: r.tokens_per_second,
  speedSource: r.speed_source,
  serverTtftMs: r.server_ttft_ms,
  stopReason: r.stop_reason,
  serverStats: parseJson(r.server_stats),
  modelInfo: parseJson(r.model_info),
  runtime: parseJson(r.runtime),
  sentParams: parseJson(r.sent_params ?? null),
  paramsKey: r.params_key ?? null,
  machineId: r.machine_id ?? null,
  loadMs: r.load_ms ?? null,
  promptMs: r.prompt_ms ?? null,
  promptEvalTokens: r.prompt_eval_tokens ?? null,
  cachedPromptTokens: r.cached_prompt_tokens ?? null,
  serverGenerationMs: r.server_generation_ms ?? null,
  cold: r.cold === null || r.cold === undefined ? null : r.cold !== 0,
  warmTtftMs: r.warm_ttft_ms ?? null,
  peakVramMb: r.peak_vram_mb ?? null,
  energyJ: r.energy_j ?? null,
  seed: r.seed ?? null,
  contextLength: r.context_length ?? null,
  serverVersion: r.server_version ?? null
})

export const scoreFromRow = (r: ScoreRow): Score => ({
  id: r.id,
  runId: r.run_id,
  points: r.points,
  note: r.note,
  source: r.source,
  pinned: r.pinned !== 0,
  detail: parseJson(r.detail),
  createdAt: r.created_at
})

/** What a suite load compares: the prompt as the file gives it (each store hashes this text with sha256). */
export const promptSource = (p: PromptInput): string =>
  JSON.stringify([p.order, p.title, p.text, p.points, p.temperature ?? null, p.useSystemPrompt, p.group ?? null, p.rubric.map((c) => [c.points, c.text])])

const RUN_PROGRESS_COLUMNS = {
  answeredModel: "answered_model",
  ttftMs: "ttft_ms",
  generationMs: "generation_ms",
  totalMs: "total_ms",
  promptTokens: "prompt_tokens",
  completionTokens: "completion_tokens",
  tokensPerSecond: "tokens_per_second",
  serverTtftMs: "server_ttft_ms",
  stopReason: "stop_reason",
  endedAt: "ended_at",
  error: "error",
  speedSource: "speed_source",
  machineId: "machine_id",
  loadMs: "load_ms",
  promptMs: "prompt_ms",
  promptEvalTokens: "prompt_eval_tokens",
  cachedPromptTokens: "cached_prompt_tokens",
  serverGenerationMs: "server_generation_ms",
  warmTtftMs: "warm_ttft_ms",
  peakVramMb: "peak_vram_mb",
  energyJ: "energy_j",
  seed: "seed",
  contextLength: "context_length",
  serverVersion: "server_version"
} as const

const NUMBER_FIELDS = [
  "ttftMs",
  "generationMs",
  "totalMs",
  "promptTokens",
  "completionTokens",
  "tokensPerSecond",
  "serverTtftMs",
  "loadMs",
  "promptMs",
  "promptEvalTokens",
  "cachedPromptTokens",
  "serverGenerationMs",
  "warmTtftMs",
  "peakVramMb",
  "energyJ",
  "seed",
  "contextLength"
] as const
const JSON_FIELDS = { request: "request", serverStats: "server_stats", modelInfo: "model_info", runtime: "runtime" } as const

const RUN_STATUSES: ReadonlySet<string> = new Set(RunStatus.literals)
const SPEED_SOURCES: ReadonlySet<string> = new Set(SpeedSource.literals)

/**
 * The run columns a progress update sets (only the fields given, plus status, output and reasoning), after
 * checking them: a streaming run is updated about once a second with one UPDATE of these.
 */
export const runProgressColumns = (progress: RunProgress): Effect.Effect<Record<string, unknown>, InvalidInput> =>
  Effect.gen(function* () {
    if (!RUN_STATUSES.has(progress.status)) {
      return yield* Effect.fail(invalid("status", `must be one of ${[...RUN_STATUSES].join(", ")}, got ${String(progress.status)}`))
    }
    if (typeof progress.output !== "string") return yield* Effect.fail(invalid("output", "must be text"))
    if (typeof progress.reasoning !== "string") return yield* Effect.fail(invalid("reasoning", "must be text"))
    if (progress.speedSource !== undefined && progress.speedSource !== null && !SPEED_SOURCES.has(progress.speedSource)) {
      return yield* Effect.fail(invalid("speedSource", `must be one of ${[...SPEED_SOURCES].join(", ")}, got ${String(progress.speedSource)}`))
    }
    for (const field of NUMBER_FIELDS) yield* finite(field, progress[field])
    const set: Record<string, unknown> = { status: progress.status, output: progress.output, reasoning: progress.reasoning }
    for (const [field, column] of Object.entries(RUN_PROGRESS_COLUMNS)) {
      const value = progress[field as keyof typeof RUN_PROGRESS_COLUMNS]
      if (value !== undefined) set[column] = value
    }
    if (progress.cold !== undefined) set["cold"] = progress.cold === null ? null : progress.cold ? 1 : 0
    for (const [field, column] of Object.entries(JSON_FIELDS)) {
      if (field in progress && progress[field as keyof typeof JSON_FIELDS] !== undefined) {
        set[column] = yield* json(field, progress[field as keyof typeof JSON_FIELDS])
      }
    }
    return set
  })

/** A run with its score and whether it is the counted one, as `listScores` selects them (both stores). */
export type ScoredRunRow = RunRow & {
  readonly score_id: number
  readonly score_points: number
  readonly score_note: string
  readonly score_source: Score["source"]
  readonly score_pinned: number
  readonly score_detail: string | null
  readonly score_created_at: string
  /** 0/1 on SQLite, a boolean on Postgres */
  readonly counted: number | boolean
}

export const scoredRunFromRow = (r: ScoredRunRow): ScoredRun => ({
  score: scoreFromRow({
    id: r.score_id,
    run_id: r.id,
    bot_id: r.bot_id,
    prompt_id: r.prompt_id,
    points: r.score_points,
    note: r.score_note,
    source: r.score_source,
    pinned: r.score_pinned,
    detail: r.score_detail,
    created_at: r.score_created_at
  }),
  run: runFromRow(r),
  counted: r.counted === true || r.counted === 1
})

/** A bot's leaderboard figures as `leaderboard()` selects them: `points` is a JSON object text. */
export interface LeaderboardRow {
  readonly id: number
  readonly name: string
  readonly provider: string
  readonly model: string
  readonly points: string
  readonly scored: number
  readonly runs: number
  readonly avg_tps: number | null
  readonly avg_ttft: number | null
}

export const leaderboardFromRow = (r: LeaderboardRow): LeaderboardTotals => ({
  botId: r.id,
  bot: r.name,
  provider: r.provider,
  model: r.model,
  points: JSON.parse(r.points) as Record<string, number>,
  scored: r.scored,
  runs: r.runs,
  avgTokensPerSecond: r.avg_tps,
  avgTtftMs: r.avg_ttft
})

/** An output search hit as both stores select it. */
export interface OutputHitRow {
  readonly run_id: number
  readonly score: number
  readonly snippet: string
  readonly bot_id: number
  readonly bot: string
  readonly prompt_id: number
  readonly prompt_title: string
  readonly category: string
}

export const outputHitFromRow = (r: OutputHitRow): OutputHit => ({
  runId: r.run_id,
  botId: r.bot_id,
  bot: r.bot,
  promptId: r.prompt_id,
  promptTitle: r.prompt_title,
  category: r.category,
  snippet: r.snippet,
  rank: r.score
})
