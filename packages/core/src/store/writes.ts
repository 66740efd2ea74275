import * as Effect from "effect/Effect"
import type { Bot } from "../domain/Bot.js"
import type { PromptInput } from "../domain/Prompt.js"
import type { ManualRun, RunStart } from "../domain/Run.js"
import { ScoreSource, type ScoreInput } from "../domain/Score.js"
import type { InvalidInput } from "../errors.js"
import { paramsKey } from "../params.js"
import { finite, invalid, json } from "./errors.js"

// The rows both stores write for a run, a manual run, a score and a suite load, built and checked once.

/** The columns of a run as it starts streaming; what was sent defaults to the bot's current parameters. */
export const startRunColumns = (start: RunStart, bot: Bot): Effect.Effect<Record<string, unknown>, InvalidInput> =>
  Effect.gen(function* () {
    const request = yield* json("request", start.request)
    const sent = yield* json("sentParams", start.sentParams ?? { load: bot.load, sampling: bot.sampling })
    return {
      bot_id: start.botId,
      prompt_id: start.promptId,
      provider: start.provider,
      model: start.model,
      demo: start.demo ? 1 : 0,
      status: "streaming",
      started_at: start.startedAt,
      request,
      sent_params: sent,
      params_key: start.paramsKey !== undefined ? start.paramsKey : paramsKey(bot),
      machine_id: start.machineId ?? null
    }
  })

/** A manual run's text and figures: text, and finite numbers of 0 or more. */
export const checkManualRun = (run: ManualRun): Effect.Effect<void, InvalidInput> =>
  Effect.gen(function* () {
    if (typeof run.output !== "string") return yield* Effect.fail(invalid("output", "must be text"))
    for (const field of ["tokensPerSecond", "ttftMs", "completionTokens"] as const) {
      const value = yield* finite(field, run[field])
      if (value !== undefined && value !== null && value < 0) return yield* Effect.fail(invalid(field, `must be 0 or more, got ${value}`))
    }
  })

/** The columns of a run entered by hand (saved complete, at `at`). */
export const manualRunColumns = (run: ManualRun, bot: Bot, at: string): Record<string, unknown> => ({
  bot_id: run.botId,
  prompt_id: run.promptId,
  provider: bot.provider,
  model: bot.model,
  demo: 0,
  status: "complete",
  started_at: at,
  ended_at: at,
  ttft_ms: run.ttftMs ?? null,
  completion_tokens: run.completionTokens ?? null,
  tokens_per_second: run.tokensPerSecond ?? null,
  speed_source: run.tokensPerSecond !== undefined ? "manual" : null,
  stop_reason: run.stopReason ?? null,
  output: run.output,
  // made outside LLP: what it was sent is unknown, it counts as made with the bot's parameters of now
  params_key: paramsKey(bot),
  machine_id: run.machineId ?? null
})

const SCORE_SOURCES: ReadonlySet<string> = new Set(ScoreSource.literals)

/** A score's source and note (before the run is looked up). */
export const checkScoreInput = (input: ScoreInput): Effect.Effect<{ readonly source: ScoreSource; readonly note: string }, InvalidInput> => {
  const source = input.source ?? "manual"
  if (!SCORE_SOURCES.has(source)) return Effect.fail(invalid("source", `must be one of ${[...SCORE_SOURCES].join(", ")}, got ${String(source)}`))
  if (input.note !== undefined && typeof input.note !== "string") return Effect.fail(invalid("note", "must be text"))
  return Effect.succeed({ source, note: input.note ?? "" })
}

/** A score's points within 0 … the prompt's points, and its detail as JSON text. */
export const checkScorePoints = (input: ScoreInput, maxPoints: number): Effect.Effect<{ readonly points: number; readonly detail: string | null }, InvalidInput> =>
  Effect.gen(function* () {
    const points = input.points
    if (typeof points !== "number" || !Number.isFinite(points) || points < 0 || points > maxPoints) {
      return yield* Effect.fail(invalid("points", `must be between 0 and ${maxPoints} (the prompt's points), got ${String(points)}`))
    }
    return { points, detail: yield* json("detail", input.detail) }
  })

/** What loading a suite does to one prompt. */
export type SuiteStep =
  | { readonly kind: "insert"; readonly prompt: PromptInput; readonly hash: string }
  | { readonly kind: "update"; readonly id: number; readonly prompt: PromptInput; readonly hash: string }
  | { readonly kind: "rehash"; readonly id: number; readonly hash: string }

/**
 * A suite load's steps and counts: a prompt missing is added, one changed in the file and not edited in LLP is
 * updated, one a person edited is kept; `rehash` records the file's hash on an unchanged prompt that lacks it.
 */
export const planSuiteLoad = (
  prompts: ReadonlyArray<PromptInput>,
  existing: ReadonlyMap<string, { readonly id: number; readonly edited: number; readonly source_hash: string | null; readonly input: PromptInput }>,
  hash: (p: PromptInput) => string
) => {
  const steps: Array<SuiteStep> = []
  let added = 0
  let updated = 0
  let unchanged = 0
  let keptEdited = 0
  for (const p of prompts) {
    const h = hash(p)
    const row = existing.get(p.slug)
    if (row === undefined) {
      steps.push({ kind: "insert", prompt: p, hash: h })
      added++
    } else if (row.edited !== 0) {
      keptEdited++
    } else if (hash(row.input) !== h) {
      steps.push({ kind: "update", id: row.id, prompt: p, hash: h })
      updated++
    } else {
      if (row.source_hash !== h) steps.push({ kind: "rehash", id: row.id, hash: h })
      unchanged++
    }
  }
  return { steps, added, updated, unchanged, keptEdited }
}
