import * as SqlClient from "@effect/sql/SqlClient"
import { Store, StoreError } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { botInput, HOSTILE_QUERIES, lcg, seed, suite } from "@llp/testkit/store-contract"
import { Effect, ManagedRuntime } from "effect"
import { createServer, type Server, type Socket, connect } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { PgStore, toTsQuery } from "../src/index.js"

// What only Postgres has to get right: figures kept by triggers while several pools write at once, the
// database's own unique checks as Conflicts, a lost server as a StoreError naming it, and queries built
// from typed text that are always valid tsquery. The shared contract suite covers the rest.

const admin = testPostgresUrl()

type Pool = ManagedRuntime.ManagedRuntime<Store.Store | SqlClient.SqlClient, StoreError>

describe("toTsQuery", () => {
  it("quotes every operand: typed syntax is never tsquery syntax", () => {
    expect(toTsQuery("binary search", {})).toBe("'binary' & 'search'")
    expect(toTsQuery('"a journey" pilgr* -python', {})).toBe("(('a' <-> 'journey') & 'pilgr':*) & !('python')")
    expect(toTsQuery("llama-3.1-8b", { implicitPrefix: "all", minPrefix: 1 })).toBe("('llama' <-> '3' <-> '1' <-> '8b':*)")
    expect(toTsQuery("-5", {})).toBe("'5'")
    expect(toTsQuery("", {})).toBeNull()
    expect(toTsQuery("!!! ()", {})).toBeNull()
    // what remains is quoted runs of letters, digits and marks joined by the compiler's own operators
    const operand = "'[\\p{L}\\p{N}\\p{M}\\p{Co}]+'(?::\\*)?"
    const shape = new RegExp(`^(?:${operand}|[()&|!<\\->\\s])+$`, "u")
    const random = lcg(42)
    const alphabet = "ab\"'*-():&|!<>\\ ;đ🙂\u0300"
    const inputs = [...HOSTILE_QUERIES, ...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""))]
    for (const input of inputs) {
      const q = toTsQuery(input, { implicitPrefix: "last", minPrefix: 1 })
      if (q !== null) expect(q, JSON.stringify(input)).toMatch(shape)
    }
  })
})

describe.skipIf(admin === undefined)("Postgres store: concurrency, triggers, errors", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  const pools: Array<Pool> = []
  const pool = (url = db.url): Pool => {
    const p = ManagedRuntime.make(PgStore.layerWithClient(url, { maxConnections: 4 }))
    pools.push(p)
    return p
  }
  let a: Pool
  let b: Pool
  const on = <X, E>(p: Pool, f: (store: Store.Service) => Effect.Effect<X, E>) => p.runPromise(Effect.flatMap(Store.Store, f))
  const query = <R extends object>(p: Pool, f: (sql: SqlClient.SqlClient) => Effect.Effect<ReadonlyArray<R>, unknown>) => p.runPromise(Effect.flatMap(SqlClient.SqlClient, f))

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    a = pool()
    b = pool()
    await on(a, (store) => seed(store))
  })
  afterAll(async () => {
    for (const p of pools) await p.dispose().catch(() => undefined)
    await db?.drop()
  })

  /** The trigger-kept tables, and the same recounted from scratch (`llp_leaderboard_rebuild`), in one transaction rolled back. */
  const keptAndRecounted = async () => {
    const read = (sql: SqlClient.SqlClient) =>
      Effect.all([
        sql`SELECT bot_id, category, points, scored FROM leaderboard_points ORDER BY bot_id, category`,
        sql`SELECT bot_id, runs, round(avg_tokens_per_second::numeric, 9) AS tps, round(avg_ttft_ms::numeric, 9) AS ttft FROM leaderboard_runs ORDER BY bot_id`
      ])
    return a.runPromise(
      Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql.withTransaction(
          Effect.gen(function* () {
            const kept = yield* read(sql)
            yield* sql`SELECT llp_leaderboard_rebuild()`
            const recounted = yield* read(sql)
            return yield* Effect.fail({ kept, recounted })
          })
        )
      ).pipe(Effect.flip)
    ) as Promise<{ kept: unknown; recounted: unknown }>
  }

  it("the leaderboard's figures equal a recount from scratch after scores, pins, moves and deletes", async () => {
    const { kept, recounted } = await on(a, (store) =>
      Effect.gen(function* () {
        yield* store.loadSuite(suite("extra", [["x1", 10], ["x2", 10], ["x3", 10]]))
        const bots = yield* Effect.forEach(["Gamma", "Delta", "Epsilon"], (n) => store.createBot(botInput(n)))
        const prompts = yield* store.listPrompts()
        const random = lcg(7)
        const runs: Array<number> = []
        for (let i = 0; i < 120; i++) {
          const bot = bots[Math.floor(random() * bots.length)]!
          const p = prompts[Math.floor(random() * prompts.length)]!
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: `answer ${i}`, tokensPerSecond: 5 + Math.floor(random() * 40), ttftMs: 100 + i })
          runs.push(run.id)
          if (random() < 0.8) yield* store.scoreRun({ runId: run.id, points: Math.floor(random() * (p.points + 1)) })
          if (random() < 0.1) yield* store.pinRun(run.id, true).pipe(Effect.ignore)
        }
        for (const id of runs.filter((_, i) => i % 7 === 0)) yield* store.removeRun(id)
        yield* store.removePrompt(prompts.find((p) => p.slug === "x2")!.id)
        yield* store.removeBot(bots[1]!.id)
        return yield* Effect.promise(keptAndRecounted)
      })
    )
    expect((kept as ReadonlyArray<ReadonlyArray<unknown>>)[0]!.length).toBeGreaterThan(0)
    expect(kept).toEqual(recounted)
  })

  it("two pools scoring the same bots at once leave the same figures as a recount", async () => {
    const { bots, prompts } = await on(a, (store) =>
      Effect.gen(function* () {
        const bots = yield* Effect.forEach(["Zeta", "Eta"], (n) => store.createBot(botInput(n)))
        return { bots, prompts: yield* store.listPrompts("booting") }
      })
    )
    const writer = (p: Pool, seedValue: number) =>
      on(p, (store) =>
        Effect.forEach(
          Array.from({ length: 40 }, (_, i) => i),
          (i) =>
            Effect.gen(function* () {
              const random = lcg(seedValue + i)
              const bot = bots[i % bots.length]!
              const prompt = prompts[i % prompts.length]!
              const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "x", tokensPerSecond: 10 + Math.floor(random() * 30) })
              yield* store.scoreRun({ runId: run.id, points: Math.floor(random() * (prompt.points + 1)) })
            }),
          { concurrency: 4 }
        )
      )
    await Promise.all([writer(a, 1), writer(b, 1000)])
    const { kept, recounted } = await keptAndRecounted()
    expect(kept).toEqual(recounted)
    const board = await on(b, (store) => store.leaderboard())
    for (const bot of bots) expect(board.find((r) => r.botId === bot.id)!.runs).toBe(80 / bots.length)
  })

  it("a recount waits for another machine's open transaction on the same bot, and then counts its rows", async () => {
    const bot = await on(a, (store) => store.createBot(botInput("Theta")))
    const [p] = await on(a, (store) => store.listPrompts("booting"))
    const insert = (sql: SqlClient.SqlClient) =>
      sql`INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, tokens_per_second) VALUES (${bot.id}, ${p!.id}, 'p', 'm', 'complete', '2026-01-01T00:00:00.000Z', 10)`
    let inserted!: () => void
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    // machine A: inserts a run of the bot (its trigger recounts) and keeps the transaction open
    const first = query(a, (sql) =>
      sql.withTransaction(
        Effect.gen(function* () {
          yield* insert(sql)
          inserted()
          yield* Effect.promise(() => released)
          return []
        })
      )
    )
    await insertedNow
    // machine B: inserts a run of the same bot meanwhile; it must wait, then count A's run as well
    const second = query(b, (sql) => Effect.as(insert(sql), []))
    const waiting = async () => {
      for (let i = 0; i < 500; i++) {
        const rows = await query<{ n: number }>(a, (sql) => sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
        if (rows[0]!.n > 0) return
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      throw new Error("machine B never waited")
    }
    await waiting()
    release()
    await Promise.all([first, second])
    const [row] = await query<{ runs: number }>(a, (sql) => sql`SELECT runs FROM leaderboard_runs WHERE bot_id = ${bot.id}`)
    expect(row?.runs).toBe(2)
  })

  it("two machines pinning two runs of one bot and prompt at once: both succeed, one pin stands", async () => {
    const { runs } = await on(a, (store) =>
      Effect.gen(function* () {
        const bot = yield* store.createBot(botInput("Iota"))
        const [p] = yield* store.listPrompts("booting")
        const runs = []
        for (let i = 0; i < 6; i++) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p!.id, output: `take ${i}` })
          yield* store.scoreRun({ runId: run.id, points: i })
          runs.push(run.id)
        }
        return { runs }
      })
    )
    for (let round = 0; round < 5; round++) {
      await Promise.all(runs.map((id, i) => on(i % 2 === 0 ? a : b, (store) => store.pinRun(id, true))))
      const pins = await query<{ n: number }>(a, (sql) => sql`SELECT count(*) AS n FROM scores WHERE run_id IN ${sql.in(runs)} AND pinned = 1`)
      expect(pins[0]!.n).toBe(1)
    }
    const { kept, recounted } = await keptAndRecounted()
    expect(kept).toEqual(recounted)
  })

  it("the database's unique checks are Conflicts with the SQLite store's messages, also between two machines", async () => {
    const created = await Promise.allSettled([on(a, (store) => store.createBot(botInput("Same Name"))), on(b, (store) => store.createBot(botInput("same name")))])
    expect(created.filter((r) => r.status === "fulfilled")).toHaveLength(1)
    const error = await on(a, (store) => Effect.flip(store.createBot(botInput("SAME NAME"))))
    expect(error).toMatchObject({ _tag: "StoreError", reason: "Conflict", detail: "a bot named SAME NAME already exists" })
    // names that would share one answer file in llm_outputs/, created on two machines at once: one is refused
    const sharing = await Promise.allSettled([on(a, (store) => store.createBot(botInput("File:Share"))), on(b, (store) => store.createBot(botInput("file_share")))])
    expect(sharing.filter((r) => r.status === "fulfilled")).toHaveLength(1)
    expect(String((sharing.find((r) => r.status === "rejected") as PromiseRejectedResult).reason)).toContain("would share the answer files")
    const found = await on(b, (store) => store.findBot("same NAME"))
    expect(found.name.toLowerCase()).toBe("same name")
    const prompt = await on(a, (store) => Effect.flip(store.createPrompt({ category: "booting", slug: "teach", order: 9, title: "t", text: "t", points: 1, useSystemPrompt: true, rubric: [] })))
    expect(prompt).toMatchObject({ reason: "Conflict", detail: "a prompt with id teach already exists in booting" })
  })

  it("two machines loading one suite at once add its prompts once", async () => {
    const s = suite("shared", [["s1", 5], ["s2", 5], ["s3", 5]])
    const reports = await Promise.all([on(a, (store) => store.loadSuite(s)), on(b, (store) => store.loadSuite(s))])
    expect(reports.map((r) => r.added).sort()).toEqual([0, 3])
    expect(await on(a, (store) => store.listPrompts("shared"))).toHaveLength(3)
  })

  it("explicit ids go in as a copy writes them, and run rows keep every SQLite column", async () => {
    const rows = await query<{ id: number }>(a, (sql) => sql`INSERT INTO bots (id, name, provider, model, created_at, updated_at, notes, flash_attention) VALUES (9000, 'Copied', 'p', 'm', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '', 1) RETURNING id`)
    expect(rows[0]!.id).toBe(9000)
    const bot = await on(a, (store) => store.getBot(9000))
    expect(bot).toMatchObject({ name: "Copied", load: { flashAttention: true }, createdAt: "2025-01-01T00:00:00.000Z" })
    const columns = await query<{ column_name: string }>(a, (sql) => sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' ORDER BY ordinal_position`)
    const names = columns.map((c) => c.column_name)
    for (const c of ["sent_params", "params_key", "machine_id", "load_ms", "cold", "warm_ttft_ms", "server_version", "reasoning", "output"]) expect(names).toContain(c)
  })

  it("a model's NUL characters do not lose the run (Postgres text cannot hold U+0000)", async () => {
    const out = await on(a, (store) =>
      Effect.gen(function* () {
        const [bot] = yield* store.listBots()
        const [p] = yield* store.listPrompts("booting")
        const run = yield* store.startRun({ botId: bot!.id, promptId: p!.id, provider: "p", model: "m", demo: false, request: { note: "a\u0000b" }, startedAt: "2026-01-01T00:00:00.000Z" })
        yield* store.updateRun(run.id, { status: "complete", output: "before\u0000after", reasoning: "\u0000", error: null })
        yield* store.scoreRun({ runId: run.id, points: 1, detail: { raw: "x\u0000y" } })
        const manual = yield* store.addManualRun({ botId: bot!.id, promptId: p!.id, output: "nul\u0000here" })
        return { run: yield* store.getRun(run.id), manual, scores: yield* store.listScores({ botId: bot!.id }) }
      })
    )
    expect(out.run.output).toBe("before\uFFFDafter")
    expect(out.run.reasoning).toBe("\uFFFD")
    expect(out.run.request).toEqual({ note: "a\u0000b" })
    expect(out.manual.output).toBe("nul\uFFFDhere")
    expect(out.scores.find((s) => s.run.id === out.run.id)!.score.detail).toEqual({ raw: "x\u0000y" })
  })

  it("a server that goes away is a StoreError naming it, without the password", async () => {
    // a TCP relay in front of the real server, closed midway: the store's connections drop
    const target = new URL(db.url)
    const sockets = new Set<Socket>()
    const relay: Server = createServer((inbound) => {
      const outbound = connect(Number(target.port || 5432), target.hostname)
      for (const s of [inbound, outbound]) {
        sockets.add(s)
        s.on("error", () => undefined)
        s.on("close", () => sockets.delete(s))
      }
      inbound.pipe(outbound).pipe(inbound)
    })
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve))
    const port = (relay.address() as { port: number }).port
    const url = new URL(db.url)
    url.host = `127.0.0.1:${port}`
    const viaRelay = ManagedRuntime.make(PgStore.layer(url.toString(), { maxConnections: 2 }))
    try {
      expect((await viaRelay.runPromise(Effect.flatMap(Store.Store, (s) => s.listBots()))).length).toBeGreaterThan(0)
      await new Promise<void>((resolve) => {
        relay.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
      const error = await viaRelay.runPromise(Effect.flatMap(Store.Store, (s) => Effect.flip(s.listBots())))
      if (!(error instanceof StoreError)) throw error
      expect(error.detail).toContain(`127.0.0.1:${port}/${db.name}`)
      // the statistics' methods (extras.ts) too
      const extra = await viaRelay.runPromise(Effect.flatMap(Store.Store, (s) => Effect.flip(s.listMachines())))
      expect(extra).toMatchObject({ reason: "Sql", detail: expect.stringContaining(`lost the connection to the Postgres store at postgres://llp@127.0.0.1:${port}/`) })
      expect(error.detail).not.toContain(`:${target.password}@`)
      expect(error.detail).toMatch(/^lost the connection to the Postgres store at postgres:\/\/llp@/)
    } finally {
      await viaRelay.dispose().catch(() => undefined)
    }
  })
})
