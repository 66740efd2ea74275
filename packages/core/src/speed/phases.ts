import type { ServerTimings } from "../services/Provider.js"

/**
 * Ollama reports a load_duration on every answer: a few ms when the model is already in memory, seconds
 * when this request loaded it. Above this the run counts as cold. (LM Studio says so itself: its
 * `model_load_time_seconds` comes only when the request loaded the model.)
 */
export const COLD_LOAD_MS = 250

/** The phases of one run, apart; each null when neither the server nor LLP measured it. */
export interface RunPhases {
  /** Model load done by this request (server's figure). */
  readonly loadMs: number | null
  /** Prompt processing, the server's figure (llama.cpp prompt_ms, Ollama prompt_eval_duration). */
  readonly promptMs: number | null
  /** Prompt tokens the server actually processed (not taken from its prompt cache). */
  readonly promptEvalTokens: number | null
  /** Prompt tokens reused from the server's prompt cache (llama.cpp cache_n, Ollama prompt_eval_cached_count). */
  readonly cachedPromptTokens: number | null
  /** Generation, the server's figure (llama.cpp predicted_ms, Ollama eval_duration). */
  readonly serverGenerationMs: number | null
  /** true: the model was loaded by this request; null: the server does not tell. */
  readonly cold: boolean | null
  /** Time to first token without the model load: the client's TTFT, less the server's load time on a cold run. */
  readonly warmTtftMs: number | null
}

const orNull = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n)

export const coldOf = (timings: ServerTimings | undefined): boolean | null => {
  if (timings?.cold !== undefined) return timings.cold
  if (timings?.loadMs === undefined) return null
  return timings.loadMs >= COLD_LOAD_MS
}

/** The phases from the server's timings and the client's time to first token. */
export const phasesOf = (timings: ServerTimings | undefined, clientTtftMs: number | null): RunPhases => {
  const cold = coldOf(timings)
  const loadMs = orNull(timings?.loadMs)
  const warmTtftMs = clientTtftMs === null ? null : cold === true && loadMs !== null ? Math.max(0, clientTtftMs - loadMs) : clientTtftMs
  return {
    loadMs,
    promptMs: orNull(timings?.promptMs),
    promptEvalTokens: orNull(timings?.promptEvalTokens),
    cachedPromptTokens: orNull(timings?.cachedPromptTokens),
    serverGenerationMs: orNull(timings?.generationMs),
    cold,
    warmTtftMs
  }
}

/** Prompt-processing speed from the server's own figures: processed tokens over prompt time; null when either is missing. */
export const promptTokensPerSecond = (phases: Pick<RunPhases, "promptMs" | "promptEvalTokens">): number | null =>
  phases.promptMs !== null && phases.promptEvalTokens !== null && phases.promptMs > 0 ? (phases.promptEvalTokens * 1000) / phases.promptMs : null
