import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { Claim, Job, JobSpec, JobsStatus, ReclaimReport, WorkerRegistration } from "../domain/Job.js"
import type { StoreFailure } from "./Store.js"

/**
 * The shared queue of a distributed tournament (Postgres: packages/store-pg/src/jobs.ts).
 *
 * Exactly once: every claim raises the job's lease number, and every write about a job (run id,
 * completion, failure, release) is conditional on the caller still holding that lease. `complete`
 * runs the caller's own write (the run's final, complete save) in the same transaction as the job's
 * completion, and only while the lease is held, so a run becomes complete if and only if its job
 * becomes done with it; a worker that lost its lease gets false and its write is not made.
 */
export interface Service {
  /** Adds the jobs not queued yet (same tournament, bot, prompt and repeat: kept as they are). */
  readonly enqueue: (jobs: ReadonlyArray<JobSpec>) => Effect.Effect<{ readonly added: number; readonly existing: number }, StoreFailure>
  /** Registers (or re-registers) a worker and stamps its first heartbeat. */
  readonly register: (worker: WorkerRegistration) => Effect.Effect<void, StoreFailure>
  /** Stamps the worker's heartbeat; answers the leases it still holds (a reclaimed one is missing). */
  readonly heartbeat: (workerId: string) => Effect.Effect<ReadonlyArray<{ readonly jobId: number; readonly lease: number }>, StoreFailure>
  /** Marks the worker stopped (a clean exit). */
  readonly stopWorker: (workerId: string) => Effect.Effect<void, StoreFailure>
  /**
   * Takes the oldest waiting job of one of `botIds` (skipping rows other workers are locking, so two
   * workers never get the same job) under a new lease; null when there is none.
   */
  readonly claim: (workerId: string, botIds: ReadonlyArray<number>) => Effect.Effect<Claim | null, StoreFailure>
  /** Records the run of the claim's attempt; false when the lease is lost. */
  readonly attachRun: (claim: Claim, runId: number) => Effect.Effect<boolean, StoreFailure>
  /**
   * Marks the job done with `runId`, running `write` in the same transaction first, both only while
   * the claim's lease is held; false (nothing written) when it is not.
   */
  readonly complete: <E, R>(claim: Claim, runId: number, write: Effect.Effect<void, E, R>) => Effect.Effect<boolean, StoreFailure | E, R>
  /** Marks the job failed with the reason; false when the lease is lost. */
  readonly fail: (claim: Claim, reason: string) => Effect.Effect<boolean, StoreFailure>
  /** Puts the job back to waiting (a graceful stop, a server that did not come back); false when the lease is lost. */
  readonly release: (claim: Claim, reason: string) => Effect.Effect<boolean, StoreFailure>
  /**
   * Jobs running under a worker silent for its own stale-after or more (by the database's clock;
   * `staleAfterMs` for a worker registered without one): done when their run is complete already, else
   * back to waiting (their partial run is marked cancelled and ended).
   */
  readonly reclaim: (staleAfterMs: number) => Effect.Effect<ReclaimReport, StoreFailure>
  /** Puts the failed jobs (of one tournament, or all) back to waiting under a new lease; answers how many. */
  readonly retryFailed: (tournament?: string) => Effect.Effect<number, StoreFailure>
  /**
   * Removes the workers that stopped cleanly, and those silent for WORKERS_SHOWN_FOR_MS, that hold no
   * running job; answers how many. Done jobs keep their worker's id.
   */
  readonly forgetWorkers: () => Effect.Effect<number, StoreFailure>
  /** Counts and details, of one tournament or of all. */
  readonly status: (tournament?: string) => Effect.Effect<JobsStatus, StoreFailure>
  /** Jobs waiting or running for any of `botIds` (how a worker with --until-empty knows it is finished). */
  readonly pending: (botIds: ReadonlyArray<number>) => Effect.Effect<{ readonly waiting: number; readonly running: number }, StoreFailure>
  readonly list: (tournament?: string) => Effect.Effect<ReadonlyArray<Job>, StoreFailure>
}

export class Jobs extends Context.Tag("@llp/core/Jobs")<Jobs, Service>() {}
