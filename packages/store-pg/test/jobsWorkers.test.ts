import * as SqlClient from "@effect/sql/SqlClient"
import { Jobs, type Claim, type JobSpec } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clientLayer, PgJobs, runMigrations, migrations } from "../src/index.js"

const admin = testPostgresUrl()

// each test queues jobs of a bot of its own (a reclaim in one test must not hand another's jobs around)
const spec = (n: number, tournament: string, botId: number): JobSpec => ({ tournament, botId, promptId: 100 + n, repeat: 1, bot: `bot${botId}`, prompt: `cat/p${n}` })
const worker = (id: string, staleAfterMs: number | null) => ({ id, host: "h", machineId: null, machine: "test", providers: ["sim"], staleAfterMs })

describe.skipIf(admin === undefined)("workers on the Postgres queue: own stale-after, retry, forgetting", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let rt: ManagedRuntime.ManagedRuntime<Jobs.Jobs | SqlClient.SqlClient, unknown>
  const jobs = <A, E>(f: (j: Jobs.Service) => Effect.Effect<A, E>) => rt.runPromise(Effect.flatMap(Jobs.Jobs, f))
  const sql = <A>(f: (s: SqlClient.SqlClient) => Effect.Effect<A, unknown, SqlClient.SqlClient>) => rt.runPromise(Effect.flatMap(SqlClient.SqlClient, f))
  const silence = (id: string, seconds: number) => sql((s) => s`UPDATE workers SET heartbeat_at = now() - make_interval(secs => ${seconds}) WHERE id = ${id}`)

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    rt = ManagedRuntime.make(PgJobs.layerFromClient.pipe(Layer.provideMerge(clientLayer(db.url, { maxConnections: 4 }))))
    await sql((s) =>
      Effect.gen(function* () {
        yield* runMigrations(migrations)
        yield* s`INSERT INTO bots (id, name, provider, model, created_at, updated_at) VALUES (1, 'b', 'sim', 'm', 'now', 'now')`
        yield* s`INSERT INTO categories (key, title, temperature) VALUES ('cat', 'Cat', 0.5)`
        yield* s`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'cat', 'p', 1, 'P', 'T', 10, 'now', 'now')`
      })
    )
  })
  afterAll(async () => {
    await rt?.dispose()
    await db?.drop()
  })

  it("reclaim and --status judge a silent worker by its own stale-after, not the reclaiming worker's", async () => {
    await jobs((j) => Effect.all([j.register(worker("quick", 5_000)), j.register(worker("patient", 120_000)), j.register(worker("old", null))]))
    await jobs((j) => j.enqueue([spec(1, "own", 21), spec(2, "own", 21), spec(3, "own", 21)]))
    const q = (await jobs((j) => j.claim("quick", [21])))!
    const p = (await jobs((j) => j.claim("patient", [21])))!
    const o = (await jobs((j) => j.claim("old", [21])))!
    await sql((s) => s`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at) VALUES (701, 1, 1, 'sim', 'm', 'streaming', '2026-01-01T00:00:00.000Z')`)
    await jobs((j) => j.attachRun(q, 701))
    for (const id of ["quick", "patient", "old"]) await silence(id, 90)

    const status = await jobs((j) => j.status("own"))
    const state = Object.fromEntries(status.workers.map((w) => [w.id, [w.staleAfterMs, w.silent]]))
    expect(state).toEqual({ quick: [5_000, true], patient: [120_000, false], old: [null, true] })

    // a reclaimer with a long threshold still takes the quick worker's job (silent 90 s > its 5 s) and the
    // old worker's (no figure of its own: the reclaimer's 60 s); a short one does not take the patient worker's
    const swept = await jobs((j) => j.reclaim(60_000))
    expect(swept.requeued.map((r) => r.id).sort()).toEqual([q.job.id, o.job.id].sort())
    expect((await jobs((j) => j.reclaim(1_000))).requeued).toEqual([])
    expect((await jobs((j) => j.heartbeat("patient"))).map((h) => h.jobId)).toEqual([p.job.id])
    // the killed worker's partial run is cancelled and ended (a run never ended looks as if it were still going)
    const [run] = await sql((s) => s<{ status: string; ended_at: string | null }>`SELECT status, ended_at FROM runs WHERE id = 701`)
    expect(run!.status).toBe("cancelled")
    expect(run!.ended_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it("--retry-failed puts the failed jobs of one tournament back under a new lease, and says how many", async () => {
    await jobs((j) => j.register(worker("w", 60_000)))
    await jobs((j) => j.enqueue([spec(1, "rf", 22), spec(2, "rf", 22), spec(3, "rf", 22), spec(1, "rf-other", 22)]))
    const claims: Array<Claim> = []
    for (let i = 0; i < 4; i++) claims.push((await jobs((j) => j.claim("w", [22])))!)
    for (const c of claims.slice(0, 2)) await jobs((j) => j.fail(c, "model not found"))
    await jobs((j) => j.fail(claims[3]!, "other tournament"))
    expect(await jobs((j) => j.retryFailed("rf"))).toBe(2)
    expect(await jobs((j) => j.retryFailed("rf"))).toBe(0)
    const rows = await jobs((j) => j.list("rf"))
    const retried = rows.filter((r) => claims.slice(0, 2).some((c) => c.job.id === r.id))
    expect(retried.map((r) => [r.status, r.workerId, r.finishedAt])).toEqual([["waiting", null, null], ["waiting", null, null]])
    expect(retried[0]!.error).toContain("model not found")
    // the old holder's lease is gone: its late writes match nothing; the next claim has a higher lease
    expect(await jobs((j) => j.fail(claims[0]!, "late"))).toBe(false)
    const again = (await jobs((j) => j.claim("w", [22])))!
    expect(again.lease).toBeGreaterThan(claims[0]!.lease)
    expect((await jobs((j) => j.status("rf-other"))).counts.failed).toBe(1)
    expect(await jobs((j) => j.retryFailed())).toBe(1)
  })

  it("--status shows workers of the last 24 h or holding a job and counts the others; forgetting removes stopped ones, done jobs keep their worker", async () => {
    await jobs((j) => Effect.all([j.register(worker("gone", 60_000)), j.register(worker("ancient", 60_000)), j.register(worker("holder", 60_000)), j.register(worker("stopped", 60_000))]))
    await jobs((j) => j.enqueue([spec(1, "fg", 23), spec(2, "fg", 23), spec(3, "fg", 23)]))
    const done = (await jobs((j) => j.claim("gone", [23])))!
    await sql((s) => s`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at) VALUES (801, 1, 1, 'sim', 'm', 'streaming', 'now')`)
    await jobs((j) => j.complete(done, 801, Effect.void))
    await jobs((j) => j.claim("holder", [23]))
    await jobs((j) => j.stopWorker("stopped"))
    for (const id of ["gone", "ancient", "holder"]) await silence(id, 25 * 3600)
    await jobs((j) => j.stopWorker("gone")).then(() => silence("gone", 25 * 3600))

    const before = await jobs((j) => j.status())
    const shown = before.workers.map((w) => w.id)
    expect(shown).toContain("holder")
    expect(shown).toContain("stopped")
    expect(shown).not.toContain("gone")
    expect(shown).not.toContain("ancient")
    expect(before.hiddenWorkers).toBe(2)

    // stopped ones and those silent a day go; the one holding a job stays (its job comes back through reclaim)
    const forgotten = await jobs((j) => j.forgetWorkers())
    expect(forgotten).toBe(3)
    const ids = (await sql((s) => s<{ id: string }>`SELECT id FROM workers`)).map((r) => r.id)
    expect(ids).toContain("holder")
    for (const id of ["gone", "ancient", "stopped"]) expect(ids).not.toContain(id)
    const after = await jobs((j) => j.status("fg"))
    expect(after.hiddenWorkers).toBe(0)
    expect(after.doneBy).toEqual({ gone: 1 })
  })
})
