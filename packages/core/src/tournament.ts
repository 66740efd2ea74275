import { paramsKey } from "./params.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { Bot } from "./domain/Bot.js"
import type { Category } from "./domain/Category.js"
import type { Prompt } from "./domain/Prompt.js"
import type { Run } from "./domain/Run.js"
import { InvalidInput, type ProviderError } from "./errors.js"
import type { Timeouts } from "./config.js"
import { conduct, type RunSnapshot } from "./conduct.js"
import { Providers, type LoadReport, type Service as ProviderService } from "./services/Provider.js"
import { Store, type StoreFailure } from "./services/Store.js"
import { serverGone, waitForServer } from "./serverWait.js"
import { loadKey } from "./sweep.js"

export interface TournamentOptions {
  readonly bots: ReadonlyArray<Bot>
  /** Category keys, in the order to run them. */
  readonly categories: ReadonlyArray<string>
  /** Run again even where a complete run exists. */
  readonly rerun?: boolean
  /** Complete runs wanted per bot and prompt. */
  readonly repeat?: number
  readonly timeouts: Timeouts
  /** How long to wait, retrying with back-off, for a server that went away. */
  readonly retryForMs: number
  readonly onEvent?: (event: TournamentEvent) => void
  /** Called after each saved complete run (the archive). */
  readonly onSaved?: (run: Run, bot: Bot, prompt: Prompt) => Effect.Effect<void>
}

export interface PlannedRun {
  readonly bot: Bot
  readonly prompt: Prompt
  readonly category: Category
}

export type TournamentEvent =
  | { readonly type: "plan"; readonly total: number; readonly skipped: number }
  | { readonly type: "bot-start"; readonly bot: Bot; readonly runs: number }
  | { readonly type: "load"; readonly bot: Bot; readonly report: LoadReport | null; readonly note: string | null }
  | { readonly type: "warm-up"; readonly bot: Bot; readonly ms: number }
  | { readonly type: "run-start"; readonly bot: Bot; readonly prompt: Prompt; readonly index: number; readonly total: number }
  | { readonly type: "progress"; readonly bot: Bot; readonly prompt: Prompt; readonly snapshot: RunSnapshot }
  | { readonly type: "run-end"; readonly bot: Bot; readonly prompt: Prompt; readonly run: Run; readonly error: ProviderError | null; readonly index: number; readonly total: number }
  | { readonly type: "waiting"; readonly bot: Bot; readonly error: ProviderError; readonly retryInMs: number; readonly waitedMs: number }
  | { readonly type: "bot-end"; readonly bot: Bot; readonly summary: BotSummary }

export interface BotSummary {
  readonly bot: string
  readonly planned: number
  readonly complete: number
  readonly failed: number
  readonly skippedExisting: number
  readonly ms: number
  readonly errors: ReadonlyArray<string>
}

export interface TournamentSummary {
  readonly bots: ReadonlyArray<BotSummary>
  readonly ms: number
  /** Why the tournament stopped early, if it did. */
  readonly stopped: string | null
}


const WARM_UP = "Reply with the single word: ready"

/** Bots that load the same model with the same load parameters, brought together (first come first). */
const byLoad = (bots: ReadonlyArray<Bot>): ReadonlyArray<Bot> => {
  const groups = new Map<string, Array<Bot>>()
  for (const bot of bots) {
    const key = loadKey(bot)
    const group = groups.get(key)
    if (group) group.push(bot)
    else groups.set(key, [bot])
  }
  return [...groups.values()].flat()
}

/**
 * Loads a bot's model with its load parameters where the provider can (a provider that cannot is not an
 * error), then warms it up, not counted: the first request after a load pays for it. The local tournament
 * and each distributed worker prepare a bot this way.
 */
export const loadAndWarmUp = (
  p: ProviderService,
  bot: Bot,
  prompt: Prompt,
  category: Category,
  timeouts: Timeouts,
  emit: (event: TournamentEvent) => void
): Effect.Effect<void, never, Store | Providers> =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(p.load(bot.model, bot.load))
    if (loaded._tag === "Right") emit({ type: "load", bot, report: loaded.right, note: null })
    else emit({ type: "load", bot, report: null, note: loaded.left.reason === "Unsupported" ? loaded.left.detail : `load failed: ${loaded.left.message}` })
    const warmStart = yield* Clock.currentTimeMillis
    const warmPrompt: Prompt = { ...prompt, text: WARM_UP, useSystemPrompt: false }
    yield* conduct({ bot: { ...bot, sampling: { ...bot.sampling, maxTokens: 8 } }, prompt: warmPrompt, category, timeouts, persist: false }).pipe(Effect.ignore)
    emit({ type: "warm-up", bot, ms: (yield* Clock.currentTimeMillis) - warmStart })
  })

/** What a tournament still has to run for one bot: per prompt, how many more complete runs, after how many existing ones. */
export interface PlannedBot {
  readonly bot: Bot
  readonly todo: ReadonlyArray<{ readonly prompt: Prompt; readonly category: Category; readonly times: number; readonly doneBefore: number }>
  readonly skipped: number
}

/**
 * The plan of a tournament (local or distributed): bots in load order, each with the prompts of the
 * categories that lack `repeat` complete runs made with the bot's current parameters (all of them with rerun).
 */
export const planTournament = (
  options: Pick<TournamentOptions, "bots" | "categories" | "rerun" | "repeat">
): Effect.Effect<{ readonly work: ReadonlyArray<PlannedBot>; readonly total: number; readonly skipped: number }, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const repeat = Math.max(1, options.repeat ?? 1)
    const categories = new Map((yield* store.listCategories()).map((c) => [c.key, c]))
    const prompts: Array<{ prompt: Prompt; category: Category }> = []
    for (const key of options.categories) {
      const category = categories.get(key)
      if (!category) return yield* Effect.fail(new InvalidInput({ field: "--category", reason: `no category "${key}" (known: ${[...categories.keys()].join(", ")})` }))
      for (const prompt of yield* store.listPrompts(key)) prompts.push({ prompt, category })
    }

    // what each bot still needs: repeat − complete runs (all of them with --rerun)
    const work: Array<PlannedBot> = []
    let total = 0
    let skippedAll = 0
    for (const bot of byLoad(options.bots)) {
      const done = new Map<number, number>()
      if (!options.rerun) {
        // runs made with other parameters are another bot's, in effect: they do not count as done (issue 12)
        const key = paramsKey(bot)
        for (const r of yield* store.listRuns({ botId: bot.id, status: "complete", limit: 1_000_000 })) {
          if (r.paramsKey === undefined || r.paramsKey === null || r.paramsKey === key) done.set(r.promptId, (done.get(r.promptId) ?? 0) + 1)
        }
      }
      let skipped = 0
      const todo = []
      for (const p of prompts) {
        const doneBefore = Math.min(repeat, done.get(p.prompt.id) ?? 0)
        const times = repeat - doneBefore
        skipped += doneBefore
        if (times > 0) todo.push({ ...p, times, doneBefore })
        total += times
      }
      skippedAll += skipped
      work.push({ bot, todo, skipped })
    }
    return { work, total, skipped: skippedAll }
  })

/**
 * Runs suites against bots, one bot at a time: load its model, warm it up (not counted), run every
 * selected prompt that lacks a complete run, unload. Bots that differ only in sampling parameters (a
 * sweep's variants) run one after another on one load: the model is unloaded only when the load
 * parameters change. Running it again resumes where it stopped.
 */
export const tournament = (options: TournamentOptions): Effect.Effect<TournamentSummary, StoreFailure, Store | Providers> =>
  Effect.gen(function* () {
    const registry = yield* Providers
    const emit = options.onEvent ?? (() => {})
    const startedAt = yield* Clock.currentTimeMillis
    const { work, total, skipped: skippedAll } = yield* planTournament(options)
    emit({ type: "plan", total, skipped: skippedAll })

    const summaries: Array<BotSummary> = []
    let index = 0
    let stopped: string | null = null
    /** The load key of the model left loaded by the previous bot, if any. */
    let loadedKey: string | null = null
    for (const [position, { bot, todo, skipped }] of work.entries()) {
      const botStart = yield* Clock.currentTimeMillis
      const errors: Array<string> = []
      let complete = 0
      let failed = 0
      const planned = todo.reduce((s, t) => s + t.times, 0)
      const finish = Effect.gen(function* () {
        const summary = { bot: bot.name, planned, complete, failed, skippedExisting: skipped, ms: (yield* Clock.currentTimeMillis) - botStart, errors }
        summaries.push(summary)
        emit({ type: "bot-end", bot, summary })
      })
      if (planned === 0) {
        yield* finish
        continue
      }
      emit({ type: "bot-start", bot, runs: planned })
      const provider = yield* Effect.either(registry.get(bot.provider))
      if (provider._tag === "Left") {
        errors.push(provider.left.message)
        failed += planned
        index += planned
        yield* finish
        continue
      }
      const p = provider.right


      const key = loadKey(bot)
      /** A server that went away may come back without the model, or load it with its own defaults. */
      let serverWentAway = false
      if (loadedKey === key) emit({ type: "load", bot, report: null, note: "already loaded with these load parameters (kept from the previous bot)" })
      else yield* loadAndWarmUp(p, bot, todo[0]!.prompt, todo[0]!.category, options.timeouts, emit)

      botLoop: for (const item of todo) {
        for (let n = 0; n < item.times; n++) {
          let since: number | null = null
          while (true) {
            index++
            emit({ type: "run-start", bot, prompt: item.prompt, index, total })
            const result = yield* conduct({
              bot,
              prompt: item.prompt,
              category: item.category,
              timeouts: options.timeouts,
              onProgress: (snapshot) => emit({ type: "progress", bot, prompt: item.prompt, snapshot })
            })
            emit({ type: "run-end", bot, prompt: item.prompt, run: result.run, error: result.error, index, total })
            if (result.error === null) {
              complete++
              if (options.onSaved) yield* options.onSaved(result.run, bot, item.prompt)
              break
            }
            failed++
            errors.push(`${item.prompt.category}/${item.prompt.title}: ${result.error.message}`)
            if (result.error.reason === "ModelNotFound") {
              stopped = null
              index += planned - complete - failed
              break botLoop
            }
            if (!serverGone(result.error)) break
            since ??= yield* Clock.currentTimeMillis
            serverWentAway = true
            index--
            const error = result.error
            const back = yield* waitForServer(p, options.retryForMs, since, (retryInMs, waitedMs) => emit({ type: "waiting", bot, error, retryInMs, waitedMs }))
            if (!back) {
              stopped = `${bot.provider} did not come back within ${Math.round(options.retryForMs / 1000)}s (retryForMs): ${result.error.message}`
              yield* finish
              return { bots: summaries, ms: (yield* Clock.currentTimeMillis) - startedAt, stopped }
            }
          }
        }
      }
      // keep the model loaded when the next bot to run loads it the same way
      const next = work.slice(position + 1).find((w) => w.todo.length > 0)
      if (next !== undefined && loadKey(next.bot) === key && !serverWentAway) loadedKey = key
      else {
        yield* p.unload(bot.model).pipe(Effect.ignore)
        loadedKey = null
      }
      yield* finish
    }
    return { bots: summaries, ms: (yield* Clock.currentTimeMillis) - startedAt, stopped }
  })

