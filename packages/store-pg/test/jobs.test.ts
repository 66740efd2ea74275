import * as SqlClient from "@effect/sql/SqlClient"
import { Jobs, type JobSpec } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clientLayer, PgJobs, runMigrations, migrations } from "../src/index.js"

const admin = testPostgresUrl()

const spec = (n: number, tournament = "t1", botId = 1 + (n % 3)): JobSpec => ({ tournament, botId, promptId: 100 + n, repeat: 1, bot: `bot${botId}`, prompt: `cat/p${n}` })
// Each test below queues jobs of a bot of its own and claims only that bot: a reclaim in one test puts the
// earlier tests' jobs back in the queue, and a claim must not pick those up instead.
const LEASE_BOT = 12
const DEAD_BOT = 13
const FAIL_BOT = 14
const run = (s: SqlClient.SqlClient, id: number, status: string) =>
  s`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at) VALUES (${id}, 1, 1, 'sim', 'm', ${status}, 'now')`
const worker = (id: string) => ({ id, host: "h", machineId: null, machine: "test", providers: ["sim"], staleAfterMs: null })

describe.skipIf(admin === undefined)("the Postgres job queue", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  // two pools, as two workers on two machines would have
  let one: ManagedRuntime.ManagedRuntime<Jobs.Jobs | SqlClient.SqlClient, unknown>
  let two: ManagedRuntime.ManagedRuntime<Jobs.Jobs | SqlClient.SqlClient, unknown>
  const pool = (url: string) => ManagedRuntime.make(PgJobs.layerFromClient.pipe(Layer.provideMerge(clientLayer(url, { maxConnections: 4 }))))
  const jobs = <A, E>(rt: typeof one, f: (j: Jobs.Service) => Effect.Effect<A, E>) => rt.runPromise(Effect.flatMap(Jobs.Jobs, f))
  const sql = <A>(rt: typeof one, f: (s: SqlClient.SqlClient) => Effect.Effect<A, unknown, SqlClient.SqlClient>) => rt.runPromise(Effect.flatMap(SqlClient.SqlClient, f))

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    one = pool(db.url)
    two = pool(db.url)
    await sql(one, (s) =>
      Effect.gen(function* () {
        yield* runMigrations(migrations)
        // reclaim reads the Store's runs (migration 0001): one bot and prompt for the runs below
        yield* s`INSERT INTO bots (id, name, provider, model, created_at, updated_at) VALUES (1, 'b', 'sim', 'm', 'now', 'now')`
        yield* s`INSERT INTO categories (key, title, temperature) VALUES ('cat', 'Cat', 0.5)`
        yield* s`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'cat', 'p', 1, 'P', 'T', 10, 'now', 'now')`
      })
    )
    await jobs(one, (j) => Effect.all([j.register(worker("a")), j.register(worker("b"))]))
  })
  afterAll(async () => {
    await one?.dispose()
    await two?.dispose()
    await db?.drop()
  })

  it("enqueues once per tournament, bot, prompt and repeat", async () => {
    const specs = Array.from({ length: 40 }, (_, n) => spec(n))
    expect(await jobs(one, (j) => j.enqueue(specs))).toEqual({ added: 40, existing: 0 })
    expect(await jobs(two, (j) => j.enqueue([...specs, spec(0, "t2")]))).toEqual({ added: 1, existing: 40 })
    const status = await jobs(one, (j) => j.status("t1"))
    expect(status.counts).toEqual({ waiting: 40, running: 0, done: 0, failed: 0, total: 40 })
  })

  it("two pools claiming at once never get the same job, and claim only the bots asked for", async () => {
    const drain = (rt: typeof one, id: string) =>
      jobs(rt, (j) =>
        Effect.gen(function* () {
          const got: Array<number> = []
          while (true) {
            const c = yield* j.claim(id, [1, 2])
            if (c === null) return got
            expect(c.lease).toBe(1)
            got.push(c.job.id)
          }
        })
      )
    const [a, b] = await Promise.all([drain(one, "a"), drain(two, "b")])
    const all = [...a, ...b]
    expect(new Set(all).size).toBe(all.length)
    const rows = await sql(one, (s) => s<{ id: number; bot_id: number; worker_id: string | null }>`SELECT id, bot_id, worker_id FROM jobs WHERE status = 'running' ORDER BY id`)
    expect(rows.map((r) => r.id).sort((x, y) => x - y)).toEqual([...all].sort((x, y) => x - y))
    expect(rows.every((r) => r.bot_id === 1 || r.bot_id === 2)).toBe(true)
    expect(rows.filter((r) => r.worker_id === "a").length).toBe(a.length)
    // bot 3's jobs stay waiting for a worker that can serve it
    expect((await jobs(one, (j) => j.pending([3]))).waiting).toBe(13)
  })

  it("a lease lost to a reclaim refuses the old holder's completion, and its write is not made", async () => {
    await jobs(one, (j) => j.enqueue([spec(1, "lease", LEASE_BOT)]))
    const first = (await jobs(one, (j) => j.claim("a", [LEASE_BOT])))!
    expect(first.job.tournament).toBe("lease")
    await sql(one, (s) => run(s, 501, "streaming"))
    expect(await jobs(one, (j) => j.attachRun(first, 501))).toBe(true)
    // worker a goes silent for two minutes (by the database's clock)
    await sql(one, (s) => s`UPDATE workers SET heartbeat_at = now() - interval '2 minutes' WHERE id = 'a'`)
    const swept = await jobs(two, (j) => j.reclaim(60_000))
    expect(swept.requeued.map((r) => r.id)).toContain(first.job.id)
    expect(swept.completed).toEqual([])
    const [partial] = await sql(one, (s) => s<{ status: string; error: string }>`SELECT status, error FROM runs WHERE id = 501`)
    expect(partial).toMatchObject({ status: "cancelled" })
    expect(partial!.error).toContain("reclaimed: worker a silent for")

    const second = (await jobs(two, (j) => j.claim("b", [LEASE_BOT])))!
    expect(second.job.id).toBe(first.job.id)
    expect(second.lease).toBe(first.lease + 1)
    let written = 0
    const write = Effect.sync(() => void written++)
    expect(await jobs(one, (j) => j.complete(first, 501, write))).toBe(false)
    expect(await jobs(one, (j) => j.attachRun(first, 501))).toBe(false)
    expect(await jobs(one, (j) => j.fail(first, "late"))).toBe(false)
    expect(await jobs(one, (j) => j.release(first, "late"))).toBe(false)
    expect(written).toBe(0)
    expect(await jobs(two, (j) => j.complete(second, 502, write))).toBe(true)
    expect(written).toBe(1)
    // a completion retried (its commit's answer lost) is a success, and writes nothing twice
    expect(await jobs(two, (j) => j.complete(second, 502, write))).toBe(true)
    expect(written).toBe(1)
    expect(await jobs(two, (j) => j.complete(second, 503, write))).toBe(false)
    const [row] = await sql(one, (s) => s<{ status: string; run_id: number; worker_id: string }>`SELECT status, run_id, worker_id FROM jobs WHERE id = ${first.job.id}`)
    expect(row).toEqual({ status: "done", run_id: 502, worker_id: "b" })
  })

  it("a stale job whose run completed is marked done, not run again; a fresh worker's job is left alone", async () => {
    await jobs(one, (j) => j.register(worker("c")))
    await jobs(one, (j) => j.enqueue([spec(4, "dead", DEAD_BOT), spec(7, "dead", DEAD_BOT)]))
    const c1 = (await jobs(one, (j) => j.claim("c", [DEAD_BOT])))!
    const c2 = (await jobs(one, (j) => j.claim("b", [DEAD_BOT])))!
    await sql(one, (s) => run(s, 601, "complete"))
    await jobs(one, (j) => j.attachRun(c1, 601))
    await sql(one, (s) => s`UPDATE workers SET heartbeat_at = now() - interval '90 seconds' WHERE id = 'c'`)
    await jobs(two, (j) => j.heartbeat("b"))
    const swept = await jobs(two, (j) => j.reclaim(60_000))
    expect(swept.requeued).toEqual([])
    expect(swept.completed.map((r) => [r.id, r.status, r.runId])).toEqual([[c1.job.id, "done", 601]])
    // b heartbeated: its job is still its own
    expect(await jobs(two, (j) => j.heartbeat("b"))).toContainEqual({ jobId: c2.job.id, lease: c2.lease })
    const status = await jobs(one, (j) => j.status("dead"))
    expect(status.counts).toMatchObject({ done: 1, running: 1 })
    expect(status.running.map((r) => r.workerId)).toEqual(["b"])
    expect(status.workers.find((w) => w.id === "c")!.silentMs).toBeGreaterThanOrEqual(89_000)
  })

  it("fail keeps the reason; release puts the job back for anyone", async () => {
    await jobs(one, (j) => j.enqueue([spec(10, "fr", FAIL_BOT), spec(13, "fr", FAIL_BOT)]))
    const a = (await jobs(one, (j) => j.claim("a", [FAIL_BOT])))!
    const b = (await jobs(one, (j) => j.claim("b", [FAIL_BOT])))!
    expect(await jobs(one, (j) => j.fail(a, "model not found"))).toBe(true)
    expect(await jobs(one, (j) => j.release(b, "worker b stopped (Ctrl+C)"))).toBe(true)
    const status = await jobs(one, (j) => j.status("fr"))
    expect(status.failed.map((f) => f.error)).toEqual(["model not found"])
    expect(status.counts).toMatchObject({ waiting: 1, failed: 1 })
    const again = (await jobs(two, (j) => j.claim("a", [FAIL_BOT])))!
    expect(again.job.id).toBe(b.job.id)
    expect(again.lease).toBe(b.lease + 1)
  })
})
