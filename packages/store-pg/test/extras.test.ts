import * as SqlClient from "@effect/sql/SqlClient"
import { machineFingerprint, type MachineProfile } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeExtras, type Extras } from "../src/extras.js"
import { clientLayer, migrations, runMigrations } from "../src/index.js"

// The extras' Postgres-specific behaviour (triggers, concurrency) on real databases; the shared contract suite
// covers what both stores do alike once PgStore composes these methods. Base rows are written with SQL here.

const admin = testPostgresUrl()

type Pool = ManagedRuntime.ManagedRuntime<SqlClient.SqlClient, unknown>

const profile = (gpu: string | null): MachineProfile => ({
  os: { platform: "linux", release: "6.8.0", version: "#1 SMP", arch: "x64" },
  cpu: { model: "12th Gen Intel Core i7-12700F", cores: 20 },
  ramMb: 32_000,
  gpus: gpu === null ? [] : [{ vendor: "nvidia", name: gpu, vramMb: 10240, driver: "550.54" }],
  probes: []
})

describe.skipIf(admin === undefined)("Postgres store: statistics, Arena, judge, machines, bench, groups", () => {
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

  // base rows: two categories of two prompts, four bots
  let bots: Record<"x" | "y" | "z" | "judge", number>
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
      VALUES ('x', 'ollama', 'm', ${at}, ${at}, 'k1'), ('y', 'ollama', 'm', ${at}, ${at}, 'k1'), ('z', 'ollama', 'm', ${at}, ${at}, 'k1'),
        ('judge', 'ollama', 'j', ${at}, ${at}, 'k1')
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
    await q((sql) => sql`UPDATE scores SET points = 5 WHERE run_id = ${streaming}`)
    const afterRescore = (await epochs())[x]!
    expect(afterRescore).toBeGreaterThan(afterScore)
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
    expect(votes).toHaveLength(5)
    expect(votes[0]).toMatchObject({ duel: "duel-0", promptId: prompts.q1, category: "prose", leftBotId: x, rightBotId: y, source: "manual" })
    expect(await Effect.runPromise(store.listArenaVotes({ category: "code" }))).toEqual([])
    // votes without a duel id are each kept
    await Effect.runPromise(store.addArenaVote({ duel: null, leftRunId: left, rightRunId: right, verdict: "tie", source: "judge" }))
    await Effect.runPromise(store.addArenaVote({ duel: null, leftRunId: left, rightRunId: right, verdict: "tie", source: "judge" }))
    expect(await Effect.runPromise(store.listArenaVotes({ source: "judge" }))).toHaveLength(2)
    expect(await fail(store.addArenaVote({ duel: "d", leftRunId: left, rightRunId: left, verdict: "left", source: "manual" }))).toContain("two different runs")
    expect(await fail(store.addArenaVote({ duel: "d", leftRunId: left, rightRunId: right, verdict: "up" as never, source: "manual" }))).toContain("verdict")
    expect(await fail(store.addArenaVote({ duel: "d", leftRunId: left, rightRunId: 999_999, verdict: "left", source: "manual" }))).toContain("no run 999999")
    await Effect.runPromise(store.removeArenaVote(votes[0]!.id))
    expect(await fail(store.removeArenaVote(votes[0]!.id))).toContain(`no Arena vote ${votes[0]!.id}`)
    // what can meet: each bot's newest complete run with text per prompt
    const empty = await addRun(x, prompts.q1, { output: "" })
    const answers = await Effect.runPromise(store.listArenaAnswers("prose"))
    expect(answers.filter((r) => r.promptId === prompts.q1 && r.botId === x)).toEqual([{ runId: Math.max(left, ...(await q<{ id: number }>((sql) => sql`SELECT id FROM runs WHERE bot_id = ${x} AND prompt_id = ${prompts.q1} AND status = 'complete' AND output <> ''`)).map((r) => r.id)), botId: x, promptId: prompts.q1 }])
    expect(answers.some((r) => r.runId === empty)).toBe(false)
    expect((await Effect.runPromise(store.listArenaAnswers("code"))).every((r) => r.promptId !== prompts.q1)).toBe(true)
  })

  it("judge suggestions replace that judge's previous one, stay out of scores, and count only where a bot has no score", async () => {
    const { y, judge } = bots
    const scored = await addRun(y, prompts.p1)
    await addScore(scored, 6)
    const unscored = await addRun(y, prompts.p2)
    const base = { judgeBotId: judge, status: "scored", maxPoints: 10, partial: false, items: [], raw: ["8"], error: null, seed: 7, order: [0] } as const
    await Effect.runPromise(store.saveJudgeScore({ ...base, runId: scored, points: 9 }))
    const first = await Effect.runPromise(store.saveJudgeScore({ ...base, runId: unscored, points: 4 }))
    const replaced = await Effect.runPromise(store.saveJudgeScore({ ...base, runId: unscored, points: 8 }))
    expect(replaced).toMatchObject({ id: first.id, runId: unscored, judge: "judge", botId: y, promptId: prompts.p2, category: "code", points: 8, partial: false, raw: ["8"], order: [0], source: "judge" })
    expect(await Effect.runPromise(store.listJudgeScores({ botId: y, category: "code" }))).toHaveLength(2)
    expect(await Effect.runPromise(store.listJudgeScores({ runId: unscored }))).toEqual([replaced])
    expect((await Effect.runPromise(store.judgePoints())).filter((p) => p.botId === y)).toEqual([{ botId: y, category: "code", points: 8, scored: 1 }])
    expect(await fail(store.saveJudgeScore({ ...base, runId: unscored, points: 11 }))).toContain("between 0 and 10")
    expect(await fail(store.saveJudgeScore({ ...base, status: "failed", runId: unscored, points: 3 }))).toContain("no points")
    expect(await fail(store.saveJudgeScore({ ...base, runId: 999_999, points: 1 }))).toContain("no run 999999")
    const failed = await Effect.runPromise(store.saveJudgeScore({ ...base, status: "failed", runId: unscored, points: null, error: "no JSON" }))
    expect(failed).toMatchObject({ id: first.id, status: "failed", points: null, error: "no JSON" })

    const pair = { judgeBotId: judge, promptId: prompts.p1, runA: scored, runB: unscored, asked: "A", swapped: "B", outcome: "a", consistent: true, raw: ["A", "B"] } as const
    const saved = await Effect.runPromise(store.saveJudgePair(pair))
    const again = await Effect.runPromise(store.saveJudgePair({ ...pair, swapped: "A", outcome: "tie", consistent: false }))
    expect(again).toMatchObject({ id: saved.id, outcome: "tie", consistent: false, raw: ["A", "B"] })
    expect(await Effect.runPromise(store.listJudgePairs({ judgeBotId: judge }))).toEqual([again])
    expect(await Effect.runPromise(store.listJudgePairs({ judgeBotId: y }))).toEqual([])
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
    expect((await Effect.runPromise(store.getMachine(second.id))).gpus).toEqual([])
    expect((await Effect.runPromise(store.listMachines())).map((m) => m.id)).toContain(second.id)
    expect(await fail(store.getMachine(999_999))).toContain("no machine 999999")
    expect(await fail(store.saveMachine({ ...profile(null), cpu: { model: "c", cores: 1.5 } }))).toContain("machine.cpu")
  })

  it("speed per bot over complete runs, on one machine or all; bench results newest first", async () => {
    const [m] = await q<{ id: number }>((sql) => sql`INSERT INTO machines (fingerprint, profile, first_seen) VALUES ('fp-speed', '{}', ${at}) RETURNING id`)
    const [fresh] = await q<{ id: number }>((sql) => sql`INSERT INTO bots (name, provider, model, created_at, updated_at) VALUES ('speedy', 'ollama', 'm', ${at}, ${at}) RETURNING id`)
    const bot = fresh!.id
    await addRun(bot, prompts.p1, { tps: 50, ttft: 2100, warm: 100, cold: 1, load: 2000, machine: m!.id })
    await addRun(bot, prompts.p1, { tps: 70, ttft: 140, warm: 140, cold: 0, load: 2, machine: m!.id })
    await addRun(bot, prompts.p1, { tps: 5, ttft: 900, machine: null })
    await addRun(bot, prompts.p1, { status: "failed", tps: 1000, machine: m!.id })
    expect(await Effect.runPromise(store.speedByBot(m!.id, [bot]))).toEqual([{ botId: bot, runs: 2, avgTokensPerSecond: 60, avgWarmTtftMs: 120, avgLoadMs: 2000, coldRuns: 1 }])
    expect(await Effect.runPromise(store.speedByBot(null, [bot]))).toEqual([{ botId: bot, runs: 3, avgTokensPerSecond: 125 / 3, avgWarmTtftMs: 380, avgLoadMs: 2000, coldRuns: 1 }])
    expect((await Effect.runPromise(store.speedByBot(null))).some((s) => s.botId === bot)).toBe(true)

    const depth = { depth: 0, ppMean: 900, ppSd: 3, ppSource: "server", tgMean: 60, tgSd: 1, tgSource: "llp", ppTokens: [512], tgTokens: [128], ppSamples: [900], tgSamples: [60] } as const
    const input = { botId: bot, machineId: m!.id, serverVersion: "ollama 0.12.6", pp: 512, tg: 128, repeat: 3, depths: [depth], createdAt: at }
    const one = await Effect.runPromise(store.saveBench(input))
    const two = await Effect.runPromise(store.saveBench({ ...input, machineId: null }))
    expect(one).toEqual({ ...input, id: one.id })
    expect((await Effect.runPromise(store.listBench({ botId: bot }))).map((r) => r.id)).toEqual([two.id, one.id])
    expect(await Effect.runPromise(store.listBench({ botId: bot, machineId: m!.id }))).toEqual([one])
    expect(await fail(store.saveBench({ ...input, repeat: 0 }))).toContain("repeat")
    expect(await fail(store.saveBench({ ...input, depths: [{ ...depth, tgMean: Number.NaN }] }))).toContain("depths.tgMean")
    expect(await fail(store.saveBench({ ...input, botId: 999_999 }))).toContain("no bot with id 999999")
    expect(await fail(store.saveBench({ ...input, machineId: 999_999 }))).toContain("no machine 999999")
  })

  it("groups: found by name in any case, one group when two sweeps name it at once, members in the order added", async () => {
    const { x, y, z } = bots
    const made = await Promise.all([Effect.runPromise(store.ensureGroup("Sweep-A", x)), Effect.runPromise(other.ensureGroup("sweep-a", x))])
    expect(made[0]!.id).toBe(made[1]!.id)
    expect(await q((sql) => sql`SELECT id FROM bot_groups WHERE lower(name) = 'sweep-a'`)).toHaveLength(1)
    expect((await Effect.runPromise(store.findGroup("  SWEEP-a "))).id).toBe(made[0]!.id)
    expect(await fail(store.ensureGroup("sweep-A", y))).toContain("variants of another bot")
    expect(await fail(store.ensureGroup("X", y))).toContain("is a bot's name")
    expect(await fail(store.ensureGroup("  ", y))).toContain("must not be empty")
    expect(await fail(store.findGroup("nope"))).toContain("no group named nope")
    await Effect.runPromise(store.addToGroup(made[0]!.id, z))
    await Effect.runPromise(store.addToGroup(made[0]!.id, y))
    const group = await Effect.runPromise(store.addToGroup(made[0]!.id, z))
    expect(group).toEqual({ id: made[0]!.id, name: made[0]!.name, baseBotId: x, botIds: [z, y] })
    expect(await fail(store.addToGroup(999_999, z))).toContain("no group with id 999999")
    const other2 = await Effect.runPromise(store.ensureGroup("sweep-b", y))
    expect((await Effect.runPromise(store.listGroups())).map((g) => [g.id, g.botIds])).toEqual([[made[0]!.id, [z, y]], [other2.id, []]])
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
