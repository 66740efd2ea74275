import * as SqlClient from "@effect/sql/SqlClient"
import { machineFingerprint, type MachineProfile } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeExtras, type Extras } from "../src/extras.js"
import { clientLayer, migrations, runMigrations } from "../src/index.js"

// The extras' Postgres-specific behaviour (triggers, concurrency, sample order) on a real database; the shared
// contract suite (test/contract.test.ts) covers what both stores do alike. Base rows are written with SQL here.

const admin = testPostgresUrl()

type Pool = ManagedRuntime.ManagedRuntime<SqlClient.SqlClient, unknown>

const profile = (gpu: string | null): MachineProfile => ({
  ...{ os: { platform: "linux", release: "6.8.0", version: "#1", arch: "x64" }, cpu: { model: "i7", cores: 20 }, ramMb: 32_000, probes: [] },
  gpus: gpu === null ? [] : [{ vendor: "nvidia", name: gpu, vramMb: 10240, driver: "550.54" }]
})

describe.skipIf(admin === undefined)("Postgres store: triggers and concurrency of statistics, Arena, machines, groups", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  const pools: Array<Pool> = []
  const pool = (): Pool => {
    const p = ManagedRuntime.make(clientLayer(db.url, { maxConnections: 4 }))
    pools.push(p)
    return p
  }
  let a: Pool
  let b: Pool
  let store: Extras
  let other: Extras
  const run = <X, E>(effect: Effect.Effect<X, E, SqlClient.SqlClient>, on: Pool = a) => on.runPromise(effect)
  const q = <R extends object>(text: (sql: SqlClient.SqlClient) => Effect.Effect<ReadonlyArray<R>, unknown>) => run(Effect.flatMap(SqlClient.SqlClient, text))
  const fail = async (effect: Effect.Effect<unknown, { readonly message: string }>) => (await Effect.runPromise(Effect.flip(effect))).message
  const at = "2026-01-01T00:00:00.000Z"

  // base rows: two categories (three prompts), three bots
  let bots: Record<"x" | "y" | "z", number>
  let prompts: Record<"p1" | "p2" | "q1", number>
  const addRun = async (bot: number, prompt: number, fields: { status?: string; tps?: number | null; ttft?: number | null; output?: string; params?: string | null; machine?: number | null; cold?: number | null; load?: number | null; warm?: number | null } = {}) => {
    const [row] = await q<{ id: number }>((sql) => sql`INSERT INTO runs ${sql.insert({
      bot_id: bot,
      prompt_id: prompt,
      provider: "ollama",
      model: "m",
      status: fields.status ?? "complete",
      started_at: at,
      tokens_per_second: fields.tps ?? null,
      ttft_ms: fields.ttft ?? null,
      output: fields.output ?? "an answer",
      params_key: fields.params === undefined ? "k1" : fields.params,
      machine_id: fields.machine ?? null,
      cold: fields.cold ?? null,
      load_ms: fields.load ?? null,
      warm_ttft_ms: fields.warm ?? null
    })} RETURNING id`)
    return row!.id
  }
  const addScore = async (runId: number, points: number, pinned = 0) => {
    await q((sql) => sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, source, pinned, created_at, params_key)
      SELECT r.id, r.bot_id, r.prompt_id, p.category, ${points}, 'manual', ${pinned}, ${at}, r.params_key
      FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.id = ${runId}`)
  }
  const epochs = async () => Object.fromEntries((await q<{ bot_id: number; epoch: number }>((sql) => sql`SELECT bot_id, epoch FROM stats_epochs`)).map((r) => [r.bot_id, r.epoch]))

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    a = pool()
    b = pool()
    await run(runMigrations(migrations))
    store = await run(Effect.flatMap(SqlClient.SqlClient, makeExtras))
    other = await run(Effect.flatMap(SqlClient.SqlClient, makeExtras), b)
    await q((sql) => sql`INSERT INTO categories (key, title, temperature) VALUES ('code', 'Code', 0.2), ('prose', 'Prose', 0.7)`)
    const ps = await q<{ id: number; slug: string }>((sql) => sql`INSERT INTO prompts (category, slug, ord, title, text, points, created_at, updated_at)
      VALUES ('code', 'p1', 1, 'P1', 'write', 10, ${at}, ${at}), ('code', 'p2', 2, 'P2', 'write', 10, ${at}, ${at}), ('prose', 'q1', 1, 'Q1', 'tell', 5, ${at}, ${at})
      RETURNING id, slug`)
    prompts = Object.fromEntries(ps.map((p) => [p.slug, p.id])) as typeof prompts
    const bs = await q<{ id: number; name: string }>((sql) => sql`INSERT INTO bots (name, provider, model, created_at, updated_at, params_key)
      VALUES ('x', 'ollama', 'm', ${at}, ${at}, 'k1'), ('y', 'ollama', 'm', ${at}, ${at}, 'k1'), ('z', 'ollama', 'm', ${at}, ${at}, 'k1')
      RETURNING id, name`)
    bots = Object.fromEntries(bs.map((r) => [r.name, r.id])) as typeof bots
  })
  afterAll(async () => {
    for (const p of pools) await p.dispose()
    await db?.drop()
  })

  it("migration 0002 runs once on top of 0001", async () => {
    const ids = await q<{ migration_id: number; name: string }>((sql) => sql`SELECT migration_id, name FROM llp_migrations ORDER BY migration_id`)
    expect(ids.map((r) => `${String(r.migration_id).padStart(4, "0")}_${r.name}`)).toEqual(Object.keys(migrations))
    expect(await run(runMigrations(migrations))).toEqual([])
  })

  it("the change counters move on scores, complete runs, parameters and prompts, and not on a streaming run's updates", async () => {
    const { x, y } = bots
    const before = await epochs()
    const streaming = await addRun(x, prompts.p1, { status: "streaming" })
    await q((sql) => sql`UPDATE runs SET output = 'more', tokens_per_second = 3 WHERE id = ${streaming}`)
    expect(await epochs()).toEqual(before)
    await q((sql) => sql`UPDATE runs SET status = 'complete' WHERE id = ${streaming}`)
    const afterComplete = (await epochs())[x]!
    expect(afterComplete).toBeGreaterThan(before[x] ?? 0)
    await addScore(streaming, 4)
    const afterScore = (await epochs())[x]!
    expect(afterScore).toBeGreaterThan(afterComplete)
    // a score replaced as scoreRun does (an upsert): a new figure counts, the same one does not
    const rescore = (points: number) =>
      q((sql) => sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, source, created_at)
        VALUES (${streaming}, ${x}, ${prompts.p1}, 'code', ${points}, 'manual', ${at})
        ON CONFLICT (run_id) DO UPDATE SET points = excluded.points, created_at = excluded.created_at`)
    await rescore(4)
    expect((await epochs())[x]).toBe(afterScore)
    await rescore(5)
    const afterRescore = (await epochs())[x]!
    expect(afterRescore).toBe(afterScore + 1)
    // a run moved to another bot changes both bots' figures
    const yBefore = (await epochs())[y] ?? 0
    await q((sql) => sql`UPDATE runs SET bot_id = ${y} WHERE id = ${streaming}`)
    const moved = await epochs()
    expect(moved[x]!).toBeGreaterThan(afterRescore)
    expect(moved[y]!).toBeGreaterThan(yBefore)
    await q((sql) => sql`UPDATE runs SET bot_id = ${x} WHERE id = ${streaming}`)
    // parameters: only a changed key counts
    const beforeParams = (await epochs())[x]!
    await q((sql) => sql`UPDATE bots SET params_key = 'k1' WHERE id = ${x}`)
    expect((await epochs())[x]).toBe(beforeParams)
    await q((sql) => sql`UPDATE bots SET params_key = 'k2' WHERE id = ${x}`)
    expect((await epochs())[x]).toBe(beforeParams + 1)
    await q((sql) => sql`UPDATE bots SET params_key = 'k1' WHERE id = ${x}`)
    // a prompt's points matter to every bot, and drop every cached entry
    await Effect.runPromise(store.writeStatsCache("board", [{ botId: x, epoch: (await epochs())[x]!, data: "{}" }]))
    const all = await epochs()
    await q((sql) => sql`UPDATE prompts SET points = 12 WHERE id = ${prompts.p2}`)
    const bumped = await epochs()
    for (const [bot, epoch] of Object.entries(all)) expect(bumped[bot]).toBe(epoch + 1)
    expect(await Effect.runPromise(store.readStatsCache("board"))).toEqual([])
    await q((sql) => sql`UPDATE prompts SET points = 10 WHERE id = ${prompts.p2}`)
    // deleting the run and its score
    const beforeDelete = (await epochs())[x]!
    await q((sql) => sql`DELETE FROM runs WHERE id = ${streaming}`)
    expect((await epochs())[x]!).toBeGreaterThan(beforeDelete)
  })

  it("a bulk write bumps each bot once per statement, and a statement that changes nothing the statistics read bumps nothing", async () => {
    const { x, y } = bots
    const before = await epochs()
    const ids = await q<{ id: number }>((sql) => sql`INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, tokens_per_second, params_key)
      SELECT CASE WHEN i % 2 = 0 THEN ${x}::bigint ELSE ${y}::bigint END, ${prompts.p1}, 'ollama', 'm', 'complete', ${at}, i, 'k1' FROM generate_series(1, 40) i RETURNING id`)
    const inserted = await epochs()
    expect([inserted[x]! - before[x]!, inserted[y]! - (before[y] ?? 0)]).toEqual([1, 1])
    await q((sql) => sql`UPDATE runs SET output = 'edited', machine_id = NULL WHERE id = ANY(${ids.map((r) => r.id)}::bigint[])`)
    await q((sql) => sql`UPDATE runs SET tokens_per_second = tokens_per_second WHERE id = ANY(${ids.map((r) => r.id)}::bigint[])`)
    expect(await epochs()).toEqual(inserted)
    await q((sql) => sql`UPDATE runs SET tokens_per_second = tokens_per_second + 1 WHERE id = ANY(${ids.map((r) => r.id)}::bigint[])`)
    const updated = await epochs()
    expect([updated[x]! - inserted[x]!, updated[y]! - inserted[y]!]).toEqual([1, 1])
    await q((sql) => sql`DELETE FROM runs WHERE id = ANY(${ids.map((r) => r.id)}::bigint[])`)
    const deleted = await epochs()
    expect([deleted[x]! - updated[x]!, deleted[y]! - updated[y]!]).toEqual([1, 1])
    // a prompt's delete matters to every bot, once per statement; one that deletes nothing to none
    await q((sql) => sql`INSERT INTO prompts (category, slug, ord, title, text, points, created_at, updated_at) VALUES ('prose', 'q2', 2, 'Q2', 't', 5, ${at}, ${at}), ('prose', 'q3', 3, 'Q3', 't', 5, ${at}, ${at})`)
    await q((sql) => sql`DELETE FROM prompts WHERE slug = 'none'`)
    expect(await epochs()).toEqual(deleted)
    await q((sql) => sql`DELETE FROM prompts WHERE slug IN ('q2', 'q3')`)
    const gone = await epochs()
    for (const [bot, epoch] of Object.entries(deleted)) expect(gone[bot]).toBe(epoch + 1)
  })

  it("the cache gives an entry back while its bot is unchanged, skips removed bots, and keeps a bot's last entry", async () => {
    const { x, y } = bots
    const now = await epochs()
    await Effect.runPromise(
      store.writeStatsCache("k", [
        { botId: x, epoch: now[x] ?? 0, data: "first" },
        { botId: x, epoch: now[x] ?? 0, data: "x" },
        { botId: y, epoch: (now[y] ?? 0) - 1, data: "old y" },
        { botId: 999_999, epoch: 0, data: "nobody" }
      ])
    )
    expect(await Effect.runPromise(store.readStatsCache("k"))).toEqual([{ botId: x, epoch: now[x] ?? 0, data: "x" }])
    expect(await q((sql) => sql`SELECT bot_id FROM stats_cache WHERE bot_id = 999999`)).toEqual([])
    await addScore(await addRun(x, prompts.q1), 3)
    expect(await Effect.runPromise(store.readStatsCache("k"))).toEqual([])
  })

  it("statSamples: the current parameters' scores (plus pinned and unkeyed ones), every run's with allParams, one machine's speeds", async () => {
    const { z } = bots
    const [m] = await q<{ id: number }>((sql) => sql`INSERT INTO machines (fingerprint, profile, first_seen) VALUES ('fp-stats', '{}', ${at}) RETURNING id`)
    const r1 = await addRun(z, prompts.p2, { tps: 30, ttft: 200, warm: 150, machine: m!.id })
    const r2 = await addRun(z, prompts.p1, { tps: 10, ttft: 100 })
    const r3 = await addRun(z, prompts.p1, { tps: 20, params: "old" })
    const r4 = await addRun(z, prompts.p1, { tps: null, params: null })
    await addRun(z, prompts.p1, { status: "failed", tps: 99 })
    await addScore(r1, 7)
    await addScore(r2, 5)
    await addScore(r3, 9)
    await addScore(r4, 1)
    const [set] = await Effect.runPromise(store.statSamples({ botIds: [z] }))
    expect(set!.botId).toBe(z)
    expect(set!.epoch).toBe((await epochs())[z])
    // by prompt, then run: the order SQLite's covering index gives
    expect(set!.scores).toEqual([
      { promptId: prompts.p1, runId: r2, points: 5, pinned: false },
      { promptId: prompts.p1, runId: r4, points: 1, pinned: false },
      { promptId: prompts.p2, runId: r1, points: 7, pinned: false }
    ])
    expect(set!.speeds).toEqual([
      { promptId: prompts.p1, tokensPerSecond: null, ttftMs: null },
      { promptId: prompts.p1, tokensPerSecond: 10, ttftMs: 100 },
      { promptId: prompts.p2, tokensPerSecond: 30, ttftMs: 150 }
    ])
    const [every] = await Effect.runPromise(store.statSamples({ botIds: [z], allParams: true }))
    expect(every!.scores.map((s) => s.runId)).toEqual([r2, r3, r4, r1])
    await q((sql) => sql`UPDATE scores SET pinned = 1 WHERE run_id = ${r3}`)
    const [pinned] = await Effect.runPromise(store.statSamples({ botIds: [z] }))
    expect(pinned!.scores.find((s) => s.runId === r3)).toEqual({ promptId: prompts.p1, runId: r3, points: 9, pinned: true })
    const [there] = await Effect.runPromise(store.statSamples({ botIds: [z], machineId: m!.id }))
    expect(there!.speeds).toEqual([{ promptId: prompts.p2, tokensPerSecond: 30, ttftMs: 150 }])
    const everyBot = await Effect.runPromise(store.statSamples())
    expect(everyBot.map((s) => s.botId)).toEqual(Object.values(bots).sort((p, r) => p - r))
    expect(await Effect.runPromise(store.statSamples({ botIds: [] }))).toEqual([])
  })

  it("two pools voting on the same duel at once store one vote, and both answer with it", async () => {
    const { x, y } = bots
    const left = await addRun(x, prompts.q1, { output: "left" })
    const right = await addRun(y, prompts.q1, { output: "right" })
    for (let i = 0; i < 5; i++) {
      const duel = `duel-${i}`
      const vote = { duel, leftRunId: left, rightRunId: right, verdict: "left", source: "manual" } as const
      const results = await Promise.all([Effect.runPromise(store.addArenaVote(vote)), Effect.runPromise(other.addArenaVote({ ...vote, verdict: "right" }))])
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(results[0]!.vote).toEqual(results[1]!.vote)
      expect(await q((sql) => sql`SELECT id FROM arena_votes WHERE duel = ${duel}`)).toHaveLength(1)
    }
    const votes = await Effect.runPromise(store.listArenaVotes({ category: "prose" }))
    expect(votes.map((v) => v.duel)).toEqual(["duel-0", "duel-1", "duel-2", "duel-3", "duel-4"])
  })

  it("a judge's answer with NUL characters is kept (JSON escapes them; the error text gets U+FFFD)", async () => {
    const { x, y } = bots
    const runId = await addRun(x, prompts.q1)
    const saved = await Effect.runPromise(
      store.saveJudgeScore({ runId, judgeBotId: y, status: "failed", points: null, maxPoints: 5, partial: false, items: [], raw: ["a\u0000b"], error: "answer 1: not JSON: a\u0000b", seed: 1, order: [] })
    )
    expect(saved).toMatchObject({ raw: ["a\u0000b"], error: "answer 1: not JSON: a\uFFFDb" })
    const pair = await Effect.runPromise(
      store.saveJudgePair({ judgeBotId: y, promptId: prompts.q1, runA: runId, runB: await addRun(bots.z, prompts.q1), asked: "A", swapped: "B", outcome: "a", consistent: true, raw: ["\u0000"] })
    )
    expect(pair.raw).toEqual(["\u0000"])
  })

  it("concurrent saves of one machine make one row; the first local machine takes the runs that have none", async () => {
    const { x } = bots
    const orphan = await addRun(x, prompts.p1)
    await q((sql) => sql`UPDATE runs SET machine_id = NULL`)
    const saved = await Promise.all(
      Array.from({ length: 6 }, (_, i) => Effect.runPromise((i % 2 === 0 ? store : other).saveMachine(profile("RTX 3080"), { local: i === 3 })))
    )
    expect(new Set(saved.map((m) => m.id)).size).toBe(1)
    const fp = machineFingerprint(profile("RTX 3080"))
    expect(await q((sql) => sql`SELECT id FROM machines WHERE fingerprint = ${fp}`)).toHaveLength(1)
    const [row] = await q<{ local: number; machine_id: number | null }>((sql) => sql`SELECT m.local, r.machine_id FROM machines m, runs r WHERE m.fingerprint = ${fp} AND r.id = ${orphan}`)
    expect(row).toEqual({ local: 1, machine_id: saved[0]!.id })
    // a second local machine finds no runs without one left, and takes none made before it later
    const later = await addRun(x, prompts.p1)
    const second = await Effect.runPromise(store.saveMachine(profile(null), { local: true }))
    expect(await q((sql) => sql`SELECT machine_id FROM runs WHERE id = ${later}`)).toEqual([{ machine_id: null }])
    expect((await Effect.runPromise(store.listMachines())).map((m) => m.id)).toEqual(expect.arrayContaining([saved[0]!.id, second.id]))
  })

  it("groups: found by name in any case, one group when two sweeps name it at once, members in the order added", async () => {
    const { x, y, z } = bots
    const made = await Promise.all([Effect.runPromise(store.ensureGroup("Sweep-A", x)), Effect.runPromise(other.ensureGroup("sweep-a", x))])
    expect(made[0]!.id).toBe(made[1]!.id)
    expect(await q((sql) => sql`SELECT id FROM bot_groups WHERE lower(name) = 'sweep-a'`)).toHaveLength(1)
    expect((await Effect.runPromise(store.findGroup("  SWEEP-a "))).id).toBe(made[0]!.id)
    expect(await fail(store.ensureGroup("sweep-A", y))).toContain("variants of another bot")
    expect(await fail(store.ensureGroup("X", y))).toContain("is a bot's name")
    await Effect.runPromise(store.addToGroup(made[0]!.id, z))
    await Effect.runPromise(store.addToGroup(made[0]!.id, y))
    const group = await Effect.runPromise(store.addToGroup(made[0]!.id, z))
    expect(group).toEqual({ id: made[0]!.id, name: made[0]!.name, baseBotId: x, botIds: [z, y] })
  })

  it("removing a bot removes its counter, its cache entries and its group memberships; its groups lose their base", async () => {
    const [gone] = await q<{ id: number }>((sql) => sql`INSERT INTO bots (name, provider, model, created_at, updated_at, params_key) VALUES ('gone', 'ollama', 'm', ${at}, ${at}, 'k1') RETURNING id`)
    const id = gone!.id
    await addScore(await addRun(id, prompts.p1), 2)
    await Effect.runPromise(store.writeStatsCache("k", [{ botId: id, epoch: (await epochs())[id]!, data: "d" }]))
    const group = await Effect.runPromise(store.ensureGroup("of-gone", id))
    await Effect.runPromise(store.addToGroup((await Effect.runPromise(store.ensureGroup("sweep-a", bots.x))).id, id))
    await q((sql) => sql`DELETE FROM bots WHERE id = ${id}`)
    expect(await q((sql) => sql`SELECT bot_id FROM stats_epochs WHERE bot_id = ${id}`)).toEqual([])
    expect(await q((sql) => sql`SELECT bot_id FROM stats_cache WHERE bot_id = ${id}`)).toEqual([])
    expect((await Effect.runPromise(store.findGroup("of-gone"))).baseBotId).toBeNull()
    expect((await Effect.runPromise(store.findGroup("sweep-a"))).botIds).not.toContain(id)
    expect(group.baseBotId).toBe(id)
  })
})
