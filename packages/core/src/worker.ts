import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type { Bot } from "./domain/Bot.js"
import type { Claim, Job, ReclaimReport, WorkerRegistration } from "./domain/Job.js"
import type { Prompt } from "./domain/Prompt.js"
import type { Run, RunProgress } from "./domain/Run.js"
import type { Timeouts } from "./config.js"
import { conduct } from "./conduct.js"
import type { ProviderError } from "./errors.js"
import { Jobs, type Service as JobsService } from "./services/Jobs.js"
import { Providers } from "./services/Provider.js"
import { Store, type Service as StoreService, type StoreFailure } from "./services/Store.js"
import { serverGone, waitForServer } from "./serverWait.js"
import { loadKey } from "./sweep.js"
import { loadAndWarmUp, type TournamentEvent } from "./tournament.js"

export interface WorkerOptions {
  readonly worker: WorkerRegistration
  /** Only these bots (ids), else every bot whose model one of the worker's providers lists. */
  readonly bots?: ReadonlyArray<number>
  /** forever: wait for jobs; once: at most one job; until-empty: stop when no job it can serve is waiting or running. */
  readonly mode: "forever" | "once" | "until-empty"
  /** A running job whose worker has been silent this long is reclaimed (DEFAULT_STALE_AFTER_MS). */
  readonly staleAfterMs: number
  readonly heartbeatMs?: number
  /** How often an idle worker looks for jobs. */
  readonly pollMs?: number
  /** How often the providers' model lists are asked again. */
  readonly modelsEveryMs?: number
  readonly timeouts: Timeouts
  readonly retryForMs: number
  readonly onEvent?: (event: WorkerEvent) => void
  /** Called after each completed job's run (the archive: llm_outputs/ on this machine). */
  readonly onSaved?: (run: Run, bot: Bot, prompt: Prompt) => Effect.Effect<void>
}

export type WorkerEvent =
  | { readonly type: "registered"; readonly worker: WorkerRegistration }
  | { readonly type: "models"; readonly provider: string; readonly models: number | null; readonly error: string | null }
  | { readonly type: "serving"; readonly bots: ReadonlyArray<string> }
  | { readonly type: "reclaimed"; readonly report: ReclaimReport }
  | { readonly type: "claimed"; readonly job: Job; readonly lease: number }
  | { readonly type: "run"; readonly job: Job; readonly event: TournamentEvent }
  | { readonly type: "done"; readonly job: Job; readonly run: Run }
  | { readonly type: "failed"; readonly job: Job; readonly reason: string }
  | { readonly type: "released"; readonly job: Job; readonly reason: string }
  | { readonly type: "lease-lost"; readonly job: Job; readonly runId: number | null }
  | { readonly type: "store-down"; readonly error: string; readonly retryInMs: number }
  | { readonly type: "store-up" }
  | { readonly type: "idle"; readonly waiting: number; readonly running: number }

export interface WorkerSummary {
  readonly done: number
  readonly failed: number
  readonly released: number
  readonly leaseLost: number
  readonly ms: number
  /** Why the worker stopped, for people. */
  readonly stopped: string
}

/** What a worker that lost its job's lease writes on its run instead of completing it. */
export const LEASE_LOST = "this worker lost the job's lease (it was silent too long and the job was reclaimed): another worker runs it; this run is not counted"

const isTransient = (e: StoreFailure) => e._tag === "StoreError" && e.reason === "Sql"

/**
 * What the worker knows of its store, shared by the heartbeat, the claim loop and the writes: each says
 * "down" as it retries, but "up" is said once, by whichever first finds the store answering again.
 */
interface StoreHealth {
  readonly down: (error: string, retryInMs: number) => void
  readonly up: () => void
  readonly isDown: () => boolean
}

const storeHealth = (emit: (e: WorkerEvent) => void): StoreHealth => {
  let down = false
  return {
    down: (error, retryInMs) => {
      down = true
      emit({ type: "store-down", error, retryInMs })
    },
    up: () => {
      if (!down) return
      down = false
      emit({ type: "store-up" })
    },
    isDown: () => down
  }
}

/**
 * Retries a store write while the store is unreachable (back-off 1 s … 30 s), so that a database that went
 * away loses nothing a worker holds: the text of a run is in memory until it is written.
 */
const persistently = <A>(effect: Effect.Effect<A, StoreFailure>, health: StoreHealth): Effect.Effect<A, StoreFailure> =>
  Effect.gen(function* () {
    let delay = 1000
    while (true) {
      const r = yield* Effect.either(effect)
      if (r._tag === "Right") {
        health.up()
        return r.right
      }
      if (!isTransient(r.left)) return yield* Effect.fail(r.left)
      health.down(r.left.message, delay)
      yield* Effect.sleep(delay)
      delay = Math.min(delay * 2, 30_000)
    }
  })

interface Attempt {
  runId: number | null
  leaseLost: boolean
  completed: boolean
}

/**
 * The Store a job's run is written through: its complete save is made only with the job's completion
 * (Jobs.complete, one transaction, while the lease is held); once the lease is lost the run is saved as
 * cancelled with LEASE_LOST instead, so a worker that was reclaimed never leaves a second complete run.
 * Streaming saves that fail (the database went away) are skipped: the next one writes the whole text.
 */
const fencedStore = (store: StoreService, jobs: JobsService, claim: Claim, attempt: Attempt, health: StoreHealth): StoreService => ({
  ...store,
  startRun: (start) =>
    persistently(store.startRun(start), health).pipe(
      Effect.tap((run) =>
        Effect.gen(function* () {
          attempt.runId = run.id
          if (!(yield* persistently(jobs.attachRun(claim, run.id), health))) attempt.leaseLost = true
        })
      )
    ),
  updateRun: (id: number, progress: RunProgress) => {
    if (progress.status === "streaming") return store.updateRun(id, progress).pipe(Effect.catchIf(isTransient, () => Effect.void))
    const lostSave = persistently(store.updateRun(id, { ...progress, status: "cancelled", error: progress.error ?? LEASE_LOST }), health)
    if (attempt.leaseLost) return lostSave
    if (progress.status !== "complete") return persistently(store.updateRun(id, progress), health)
    return persistently(jobs.complete(claim, id, store.updateRun(id, progress)), health).pipe(
      Effect.flatMap((held) => {
        attempt.completed = held
        if (held) return Effect.void
        attempt.leaseLost = true
        return lostSave
      })
    )
  }
})

/**
 * A worker of a distributed tournament: registers, heartbeats in its own fiber, and claims the jobs of
 * the bots its providers can serve, running each the way the local tournament does (model loaded with the
 * bot's load parameters, warm-up, streaming saves, the machine on the run), until its mode says stop.
 * Interrupting it (Ctrl+C) saves the run in flight as cancelled and releases its job.
 */
export const runWorker = (options: WorkerOptions): Effect.Effect<WorkerSummary, StoreFailure, Store | Providers | Jobs> =>
  Effect.scoped(
    Effect.gen(function* () {
      const store = yield* Store
      const jobs = yield* Jobs
      const registry = yield* Providers
      const emit = options.onEvent ?? (() => {})
      const health = storeHealth(emit)
      const id = options.worker.id
      const heartbeatMs = options.heartbeatMs ?? 3000
      const pollMs = options.pollMs ?? 2000
      const modelsEveryMs = options.modelsEveryMs ?? 60_000
      const started = yield* Clock.currentTimeMillis
      const summary = { done: 0, failed: 0, released: 0, leaseLost: 0 }
      const finish = (stopped: string) => Effect.map(Clock.currentTimeMillis, (now): WorkerSummary => ({ ...summary, ms: now - started, stopped }))

      yield* persistently(jobs.register(options.worker), health)
      emit({ type: "registered", worker: options.worker })
      yield* Effect.addFinalizer(() => jobs.stopWorker(id).pipe(Effect.ignore))

      let current: { readonly claim: Claim; readonly attempt: Attempt; readonly lost: Deferred.Deferred<void> } | null = null
      // the heartbeat runs beside the jobs: a long answer never makes its worker look dead
      const beat = Effect.gen(function* () {
        while (true) {
          yield* Effect.sleep(heartbeatMs)
          const held = yield* Effect.either(jobs.heartbeat(id))
          if (held._tag === "Left") {
            // said once: the heartbeat retries every few seconds, the claim loop and the writes say their own retries
            if (!health.isDown()) health.down(held.left.message, heartbeatMs)
            continue
          }
          health.up()
          const c = current
          if (c !== null && !held.right.some((h) => h.jobId === c.claim.job.id && h.lease === c.claim.lease) && !c.attempt.completed) {
            c.attempt.leaseLost = true
            yield* Deferred.succeed(c.lost, undefined)
          }
        }
      })
      yield* Effect.forkScoped(beat)

      // the bots this worker can serve: its providers' model lists, asked at start and every modelsEveryMs
      let serving = new Map<number, Bot>()
      let listedAt = -Infinity
      const refresh = Effect.gen(function* () {
        const wanted = new Set(options.worker.providers)
        const models = new Map<string, Set<string>>()
        for (const name of wanted) {
          const listed = yield* Effect.either(Effect.flatMap(registry.get(name), (p) => p.listModels()))
          if (listed._tag === "Right") models.set(name, new Set(listed.right.map((m) => m.id)))
          emit({ type: "models", provider: name, models: listed._tag === "Right" ? listed.right.length : null, error: listed._tag === "Left" ? listed.left.message : null })
        }
        const only = options.bots === undefined ? null : new Set(options.bots)
        const bots = yield* persistently(store.listBots(), health)
        const before = [...serving.keys()].join(",")
        serving = new Map(bots.filter((b) => models.get(b.provider)?.has(b.model) === true && (only === null || only.has(b.id))).map((b) => [b.id, b]))
        if ([...serving.keys()].join(",") !== before) emit({ type: "serving", bots: [...serving.values()].map((b) => b.name) })
        listedAt = yield* Clock.currentTimeMillis
      })

      /** The model left loaded by the previous job, so that the next job of the same load skips the load. */
      let loaded: { readonly key: string; readonly bot: Bot } | null = null
      yield* Effect.addFinalizer(() => (loaded === null ? Effect.void : Effect.flatMap(registry.get(loaded.bot.provider), (p) => p.unload(loaded!.bot.model)).pipe(Effect.ignore)))

      const runClaim = (claim: Claim) =>
        Effect.gen(function* () {
          const job = claim.job
          const attempt: Attempt = { runId: null, leaseLost: false, completed: false }
          const lost = yield* Deferred.make<void>()
          current = { claim, attempt, lost }
          const give = (how: "fail" | "release", reason: string) =>
            Effect.gen(function* () {
              const ok = yield* persistently(how === "fail" ? jobs.fail(claim, reason) : jobs.release(claim, reason), health)
              if (!ok) {
                summary.leaseLost++
                emit({ type: "lease-lost", job, runId: attempt.runId })
              } else if (how === "fail") {
                summary.failed++
                emit({ type: "failed", job, reason })
              } else {
                summary.released++
                emit({ type: "released", job, reason })
              }
            })
          const found = yield* Effect.either(
            Effect.all({ bot: store.getBot(job.botId), prompt: store.getPrompt(job.promptId) }).pipe(
              Effect.flatMap(({ bot, prompt }) => Effect.map(store.getCategory(prompt.category), (category) => ({ bot, prompt, category })))
            )
          )
          if (found._tag === "Left") {
            if (isTransient(found.left)) return yield* give("release", `the store could not be read: ${found.left.message}`)
            return yield* give("fail", `its bot or prompt is gone from the store: ${found.left.message}`)
          }
          const { bot, prompt, category } = found.right
          const provider = yield* Effect.either(registry.get(bot.provider))
          if (provider._tag === "Left") return yield* give("release", provider.left.message)
          const p = provider.right
          const onEvent = (event: TournamentEvent) => emit({ type: "run", job, event })

          const key = loadKey(bot)
          if (loaded?.key !== key) {
            if (loaded !== null) {
              const previous = loaded.bot
              yield* Effect.flatMap(registry.get(previous.provider), (q) => q.unload(previous.model)).pipe(Effect.ignore)
            }
            loaded = null
            yield* loadAndWarmUp(p, bot, prompt, category, options.timeouts, onEvent)
            loaded = { key, bot }
          }

          const fenced = fencedStore(store, jobs, claim, attempt, health)
          let since: number | null = null
          while (true) {
            const result = yield* conduct({ bot, prompt, category, timeouts: options.timeouts, onProgress: (snapshot) => onEvent({ type: "progress", bot, prompt, snapshot }) }).pipe(
              Effect.provideService(Store, fenced),
              Effect.raceFirst(Deferred.await(lost).pipe(Effect.as(null)))
            )
            // completed wins: a heartbeat that saw the job done just before the flag was set is no loss
            if (attempt.completed) {
              const run = result?.run ?? (yield* persistently(store.getRun(attempt.runId!), health))
              summary.done++
              emit({ type: "done", job, run })
              if (options.onSaved) yield* options.onSaved(run, bot, prompt)
              return
            }
            if (result === null || attempt.leaseLost) {
              summary.leaseLost++
              emit({ type: "lease-lost", job, runId: attempt.runId })
              return
            }
            onEvent({ type: "run-end", bot, prompt, run: result.run, error: result.error, index: 0, total: 0 })
            if (result.error === null) return yield* give("release", "the run ended complete but was not recorded as the job's (no run row)")
            const error: ProviderError = result.error
            if (!serverGone(error)) return yield* give("fail", error.message)
            // a server that went away: wait for it while holding the job (the heartbeat goes on)
            since ??= yield* Clock.currentTimeMillis
            const back = yield* waitForServer(p, options.retryForMs, since, (retryInMs, waitedMs) => onEvent({ type: "waiting", bot, error, retryInMs, waitedMs }))
            // a server that came back may have lost the model, or load it with its own defaults: load it again next job
            loaded = null
            if (!back) {
              listedAt = -Infinity
              return yield* give("release", `${bot.provider} on ${options.worker.host} did not come back within ${Math.round(options.retryForMs / 1000)}s: ${error.message}`)
            }
          }
        }).pipe(
          // Ctrl+C: the run in flight was saved as cancelled by conduct; the job goes back for another worker
          Effect.onInterrupt(() =>
            current === null || current.attempt.completed || current.attempt.leaseLost
              ? Effect.void
              : jobs.release(current.claim, `worker ${id} stopped`).pipe(
                  Effect.tap((ok) => (ok ? Effect.sync(() => emit({ type: "released", job: claim.job, reason: `worker ${id} stopped` })) : Effect.void)),
                  Effect.ignore
                )
          ),
          Effect.ensuring(Effect.sync(() => void (current = null)))
        )

      let storeDelay = 1000
      let idle = false
      while (true) {
        const now = yield* Clock.currentTimeMillis
        if (now - listedAt >= modelsEveryMs) yield* refresh
        const ids = [...serving.keys()]
        const step = yield* Effect.either(
          Effect.gen(function* () {
            const report = yield* jobs.reclaim(options.staleAfterMs)
            if (report.requeued.length + report.completed.length > 0) emit({ type: "reclaimed", report })
            return yield* jobs.claim(id, ids)
          })
        )
        if (step._tag === "Left") {
          if (!isTransient(step.left)) return yield* Effect.fail(step.left)
          health.down(step.left.message, storeDelay)
          yield* Effect.sleep(storeDelay)
          storeDelay = Math.min(storeDelay * 2, 30_000)
          continue
        }
        health.up()
        storeDelay = 1000
        const claim = step.right
        if (claim !== null) {
          idle = false
          emit({ type: "claimed", job: claim.job, lease: claim.lease })
          yield* runClaim(claim)
          if (options.mode === "once") return yield* finish("ran one job (--once)")
          continue
        }
        if (options.mode === "once") return yield* finish("no job this worker can serve is waiting (--once)")
        const pending = ids.length === 0 ? { waiting: 0, running: 0 } : yield* persistently(jobs.pending(ids), health)
        if (options.mode === "until-empty" && pending.waiting === 0 && pending.running === 0) {
          return yield* finish(ids.length === 0 ? "no bot this worker can serve (see its providers' models and --bots)" : "no job left that this worker can serve (--until-empty)")
        }
        if (!idle) emit({ type: "idle", ...pending })
        idle = true
        yield* Effect.sleep(pollMs)
      }
    })
  )
