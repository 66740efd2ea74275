import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Bot } from "../domain/Bot.js"
import type { Prompt } from "../domain/Prompt.js"
import type { Run } from "../domain/Run.js"
import { InvalidInput, ProviderError } from "../errors.js"
import { serverGone, waitForServer } from "../serverWait.js"
import type { Timeouts } from "../config.js"
import { Providers, type ChatRequest, type Service as ProviderService, type StructuredOutput } from "../services/Provider.js"
import { Store, type StoreFailure } from "../services/Store.js"
import { familyReasons } from "./family.js"
import { parseVerdicts, scoreVerdicts } from "./parse.js"
import { JUDGE_SYSTEM, judgeableItems, judgeMessage, judgeSeed, orderItems, verdictSchema } from "./request.js"
import type { JudgeScore } from "./types.js"

/** What one judge command works through: the latest complete run of each bot on each prompt. */
export interface JudgeTarget {
  readonly bot: Bot
  readonly prompt: Prompt
  readonly run: Run
}

export interface JudgeOptions {
  readonly judge: Bot
  readonly bots: ReadonlyArray<Bot>
  /** Category keys, in order. */
  readonly categories: ReadonlyArray<string>
  /** Judge again runs this judge has already judged. */
  readonly rerun?: boolean
  readonly timeouts: Timeouts
  /** How long to wait, retrying with back-off, for a judge's server that went away (0: stop at once). */
  readonly retryForMs?: number
  readonly onEvent?: (event: JudgeEvent) => void
}

export type JudgeEvent =
  | { readonly type: "plan"; readonly total: number; readonly skipped: number; readonly unrun: number; readonly family: ReadonlyArray<{ readonly bot: Bot; readonly reasons: ReadonlyArray<string> }> }
  | { readonly type: "judge-start"; readonly target: JudgeTarget; readonly index: number; readonly total: number }
  | { readonly type: "waiting"; readonly error: ProviderError; readonly retryInMs: number; readonly waitedMs: number }
  | { readonly type: "attempt-failed"; readonly target: JudgeTarget; readonly attempt: number; readonly error: string }
  | {
      readonly type: "judge-end"
      readonly target: JudgeTarget
      /** null when the judge's server failed (nothing recorded: the run is judged next time). */
      readonly score: JudgeScore | null
      readonly error: string | null
      readonly index: number
      readonly total: number
    }

export interface JudgeSummary {
  readonly judge: string
  readonly planned: number
  readonly scored: number
  /** Judgements recorded as failures: the judge's answers did not parse twice. */
  readonly failed: number
  /** Runs the judge's server could not answer for; judged next time. */
  readonly errors: number
  /** Already judged by this judge (judged again with --rerun). */
  readonly skipped: number
  /** Prompts without a complete run to judge. */
  readonly unrun: number
  readonly ms: number
  readonly stopped: string | null
  readonly lastError: string | null
}

/** One attempt more after an answer that does not parse; then it is recorded as a failure. */
export const JUDGE_ATTEMPTS = 2


/** The text of an answer, with a time limit for the whole of it. */
export const askText = (provider: ProviderService, request: ChatRequest, timeouts: Timeouts): Effect.Effect<string, ProviderError> =>
  provider.chat(request).pipe(
    Stream.runFold("", (text, part) => (part.type === "text-delta" ? text + part.delta : text)),
    Effect.timeoutFail({
      duration: Duration.millis(timeouts.firstTokenMs + timeouts.idleMs),
      onTimeout: () => new ProviderError({ provider: provider.name, reason: "Timeout", detail: `the judge did not finish its answer within ${Math.round((timeouts.firstTokenMs + timeouts.idleMs) / 1000)}s` })
    })
  )

/** The judge's request: its own model and parameters (temperature 0 unless it has one), the schema in `structured`. */
export const judgeRequest = (judge: Bot, prompt: string, structured: StructuredOutput): ChatRequest => ({
  model: judge.model,
  system: JUDGE_SYSTEM,
  prompt,
  load: judge.load,
  sampling: { ...judge.sampling, temperature: judge.sampling.temperature ?? 0 },
  structured
})

/**
 * Judges one run: the judgeable rubric items in a seeded order, asked as JSON with a schema, parsed strictly,
 * asked once more if the answer does not parse, then recorded as scored or failed. A server error records
 * nothing and is returned.
 */
export const judgeRun = (judge: Bot, provider: ProviderService, target: JudgeTarget, timeouts: Timeouts, onAttemptFailed?: (attempt: number, error: string) => void) =>
  Effect.gen(function* () {
    const store = yield* Store
    const { prompt, run } = target
    const items = judgeableItems(prompt.rubric)
    const seed = judgeSeed(run.id, judge.id)
    const ordered = orderItems(items, seed)
    const maxPoints = items.reduce((s, i) => s + i.points, 0)
    const request = judgeRequest(judge, judgeMessage(prompt.text, run.output, ordered), { name: "rubric_verdicts", schema: verdictSchema(ordered) })
    const raw: Array<string> = []
    const errors: Array<string> = []
    const base = { runId: run.id, judgeBotId: judge.id, maxPoints, partial: items.length < prompt.rubric.length, seed, order: ordered.map((i) => i.index) }
    for (let attempt = 1; attempt <= JUDGE_ATTEMPTS; attempt++) {
      const answer = yield* Effect.either(askText(provider, request, timeouts))
      if (answer._tag === "Left") return { score: null, error: answer.left } as const
      raw.push(answer.right)
      const parsed = parseVerdicts(answer.right, ordered)
      if (parsed.ok) {
        const score = yield* store.saveJudgeScore({ ...base, status: "scored", points: scoreVerdicts(parsed.items, Math.min(maxPoints, prompt.points)), items: parsed.items, raw, error: null })
        return { score, error: null } as const
      }
      errors.push(`answer ${attempt}: ${parsed.error}`)
      onAttemptFailed?.(attempt, parsed.error)
    }
    const score = yield* store.saveJudgeScore({ ...base, status: "failed", points: null, items: [], raw, error: errors.join("; ") })
    return { score, error: null } as const
  })

/** The latest complete run of each bot on each prompt of the categories, and what is left to judge. */
export const judgePlan = (options: Pick<JudgeOptions, "judge" | "bots" | "categories" | "rerun">) =>
  Effect.gen(function* () {
    const store = yield* Store
    const known = new Map((yield* store.listCategories()).map((c) => [c.key, c]))
    const prompts: Array<Prompt> = []
    for (const key of options.categories) {
      if (!known.has(key)) return yield* Effect.fail(new InvalidInput({ field: "--category", reason: `no category "${key}" (known: ${[...known.keys()].join(", ")})` }))
      prompts.push(...(yield* store.listPrompts(key)))
    }
    const judged = new Set((yield* store.listJudgeScores({ judgeBotId: options.judge.id })).map((s) => s.runId))
    const todo: Array<JudgeTarget> = []
    let skipped = 0
    let unrun = 0
    for (const bot of options.bots) {
      const latest = new Map<number, Run>()
      // newest first: the first complete run of a prompt is its latest
      for (const r of yield* store.listRuns({ botId: bot.id, status: "complete", limit: 1_000_000 })) if (!latest.has(r.promptId)) latest.set(r.promptId, r)
      for (const prompt of prompts) {
        const run = latest.get(prompt.id)
        if (run === undefined) unrun++
        else if (judgeableItems(prompt.rubric).length === 0) continue
        else if (!options.rerun && judged.has(run.id)) skipped++
        else todo.push({ bot, prompt, run })
      }
    }
    return { todo, skipped, unrun }
  })

/** Judges every run of the plan, one at a time; running it again resumes where it stopped. */
export const judgeRuns = (options: JudgeOptions): Effect.Effect<JudgeSummary, StoreFailure, Store | Providers> =>
  Effect.gen(function* () {
    const emit = options.onEvent ?? (() => {})
    const started = yield* Clock.currentTimeMillis
    const { todo, skipped, unrun } = yield* judgePlan(options)
    const family = options.bots.map((bot) => ({ bot, reasons: familyReasons(options.judge, bot) })).filter((f) => f.reasons.length > 0)
    emit({ type: "plan", total: todo.length, skipped, unrun, family })
    let scored = 0
    let failed = 0
    let errors = 0
    let lastError: string | null = null
    const summary = (stopped: string | null) =>
      Effect.map(Clock.currentTimeMillis, (now): JudgeSummary => ({ judge: options.judge.name, planned: todo.length, scored, failed, errors, skipped, unrun, ms: now - started, stopped, lastError }))
    if (todo.length === 0) return yield* summary(null)
    const provider = yield* Effect.either((yield* Providers).get(options.judge.provider))
    if (provider._tag === "Left") {
      errors = todo.length
      return yield* summary(`the judge's provider: ${provider.left.message}`)
    }
    for (const [i, target] of todo.entries()) {
      let since: number | null = null
      while (true) {
        emit({ type: "judge-start", target, index: i + 1, total: todo.length })
        const result = yield* judgeRun(options.judge, provider.right, target, options.timeouts, (attempt, error) => emit({ type: "attempt-failed", target, attempt, error }))
        emit({ type: "judge-end", target, score: result.score, error: result.error?.message ?? null, index: i + 1, total: todo.length })
        const error = result.error
        if (error === null) {
          if (result.score?.status === "scored") scored++
          else failed++
          break
        }
        lastError = error.message
        if (error.reason === "ModelNotFound") {
          errors++
          return yield* summary(error.message)
        }
        if (!serverGone(error)) {
          errors++
          break
        }
        // the judge's server went away: wait for it, then judge this run again
        since ??= yield* Clock.currentTimeMillis
        const retryForMs = options.retryForMs ?? 0
        const back = yield* waitForServer(provider.right, retryForMs, since, (retryInMs, waitedMs) => emit({ type: "waiting", error, retryInMs, waitedMs }))
        if (!back) {
          errors++
          return yield* summary(`${options.judge.provider} did not come back within ${Math.round(retryForMs / 1000)}s (retryForMs): ${error.message}`)
        }
      }
    }
    return yield* summary(null)
  })
