import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { DEFAULT_STALE_AFTER_MS, Jobs, StoreError, WORKERS_SHOWN_FOR_MS, type Claim, type Job, type JobStatus, type WorkerState } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { clientLayer } from "./client.js"
import { migrations } from "./migrations/index.js"
import { runMigrations } from "./migrations/run.js"

/*
 * The job queue on Postgres (migration 0003). Why a job is never run twice to completion:
 *
 * - claim takes a waiting row with `FOR UPDATE SKIP LOCKED` in the UPDATE that marks it running, so two
 *   workers never take the same row, and raises its lease number;
 * - every later write about the job (run id, complete, fail, release) is conditional on status running,
 *   the same worker and the same lease; a reclaimed job has been given back (status waiting, worker null),
 *   so its old holder's writes match nothing;
 * - complete locks the job row (`FOR UPDATE`), checks the lease, then makes the caller's write (the run's
 *   final, complete save, through the Store) and marks the job done in the same transaction; reclaim locks
 *   the rows it takes too, so the two cannot interleave: either the run completes with its job, or the
 *   lease was lost first and the worker's run is saved as cancelled instead (see core/worker.ts);
 * - reclaim marks done, not waiting, a stale job whose run is complete already (a complete run that was
 *   not written through complete: kept, never run again).
 */

const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const JOB_COLUMNS = `id, tournament, bot_id AS "botId", prompt_id AS "promptId", repeat_no AS "repeat", bot, prompt, status, lease,
  worker_id AS "workerId", run_id AS "runId", error, ${ts("queued_at")} AS "queuedAt", ${ts("claimed_at")} AS "claimedAt", ${ts("finished_at")} AS "finishedAt"`

interface JobRow {
  readonly id: number
  readonly tournament: string
  readonly botId: number
  readonly promptId: number
  readonly repeat: number
  readonly bot: string
  readonly prompt: string
  readonly status: JobStatus
  readonly lease: number
  readonly workerId: string | null
  readonly runId: number | null
  readonly error: string | null
  readonly queuedAt: string
  readonly claimedAt: string | null
  readonly finishedAt: string | null
}

const toJob = (r: JobRow): Job => ({ ...r })

// by tag, not instanceof: a bundle may carry two copies of @effect/sql's classes
const isSqlError = (e: unknown): e is SqlError => typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "SqlError"

const storeError = (what: string) => (e: unknown) =>
  isSqlError(e) ? new StoreError({ reason: "Sql", detail: `job queue: ${what}: ${e.cause instanceof Error ? e.cause.message : e.message}`, cause: e }) : e

/** The Jobs service over the SqlClient in context (which must reach a database migrated to 0003). */
export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const cols = sql.literal(JOB_COLUMNS)
  const q = <A, E, R>(what: string, effect: Effect.Effect<A, E, R>) => Effect.mapError(effect, storeError(what)) as Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

  /**
   * Locks the job row and says whether the claim still holds it. A completion retried after its commit's
   * answer was lost (the connection dropped) finds the job done with this very run and lease: that is
   * success, not a lost lease.
   */
  const lockHeld = (claim: Claim, runId: number) =>
    sql<{ readonly status: string; readonly runId: number | null }>`SELECT status, run_id AS "runId" FROM jobs
      WHERE id = ${claim.job.id} AND worker_id = ${claim.workerId} AND lease = ${claim.lease} FOR UPDATE`.pipe(
      Effect.map(([row]) => (row === undefined ? "lost" : row.status === "running" ? "held" : row.status === "done" && row.runId === runId ? "done-with-this-run" : "lost"))
    )

  const service: Jobs.Service = {
    enqueue: (jobs) =>
      q(
        "enqueue",
        Effect.gen(function* () {
          let added = 0
          // one statement per 500 jobs: a tournament of thousands of jobs is a few round trips
          for (let i = 0; i < jobs.length; i += 500) {
            const chunk = jobs.slice(i, i + 500)
            const rows = yield* sql<{ readonly id: number }>`INSERT INTO jobs ${sql.insert(
              chunk.map((j) => ({ tournament: j.tournament, bot_id: j.botId, prompt_id: j.promptId, repeat_no: j.repeat, bot: j.bot, prompt: j.prompt }))
            )} ON CONFLICT (tournament, bot_id, prompt_id, repeat_no) DO NOTHING RETURNING id`
            added += rows.length
          }
          return { added, existing: jobs.length - added }
        })
      ),

    register: (w) =>
      q(
        "register the worker",
        sql`INSERT INTO workers (id, host, machine_id, machine, providers, stale_after_ms)
          VALUES (${w.id}, ${w.host}, ${w.machineId}, ${w.machine}, ${w.providers.join(",")}, ${w.staleAfterMs === null ? null : Math.round(w.staleAfterMs)})
          ON CONFLICT (id) DO UPDATE SET host = excluded.host, machine_id = excluded.machine_id, machine = excluded.machine,
            providers = excluded.providers, stale_after_ms = excluded.stale_after_ms, heartbeat_at = now(), stopped_at = NULL`.pipe(Effect.asVoid)
      ),

    heartbeat: (workerId) =>
      q(
        "heartbeat",
        Effect.gen(function* () {
          yield* sql`UPDATE workers SET heartbeat_at = now(), stopped_at = NULL WHERE id = ${workerId}`
          const rows = yield* sql<{ readonly jobId: number; readonly lease: number }>`SELECT id AS "jobId", lease FROM jobs WHERE worker_id = ${workerId} AND status = 'running'`
          return rows
        })
      ),

    stopWorker: (workerId) => q("stop the worker", sql`UPDATE workers SET stopped_at = now(), heartbeat_at = now() WHERE id = ${workerId}`.pipe(Effect.asVoid)),

    claim: (workerId, botIds) =>
      botIds.length === 0
        ? Effect.succeed(null)
        : q(
            "claim",
            Effect.gen(function* () {
              const rows = yield* sql<JobRow>`WITH next AS (
                  SELECT id AS next_id FROM jobs WHERE status = 'waiting' AND bot_id = ANY(${botIds}::bigint[]) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs SET status = 'running', lease = jobs.lease + 1, worker_id = ${workerId}, claimed_at = now(), run_id = NULL, error = NULL
                FROM next WHERE jobs.id = next.next_id RETURNING ${cols}`
              const job = rows[0]
              return job === undefined ? null : { job: toJob(job), workerId, lease: job.lease }
            })
          ),

    attachRun: (claim, runId) =>
      q(
        "record the run",
        sql<{ readonly id: number }>`UPDATE jobs SET run_id = ${runId} WHERE id = ${claim.job.id} AND status = 'running' AND worker_id = ${claim.workerId} AND lease = ${claim.lease} RETURNING id`.pipe(
          Effect.map((rows) => rows.length > 0)
        )
      ),

    complete: (claim, runId, write) =>
      q(
        "complete",
        sql.withTransaction(
          Effect.gen(function* () {
            const held = yield* lockHeld(claim, runId)
            if (held === "done-with-this-run") return true
            if (held === "lost") return false
            yield* write
            yield* sql`UPDATE jobs SET status = 'done', run_id = ${runId}, finished_at = now(), error = NULL WHERE id = ${claim.job.id}`
            return true
          })
        )
      ),

    fail: (claim, reason) =>
      q(
        "fail",
        sql<{ readonly id: number }>`UPDATE jobs SET status = 'failed', error = ${reason}, finished_at = now()
          WHERE id = ${claim.job.id} AND status = 'running' AND worker_id = ${claim.workerId} AND lease = ${claim.lease} RETURNING id`.pipe(Effect.map((rows) => rows.length > 0))
      ),

    release: (claim, reason) =>
      q(
        "release",
        sql<{ readonly id: number }>`UPDATE jobs SET status = 'waiting', worker_id = NULL, run_id = NULL, claimed_at = NULL, error = ${reason}
          WHERE id = ${claim.job.id} AND status = 'running' AND worker_id = ${claim.workerId} AND lease = ${claim.lease} RETURNING id`.pipe(Effect.map((rows) => rows.length > 0))
      ),

    reclaim: (staleAfterMs) =>
      q(
        "reclaim stale jobs",
        sql.withTransaction(
          Effect.gen(function* () {
            const stale = yield* sql<{ readonly id: number; readonly runId: number | null; readonly runStatus: string | null; readonly workerId: string | null; readonly silentS: number | null }>`
              SELECT j.id, j.run_id AS "runId", r.status AS "runStatus", j.worker_id AS "workerId",
                round(extract(epoch FROM now() - w.heartbeat_at))::int AS "silentS"
              FROM jobs j
              LEFT JOIN workers w ON w.id = j.worker_id
              LEFT JOIN runs r ON r.id = j.run_id
              WHERE j.status = 'running' AND (w.id IS NULL OR w.heartbeat_at < now() - make_interval(secs => coalesce(w.stale_after_ms, ${staleAfterMs}) / 1000.0))
              ORDER BY j.id
              FOR UPDATE OF j SKIP LOCKED`
            const requeued: Array<Job> = []
            const completed: Array<Job> = []
            for (const s of stale) {
              const who = `worker ${s.workerId ?? "(gone)"} silent for ${s.silentS ?? "?"}s`
              if (s.runStatus === "complete") {
                const [job] = yield* sql<JobRow>`UPDATE jobs SET status = 'done', finished_at = now(), error = ${`marked done at reclaim: its run ${s.runId} had completed (${who})`}
                  WHERE id = ${s.id} RETURNING ${cols}`
                completed.push(toJob(job!))
                continue
              }
              const reason = `reclaimed: ${who}${s.runId === null ? "" : `; its partial run ${s.runId} was kept as cancelled`}`
              // ended now, as a cancelled local run is: its worker died and will never end it
              if (s.runId !== null) yield* sql`UPDATE runs SET status = 'cancelled', error = ${reason}, ended_at = coalesce(ended_at, ${sql.literal(ts("now()"))}) WHERE id = ${s.runId} AND status = 'streaming'`
              const [job] = yield* sql<JobRow>`UPDATE jobs SET status = 'waiting', worker_id = NULL, run_id = NULL, claimed_at = NULL, error = ${reason}
                WHERE id = ${s.id} RETURNING ${cols}`
              requeued.push(toJob(job!))
            }
            return { requeued, completed }
          })
        )
      ),

    status: (tournament) =>
      q(
        "status",
        Effect.gen(function* () {
          const where = tournament === undefined ? sql.literal("TRUE") : sql`tournament = ${tournament}`
          const counts = yield* sql<{ readonly status: JobStatus; readonly n: number }>`SELECT status, count(*) AS n FROM jobs WHERE ${where} GROUP BY status`
          const by = (s: JobStatus) => counts.find((c) => c.status === s)?.n ?? 0
          const tournaments = yield* sql<{ readonly tournament: string }>`SELECT DISTINCT tournament FROM jobs WHERE ${where} ORDER BY tournament`
          const running = yield* sql<JobRow>`SELECT ${cols} FROM jobs WHERE ${where} AND status = 'running' ORDER BY id`
          const failed = yield* sql<JobRow>`SELECT ${cols} FROM jobs WHERE ${where} AND status = 'failed' ORDER BY id`
          const done = yield* sql<{ readonly workerId: string | null; readonly n: number }>`SELECT worker_id AS "workerId", count(*) AS n FROM jobs WHERE ${where} AND status = 'done' GROUP BY worker_id ORDER BY worker_id`
          const workers = yield* sql<Omit<WorkerState, "providers"> & { readonly providers: string; readonly shown: boolean }>`
            SELECT w.id, w.host, w.machine_id AS "machineId", w.machine, w.providers, w.stale_after_ms AS "staleAfterMs",
              ${sql.literal(ts("w.started_at"))} AS "startedAt", ${sql.literal(ts("w.heartbeat_at"))} AS "heartbeatAt", ${sql.literal(ts("w.stopped_at"))} AS "stoppedAt",
              round(extract(epoch FROM now() - w.heartbeat_at) * 1000)::bigint AS "silentMs",
              w.heartbeat_at < now() - make_interval(secs => coalesce(w.stale_after_ms, ${DEFAULT_STALE_AFTER_MS}) / 1000.0) AS silent,
              (SELECT count(*) FROM jobs j WHERE j.worker_id = w.id AND j.status = 'done') AS "jobsDone",
              (w.heartbeat_at >= now() - make_interval(secs => ${WORKERS_SHOWN_FOR_MS / 1000})
                OR EXISTS (SELECT 1 FROM jobs j WHERE j.worker_id = w.id AND j.status = 'running')) AS shown
            FROM workers w ORDER BY w.started_at, w.id`
          return {
            tournaments: tournaments.map((t) => t.tournament),
            counts: { waiting: by("waiting"), running: by("running"), done: by("done"), failed: by("failed"), total: counts.reduce((s, c) => s + c.n, 0) },
            running: running.map(toJob),
            failed: failed.map(toJob),
            doneBy: Object.fromEntries(done.map((d) => [d.workerId ?? "(unknown)", d.n])),
            workers: workers.filter((w) => w.shown).map(({ shown: _, ...w }) => ({ ...w, providers: w.providers === "" ? [] : w.providers.split(",") })),
            hiddenWorkers: workers.filter((w) => !w.shown).length
          }
        })
      ),

    retryFailed: (tournament) =>
      q(
        "retry failed jobs",
        sql<{ readonly id: number }>`UPDATE jobs SET status = 'waiting', lease = lease + 1, worker_id = NULL, run_id = NULL, claimed_at = NULL, finished_at = NULL,
            error = 'queued again by llp tournament --retry-failed; it had failed: ' || coalesce(error, '?')
          WHERE status = 'failed' AND ${tournament === undefined ? sql.literal("TRUE") : sql`tournament = ${tournament}`} RETURNING id`.pipe(Effect.map((rows) => rows.length))
      ),

    forgetWorkers: () =>
      q(
        "forget stopped workers",
        sql<{ readonly id: string }>`DELETE FROM workers w
          WHERE (w.stopped_at IS NOT NULL OR w.heartbeat_at < now() - make_interval(secs => ${WORKERS_SHOWN_FOR_MS / 1000}))
            AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.worker_id = w.id AND j.status = 'running')
          RETURNING id`.pipe(Effect.map((rows) => rows.length))
      ),

    pending: (botIds) =>
      q(
        "count pending jobs",
        sql<{ readonly waiting: number; readonly running: number }>`SELECT count(*) FILTER (WHERE status = 'waiting') AS waiting, count(*) FILTER (WHERE status = 'running') AS running
          FROM jobs WHERE bot_id = ANY(${botIds}::bigint[]) AND status IN ('waiting', 'running')`.pipe(Effect.map((rows) => rows[0] ?? { waiting: 0, running: 0 }))
      ),

    list: (tournament) =>
      q(
        "list jobs",
        (tournament === undefined ? sql<JobRow>`SELECT ${cols} FROM jobs ORDER BY id` : sql<JobRow>`SELECT ${cols} FROM jobs WHERE tournament = ${tournament} ORDER BY id`).pipe(Effect.map((rows) => rows.map(toJob)))
      )
  }
  return service
})

/**
 * The Jobs service over an existing client (share the Store's, or not: `complete` makes the Store's write
 * inside its own transaction either way, since @effect/sql hands the transaction's connection to every
 * client's statements in it).
 */
export const layerFromClient: Layer.Layer<Jobs.Jobs, never, SqlClient.SqlClient> = Layer.effect(Jobs.Jobs, make)

/** The Jobs service on its own pool at `url`, migrating the database first (under the runner's advisory lock). */
export const layer = (url: string): Layer.Layer<Jobs.Jobs, StoreError> =>
  Layer.effect(Jobs.Jobs, Effect.zipRight(runMigrations(migrations).pipe(Effect.mapError(migrationError)), make)).pipe(Layer.provide(clientLayer(url, { maxConnections: 4 })))

const migrationError = (e: unknown): StoreError => {
  const mapped = storeError("migrate")(e)
  return mapped instanceof StoreError ? mapped : new StoreError({ reason: "Sql", detail: `migrating the Postgres store: ${e instanceof Error ? e.message : String(e)}`, cause: e })
}
