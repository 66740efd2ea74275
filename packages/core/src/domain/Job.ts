import type { Bot } from "./Bot.js"
import type { Prompt } from "./Prompt.js"

/**
 * One bot × prompt × repeat of a distributed tournament, as the shared queue holds it.
 * waiting → running (claimed under a lease) → done (with its run) | failed (with the reason);
 * a released or reclaimed job goes back to waiting with its lease number raised.
 */
export type JobStatus = "waiting" | "running" | "done" | "failed"

/** What a tournament asks for: the queue's key is (tournament, botId, promptId, repeat). */
export interface JobSpec {
  /** The tournament's name: enqueueing the same name, bot, prompt and repeat again adds nothing. */
  readonly tournament: string
  readonly botId: number
  readonly promptId: number
  /** 1 … the tournament's --repeat. */
  readonly repeat: number
  /** For the status table: the bot's name and the prompt as category/slug when it was queued. */
  readonly bot: string
  readonly prompt: string
}

export interface Job extends JobSpec {
  readonly id: number
  readonly status: JobStatus
  /** Raised at every claim: the worker holding lease n is the only one that may complete the job. */
  readonly lease: number
  readonly workerId: string | null
  /** The run of the current (or the completing) attempt, once its row exists. */
  readonly runId: number | null
  /** Why it failed, or why it went back to waiting (released, reclaimed). */
  readonly error: string | null
  readonly queuedAt: string
  readonly claimedAt: string | null
  readonly finishedAt: string | null
}

/** A job held by a worker under one lease. */
export interface Claim {
  readonly job: Job
  readonly workerId: string
  readonly lease: number
}

export interface WorkerRegistration {
  readonly id: string
  readonly host: string
  /** The machine profile's id in the store, when known; runs point to it too. */
  readonly machineId: number | null
  /** A short description of the machine (CPU, GPUs), for people. */
  readonly machine: string
  readonly providers: ReadonlyArray<string>
  /**
   * How long this worker may be silent before its job is reclaimed: it heartbeats three times within it.
   * Reclaim and --status judge each worker by its own figure (null: registered before it was kept).
   */
  readonly staleAfterMs: number | null
}

export interface WorkerState extends WorkerRegistration {
  readonly startedAt: string
  readonly heartbeatAt: string
  /** How long ago the last heartbeat was, by the database's clock (workers' clocks may disagree). */
  readonly silentMs: number
  /** Set when the worker stopped cleanly. */
  readonly stoppedAt: string | null
  readonly jobsDone: number
  /** Silent longer than its own stale-after (or the default when it has none): its job is reclaimable. */
  readonly silent: boolean
}

export interface JobCounts {
  readonly waiting: number
  readonly running: number
  readonly done: number
  readonly failed: number
  readonly total: number
}

export interface JobsStatus {
  /** The tournaments the status covers (one, or all of them). */
  readonly tournaments: ReadonlyArray<string>
  readonly counts: JobCounts
  /** Running jobs with their worker. */
  readonly running: ReadonlyArray<Job>
  readonly failed: ReadonlyArray<Job>
  /** Done jobs per worker id. */
  readonly doneBy: Readonly<Record<string, number>>
  /** Workers seen within WORKERS_SHOWN_FOR_MS or holding a running job. */
  readonly workers: ReadonlyArray<WorkerState>
  /** Older workers left out of `workers` (`llp worker --forget-stopped` removes the stopped ones). */
  readonly hiddenWorkers: number
}

/** --status lists the workers heard from within this long (or holding a job); older ones are counted only. */
export const WORKERS_SHOWN_FOR_MS = 24 * 3600_000

/** What a stale-job sweep did. */
export interface ReclaimReport {
  /** Jobs put back to waiting: their worker went silent before their run completed. */
  readonly requeued: ReadonlyArray<Job>
  /** Jobs marked done: their run had completed, the worker died before it marked the job. */
  readonly completed: ReadonlyArray<Job>
}

/** A worker is presumed dead after this long without a heartbeat, and its running job is reclaimed. */
export const DEFAULT_STALE_AFTER_MS = 60_000

/**
 * The jobs a tournament's plan makes (see planTournament): one per bot × prompt × repeat still to do.
 * `doneBefore` counts complete runs that already exist, so repeat numbers continue after them and a
 * second enqueue of the same plan names the same jobs.
 */
export const jobsOfPlan = (
  tournament: string,
  plan: ReadonlyArray<{ readonly bot: Bot; readonly todo: ReadonlyArray<{ readonly prompt: Prompt; readonly times: number; readonly doneBefore: number }> }>
): ReadonlyArray<JobSpec> =>
  plan.flatMap(({ bot, todo }) =>
    todo.flatMap(({ prompt, times, doneBefore }) =>
      Array.from({ length: times }, (_, i) => ({
        tournament,
        botId: bot.id,
        promptId: prompt.id,
        repeat: doneBefore + i + 1,
        bot: bot.name,
        prompt: `${prompt.category}/${prompt.slug}`
      }))
    )
  )
