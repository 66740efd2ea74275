import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type { Either } from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Bot } from "./domain/Bot.js"
import type { Category } from "./domain/Category.js"
import type { Prompt } from "./domain/Prompt.js"
import type { Run, RunProgress, SpeedSource } from "./domain/Run.js"
import { ProviderError } from "./errors.js"
import type { Timeouts } from "./config.js"
import { Providers, type ChatRequest, type StreamPart } from "./services/Provider.js"
import { Store, type StoreFailure } from "./services/Store.js"
import { MachineInfo, type GpuReading } from "./services/Machine.js"
import type { ServerInfo } from "./domain/Machine.js"
import { phasesOf } from "./speed/phases.js"
import { manifestOf } from "./speed/manifest.js"
import * as Fiber from "effect/Fiber"

/** The request LLP sends for a bot and a prompt: the prompt's temperature wins over the category's, which wins over the bot's. */
export const buildRequest = (bot: Bot, prompt: Prompt, category: Category): ChatRequest => {
  const system = prompt.useSystemPrompt && category.systemPrompt.trim() !== "" ? category.systemPrompt : undefined
  return {
    model: bot.model,
    ...(system !== undefined ? { system } : {}),
    prompt: prompt.text,
    load: bot.load,
    sampling: { ...bot.sampling, temperature: prompt.temperature ?? category.temperature }
  }
}

/** What a screen shows while a run streams. */
export interface RunSnapshot {
  readonly runId: number | null
  readonly status: Run["status"]
  readonly output: string
  readonly reasoning: string
  /** Text and reasoning chunks received: a client-side token count. */
  readonly chunks: number
  readonly elapsedMs: number
  readonly ttftMs: number | null
  /** Live tokens/s counted on the client. */
  readonly tokensPerSecond: number | null
  readonly answeredModel: string | null
  readonly error: ProviderError | null
}

export interface ConductOptions {
  readonly bot: Bot
  readonly prompt: Prompt
  readonly category: Category
  readonly timeouts: Timeouts
  /** false: nothing is written to the database (`llp run --no-save`). */
  readonly persist?: boolean
  /** How often the partial output is written while streaming. */
  readonly flushMs?: number
  readonly onProgress?: (snapshot: RunSnapshot) => void
  /** How often onProgress is called at most. */
  readonly progressMs?: number
  /**
   * How long after the request the run's row may wait for the first token before it is inserted anyway
   * (default 20 ms: sooner than any real model's first token, so a crash or kill -9 still finds the run).
   */
  readonly rowDelayMs?: number
}

export interface ConductResult {
  /** The final state of the run; its id is 0 when it was not persisted. */
  readonly run: Run
  readonly error: ProviderError | null
  /** The server answered with a model other than the one asked for. */
  readonly modelMismatch: boolean
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Sends a prompt to a bot's provider and streams the answer into a run.
 * The run's row is inserted off the path of the first token: once it has been shown, after
 * `rowDelayMs` without one, or when the run ends, whichever comes first. Its partial output is then
 * written at least every `flushMs`, so a crash loses at most that much text. Interruption keeps
 * the text as `cancelled`; a provider error keeps it as `failed`, with the error.
 */
export const conduct = (options: ConductOptions): Effect.Effect<ConductResult, StoreFailure, Store | Providers> =>
  Effect.gen(function* () {
    const { bot, prompt, category, timeouts } = options
    const persist = options.persist ?? true
    const flushMs = options.flushMs ?? 1000
    const progressMs = options.progressMs ?? 33
    const store = yield* Store
    const registry = yield* Providers
    const request = buildRequest(bot, prompt, category)
    const provider = yield* Effect.either(registry.get(bot.provider))
    const startedAt = yield* Clock.currentTimeMillis
    const demo = provider._tag === "Right" && provider.right.kind === "demo"
    const base: Base = {
      id: 0,
      botId: bot.id,
      promptId: prompt.id,
      provider: bot.provider,
      model: bot.model,
      demo,
      request: { llp: request },
      startedAt: iso(startedAt)
    }
    if (provider._tag === "Left") {
      // nothing was asked of any server: no run to keep, just the reason
      const end = yield* Clock.currentTimeMillis
      const p: RunProgress = { status: "failed", output: "", reasoning: "", error: provider.left.message, endedAt: iso(end), totalMs: end - startedAt }
      options.onProgress?.({ runId: null, status: "failed", output: "", reasoning: "", chunks: 0, elapsedMs: end - startedAt, ttftMs: null, tokensPerSecond: null, answeredModel: null, error: provider.left })
      return { run: toRun(base, p), error: provider.left, modelMismatch: false }
    }
    // The machine and the GPU watch are found beside the request, never in its way.
    const machine = yield* Effect.serviceOption(MachineInfo)
    const machineFiber = Option.isSome(machine) ? yield* Effect.fork(Effect.either(machine.value.current())) : null
    const serverCall = demo ? undefined : provider.right.server
    const watch = Option.isSome(machine) ? yield* machine.value.watch() : null
    let machineId: number | null = null
    let server: ServerInfo | null = null
    let gpu: GpuReading | null = null

    // Inserted once, by whoever needs it first; a failure is kept and ends the run (see consume).
    // The insert runs once, in a fiber of its own that no caller's interruption stops: the inserter that first
    // asks is interrupted when the stream ends (a quick failure, Esc), and a cached effect whose first caller
    // was interrupted answers every later caller with that interruption, so the final save found no row and
    // the run was lost as an internal error (seen with a slow, remote store).
    const inserted = yield* Deferred.make<void, RowFailure>()
    let inserting = false
    const insert = Effect.suspend(() => store.startRun({ botId: bot.id, promptId: prompt.id, provider: bot.provider, model: bot.model, demo, request: base.request, startedAt: base.startedAt, sentParams: { load: request.load, sampling: request.sampling } })).pipe(
      Effect.map((started) => void (base.id = started.id)),
      Effect.mapError((e) => new RowFailure({ error: e }))
    )
    const ensureRow = Effect.suspend(() => {
      if (inserting) return Deferred.await(inserted)
      inserting = true
      return Effect.forkDaemon(Effect.exit(insert).pipe(Effect.flatMap((exit) => Deferred.done(inserted, exit)))).pipe(Effect.zipRight(Deferred.await(inserted)))
    })
    const firstShown = yield* Deferred.make<void>()
    let shown = false

    let output = ""
    let reasoning = ""
    let chunks = 0
    let firstAt: number | null = null
    let lastAt: number | null = null
    let answeredModel: string | null = null
    let finish: Extract<StreamPart, { type: "finish" }> | null = null
    let lastFlush = startedAt
    let lastProgress = 0
    let wireBody: unknown = undefined

    const progress = (now: number, status: Run["status"], extra: Partial<RunProgress> = {}): RunProgress => {
      const ttftMs = firstAt === null ? null : firstAt - startedAt
      const generationMs = firstAt === null || lastAt === null ? null : lastAt - firstAt
      const usage = finish?.usage
      const timings = finish?.timings
      let tokensPerSecond: number | null = null
      let speedSource: SpeedSource | null = null
      if (timings?.tokensPerSecond !== undefined) {
        tokensPerSecond = timings.tokensPerSecond
        speedSource = "server"
      } else if (usage?.outputTokens !== undefined && generationMs !== null && generationMs > 0) {
        tokensPerSecond = usage.outputTokens / (generationMs / 1000)
        speedSource = "client"
      } else if (chunks > 1 && generationMs !== null && generationMs > 0) {
        tokensPerSecond = (chunks - 1) / (generationMs / 1000)
        speedSource = "estimated"
      }
      return {
        status,
        output,
        reasoning,
        request: base.request,
        answeredModel,
        ttftMs,
        generationMs,
        totalMs: now - startedAt,
        promptTokens: usage?.inputTokens ?? null,
        completionTokens: usage?.outputTokens ?? (status === "streaming" ? null : chunks > 0 ? chunks : null),
        tokensPerSecond,
        speedSource,
        serverTtftMs: timings?.ttftMs ?? null,
        stopReason: finish?.finishReason.raw ?? finish?.finishReason.unified ?? null,
        serverStats: finish?.raw ?? null,
        modelInfo: finish?.modelInfo ?? null,
        runtime: finish?.runtime ?? null,
        ...extra
      }
    }
    // known only once the answer has ended: written by the final save, not by every streaming one
    const endFigures = (): Partial<RunProgress> => ({
      ...phasesOf(finish?.timings, firstAt === null ? null : firstAt - startedAt),
      ...manifestOf({ wire: wireBody, botContextLength: bot.load.contextLength, modelInfo: finish?.modelInfo, server, runtime: finish?.runtime }),
      machineId,
      peakVramMb: gpu?.peakVramMb ?? null,
      energyJ: gpu?.energyJ ?? null
    })

    const snapshot = (now: number, status: Run["status"], error: ProviderError | null): RunSnapshot => {
      const gen = firstAt !== null && lastAt !== null ? lastAt - firstAt : 0
      return {
        runId: persist && base.id !== 0 ? base.id : null,
        status,
        output,
        reasoning,
        chunks,
        elapsedMs: now - startedAt,
        ttftMs: firstAt === null ? null : firstAt - startedAt,
        tokensPerSecond: gen > 0 && chunks > 1 ? (chunks - 1) / (gen / 1000) : null,
        answeredModel,
        error
      }
    }

    // A store failure while streaming is not the server's fault: it ends the run as a defect.
    const save = (p: RunProgress) => (persist ? Effect.zipRight(ensureRow, Effect.orDie(store.updateRun(base.id, p))) : Effect.void)

    /** Takes in what arrived together; plain code per part, effects only for a flush. */
    const onChunk = (parts: Chunk.Chunk<StreamPart>) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        for (const part of parts) {
          switch (part.type) {
            case "request":
              // written by the next flush: a write here would delay the request itself
              base.request = { llp: request, wire: part.body }
              wireBody = part.body
              dirty = true
              break
            case "response-metadata":
              if (part.model !== undefined) answeredModel = part.model
              break
            case "text-delta":
            case "reasoning-delta":
              if (part.delta === "") break
              if (part.type === "text-delta") output += part.delta
              else reasoning += part.delta
              chunks++
              if (firstAt === null) firstAt = now
              lastAt = now
              dirty = true
              break
            case "finish":
              finish = part
              break
          }
        }
        if (now - lastFlush >= flushMs) {
          lastFlush = now
          dirty = false
          yield* save(progress(now, "streaming"))
        }
        if (options.onProgress) {
          if (now - lastProgress >= progressMs) {
            lastProgress = now
            unreported = false
            options.onProgress(snapshot(now, "streaming", null))
          } else unreported = true
        }
        if (firstAt !== null && !shown) {
          shown = true
          yield* Deferred.succeed(firstShown, undefined)
        }
      })

    // The trailing edge of the throttle: what came just after a report is reported too, even when
    // nothing more comes (a stalled stream must still show its last tokens).
    let unreported = false
    const reporter = Effect.gen(function* () {
      while (true) {
        yield* Effect.sleep(Math.max(progressMs, 10))
        if (!unreported || !options.onProgress) continue
        unreported = false
        const now = yield* Clock.currentTimeMillis
        lastProgress = now
        options.onProgress(snapshot(now, "streaming", null))
      }
    })

    const timeoutError = (first: boolean) =>
      new ProviderError({
        provider: bot.provider,
        reason: "Timeout",
        detail: first
          ? `no answer within ${Math.round(timeouts.firstTokenMs / 1000)}s of the request (timeouts.firstTokenMs)`
          : `the answer stalled for more than ${Math.round(timeouts.idleMs / 1000)}s (timeouts.idleMs)`
      })

    const stream: Stream.Stream<StreamPart, ProviderError> = provider.right.chat(request)

    // A background flush: the text that came is on disk within flushMs even when the stream stalls.
    let dirty = false
    const flusher = Effect.gen(function* () {
      while (true) {
        yield* Effect.sleep(flushMs)
        if (!dirty) continue
        dirty = false
        lastFlush = yield* Clock.currentTimeMillis
        yield* save(progress(lastFlush, "streaming"))
      }
    })

    // One watchdog instead of a timer per part: the first token is due firstTokenMs after the
    // request, each next one idleMs after the last.
    const watchdog = Effect.gen(function* () {
      while (true) {
        const now = yield* Clock.currentTimeMillis
        const first = firstAt === null
        const due = first ? startedAt + timeouts.firstTokenMs : lastAt! + timeouts.idleMs
        if (now >= due) return yield* Effect.fail(timeoutError(first))
        // never longer than idleMs: once the first token is in, the next deadline may be sooner
        yield* Effect.sleep(Math.min(due - now, timeouts.idleMs))
      }
    })

    // Inserts the row once the first token is on screen, or after rowDelayMs; never returns, so only its failure ends the race.
    const inserter = Effect.raceFirst(Deferred.await(firstShown), Effect.sleep(options.rowDelayMs ?? 20)).pipe(
      Effect.zipRight(ensureRow),
      Effect.zipRight(Effect.never)
    )

    const consume = Effect.scoped(
      Effect.gen(function* () {
        if (persist) yield* Effect.forkScoped(flusher)
        if (options.onProgress) yield* Effect.forkScoped(reporter)
        const streamed = Effect.raceFirst(Stream.runForEachChunk(stream, onChunk), watchdog)
        yield* persist ? Effect.raceFirst(streamed, inserter) : streamed
      })
    )

    let result: { run: Run; error: ProviderError | null } | null = null
    let rowFailure: StoreFailure | null = null
    const finalize = (exit: Exit.Exit<void, ProviderError | RowFailure>) =>
      Effect.gen(function* () {
        const row = persist ? yield* Effect.either(ensureRow) : null
        if (row?._tag === "Left") {
          // no row to keep the text in: conduct fails with the store's error
          rowFailure = row.left.error
          return
        }
        const end = yield* Clock.currentTimeMillis
        if (watch !== null) gpu = yield* watch.stop()
        // asked after the answer, never beside it (providers remember the version: one request per process), and
        // only of a server that just answered: a dead one must not hold up an Esc or a failure. The three side
        // questions go together, so a run's end waits 2 s at most, not 2 s each.
        const answered = Exit.isSuccess(exit) && finish !== null && !demo
        // no GPU tool answered: the server's own figure for the model's GPU memory, where it has one
        const memoryCall = answered && (gpu?.peakVramMb ?? null) === null ? provider.right.modelMemory : undefined
        const within2s = <A>(effect: Effect.Effect<A, unknown>): Effect.Effect<A | null> => effect.pipe(Effect.timeout(2000), Effect.orElseSucceed(() => null))
        const side = yield* Effect.all(
          {
            machineId: joined(machineFiber, (m) => m.id),
            server: serverCall !== undefined && answered ? within2s(serverCall()) : Effect.succeed(null),
            vram: memoryCall !== undefined ? within2s(memoryCall(answeredModel ?? bot.model)) : Effect.succeed(null)
          },
          { concurrency: "unbounded" }
        )
        machineId = side.machineId
        server = side.server
        if (side.vram !== null) gpu = { peakVramMb: side.vram, energyJ: gpu?.energyJ ?? null }
        let error: ProviderError | null = null
        let status: Run["status"]
        if (Exit.isSuccess(exit)) {
          if (finish === null) {
            error = new ProviderError({ provider: bot.provider, reason: "Interrupted", detail: "the answer ended without a finish; the text that came was kept" })
            status = "failed"
          } else status = "complete"
        } else if (Cause.isInterruptedOnly(exit.cause)) {
          status = "cancelled"
        } else {
          const failure = Cause.failureOption(exit.cause).pipe(Option.filter((e): e is ProviderError => e instanceof ProviderError))
          error = Option.isSome(failure)
            ? failure.value
            : new ProviderError({ provider: bot.provider, reason: "Decode", detail: Cause.pretty(exit.cause).split("\n")[0] ?? "unexpected failure" })
          status = "failed"
        }
        const final = progress(end, status, { ...endFigures(), endedAt: iso(end), error: error === null ? null : error.message })
        yield* save(final)
        options.onProgress?.(snapshot(end, status, error))
        result = { run: toRun(base, final), error }
      })
    // onExit runs even when the fiber is interrupted (Esc, Ctrl+C), so the partial text is always written.
    yield* consume.pipe(
      Effect.onExit((exit) => finalize(exit).pipe(Effect.orDie)),
      Effect.catchAll(() => Effect.void)
    )
    if (rowFailure !== null) return yield* Effect.fail(rowFailure)
    const { run, error } = result!
    const modelMismatch = answeredModel !== null && answeredModel !== bot.model
    return { run, error, modelMismatch }
  })

/** What a side fiber found, or null when it failed or takes longer than 2 s more (a slow server's version is not worth the wait). */
const joined = <A, E, B>(fiber: Fiber.RuntimeFiber<Either<A, E>> | null, f: (a: A) => B): Effect.Effect<B | null> =>
  fiber === null
    ? Effect.succeed(null)
    : Fiber.join(fiber).pipe(
        Effect.timeout(2000),
        Effect.map((e) => (e._tag === "Right" ? f(e.right) : null)),
        Effect.orElseSucceed(() => null)
      )

/** The run's row could not be inserted: kept apart from the server's errors. */
class RowFailure extends Data.TaggedError("RowFailure")<{ readonly error: StoreFailure }> {}

interface Base {
  id: number
  botId: number
  promptId: number
  provider: string
  model: string
  demo: boolean
  request: unknown
  startedAt: string
}

const toRun = (base: Base, p: RunProgress): Run => ({
  ...base,
  status: p.status,
  output: p.output,
  reasoning: p.reasoning,
  request: p.request ?? base.request,
  answeredModel: p.answeredModel ?? null,
  error: p.error ?? null,
  endedAt: p.endedAt ?? null,
  ttftMs: p.ttftMs ?? null,
  generationMs: p.generationMs ?? null,
  totalMs: p.totalMs ?? null,
  promptTokens: p.promptTokens ?? null,
  completionTokens: p.completionTokens ?? null,
  tokensPerSecond: p.tokensPerSecond ?? null,
  speedSource: p.speedSource ?? null,
  serverTtftMs: p.serverTtftMs ?? null,
  stopReason: p.stopReason ?? null,
  serverStats: p.serverStats ?? null,
  modelInfo: p.modelInfo ?? null,
  runtime: p.runtime ?? null,
  machineId: p.machineId ?? null,
  loadMs: p.loadMs ?? null,
  promptMs: p.promptMs ?? null,
  promptEvalTokens: p.promptEvalTokens ?? null,
  cachedPromptTokens: p.cachedPromptTokens ?? null,
  serverGenerationMs: p.serverGenerationMs ?? null,
  cold: p.cold ?? null,
  warmTtftMs: p.warmTtftMs ?? null,
  peakVramMb: p.peakVramMb ?? null,
  energyJ: p.energyJ ?? null,
  seed: p.seed ?? null,
  contextLength: p.contextLength ?? null,
  serverVersion: p.serverVersion ?? null
})
