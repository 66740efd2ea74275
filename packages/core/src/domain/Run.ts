import * as Schema from "effect/Schema"

export const RunStatus = Schema.Literal("streaming", "complete", "cancelled", "failed")
export type RunStatus = typeof RunStatus.Type

/** Where a tokens/s figure came from: the server's own, or counted by LLP from the stream. */
export const SpeedSource = Schema.Literal("server", "client", "estimated", "manual")
export type SpeedSource = typeof SpeedSource.Type

export const Run = Schema.Struct({
  id: Schema.Int,
  botId: Schema.Int,
  promptId: Schema.Int,
  provider: Schema.String,
  /** The model asked for. */
  model: Schema.String,
  /** The model the server says answered; differs from `model` when a server ignores the request's model. */
  answeredModel: Schema.NullOr(Schema.String),
  demo: Schema.Boolean,
  status: RunStatus,
  /** The request exactly as sent (JSON). */
  request: Schema.Unknown,
  output: Schema.String,
  reasoning: Schema.String,
  error: Schema.NullOr(Schema.String),
  startedAt: Schema.String,
  endedAt: Schema.NullOr(Schema.String),
  /** Client-side: request start to first text or reasoning token. */
  ttftMs: Schema.NullOr(Schema.Number),
  /** Client-side: first token to last token. */
  generationMs: Schema.NullOr(Schema.Number),
  /** Client-side: request start to end of stream. */
  totalMs: Schema.NullOr(Schema.Number),
  promptTokens: Schema.NullOr(Schema.Number),
  completionTokens: Schema.NullOr(Schema.Number),
  tokensPerSecond: Schema.NullOr(Schema.Number),
  speedSource: Schema.NullOr(SpeedSource),
  /** The server's own time to first token, when it reports one. */
  serverTtftMs: Schema.NullOr(Schema.Number),
  stopReason: Schema.NullOr(Schema.String),
  /** The server's raw statistics, verbatim. */
  serverStats: Schema.Unknown,
  modelInfo: Schema.Unknown,
  runtime: Schema.Unknown,
  /** The load and sampling parameters the request carried (JSON); absent for runs made before LLP recorded them. */
  sentParams: Schema.optional(Schema.Unknown),
  /** The key of the bot's parameters when the run started (`paramsKey`); null for runs made before LLP recorded it. */
  paramsKey: Schema.optional(Schema.NullOr(Schema.String)),
  // -- speed you can trust (migration 0006); optional so that runs made by older code still read
  /** The machine profile the run was made on (`llp machine`); null for runs from before profiles, or entered by hand. */
  machineId: Schema.optional(Schema.NullOr(Schema.Int)),
  /** Model load done by this request, the server's figure. */
  loadMs: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Prompt processing, the server's figure. */
  promptMs: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Prompt tokens the server processed (not from its cache). */
  promptEvalTokens: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Prompt tokens the server took from its prompt cache. */
  cachedPromptTokens: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Generation, the server's figure (generationMs is the client's). */
  serverGenerationMs: Schema.optional(Schema.NullOr(Schema.Number)),
  /** true: this request loaded the model; null: the server does not tell. */
  cold: Schema.optional(Schema.NullOr(Schema.Boolean)),
  /** Time to first token without the model load (the leaderboard's TTFT). */
  warmTtftMs: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Highest GPU memory in use during the run, MB: nvidia-smi/rocm-smi (all processes), else the server's figure for the model (Ollama size_vram). */
  peakVramMb: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Energy above idle during the run, J (NVIDIA). */
  energyJ: Schema.optional(Schema.NullOr(Schema.Number)),
  /** The seed sent, when one was. */
  seed: Schema.optional(Schema.NullOr(Schema.Number)),
  /** The context length asked for or reported. */
  contextLength: Schema.optional(Schema.NullOr(Schema.Number)),
  /** "ollama 0.12.6", "llama.cpp b5000", LM Studio's runtime name and version. */
  serverVersion: Schema.optional(Schema.NullOr(Schema.String))
})
export type Run = typeof Run.Type

/** What is known when a run starts. */
export interface RunStart {
  readonly botId: number
  readonly promptId: number
  readonly provider: string
  readonly model: string
  readonly demo: boolean
  readonly request: unknown
  readonly startedAt: string
  readonly machineId?: number | null
  /** The load and sampling parameters sent; the store takes the bot's current ones when absent. */
  readonly sentParams?: unknown
  /**
   * The key of the parameters the run was made with, kept by an import (null: from before LLP recorded it);
   * the store takes the bot's current key when absent.
   */
  readonly paramsKey?: string | null
}

/** The state of a run as it streams or when it ends; every field replaces the stored one. */
export interface RunProgress {
  readonly status: RunStatus
  readonly output: string
  readonly reasoning: string
  /** The request as sent, once the provider has built it. */
  readonly request?: unknown
  readonly error?: string | null
  readonly endedAt?: string | null
  readonly answeredModel?: string | null
  readonly ttftMs?: number | null
  readonly generationMs?: number | null
  readonly totalMs?: number | null
  readonly promptTokens?: number | null
  readonly completionTokens?: number | null
  readonly tokensPerSecond?: number | null
  readonly speedSource?: SpeedSource | null
  readonly serverTtftMs?: number | null
  readonly stopReason?: string | null
  readonly serverStats?: unknown
  readonly modelInfo?: unknown
  readonly runtime?: unknown
  readonly loadMs?: number | null
  readonly promptMs?: number | null
  readonly promptEvalTokens?: number | null
  readonly cachedPromptTokens?: number | null
  readonly serverGenerationMs?: number | null
  readonly cold?: boolean | null
  readonly warmTtftMs?: number | null
  readonly peakVramMb?: number | null
  readonly energyJ?: number | null
  readonly seed?: number | null
  readonly contextLength?: number | null
  readonly serverVersion?: string | null
  /** Set once the machine is known (the run's row may be written before). */
  readonly machineId?: number | null
}

/** A run made outside LLP and entered by hand in the Ingressor. */
export interface ManualRun {
  readonly botId: number
  readonly promptId: number
  readonly output: string
  readonly tokensPerSecond?: number
  readonly ttftMs?: number
  readonly completionTokens?: number
  readonly stopReason?: string
  /** The machine the figures were measured on (the Ingressor says this one). */
  readonly machineId?: number | null
}

export interface RunFilter {
  readonly botId?: number
  readonly promptId?: number
  readonly category?: string
  readonly status?: RunStatus
  readonly limit?: number
  /** Runs made on this machine profile only. */
  readonly machineId?: number
}
