import * as SqlClient from "@effect/sql/SqlClient"
import { Store } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llp, llpSpawn, tempDir, writeConfig } from "./helpers.js"

const admin = testPostgresUrl()
const RUNS = 10_000
const BOTS = 20

/**
 * A workspace of 10,000 runs (20 bots × 95 prompts, about five repeats each; some failed, two in three scored,
 * some pinned), made through the store and SQL rather than 10,000 simulated answers.
 */
const buildWorkspace = async (ws: string) => {
  writeConfig(ws, { providers: {} })
  expect(llp(ws, ["init"]).code).toBe(0)
  await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const sql = yield* SqlClient.SqlClient
      for (let b = 0; b < BOTS; b++) yield* store.createBot({ name: `Bot ${String(b).padStart(2, "0")}`, provider: "demo", model: `demo-${b}`, sampling: b % 4 === 0 ? { temperature: 0.3 } : {} })
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RUNS - 1}),
            b AS (SELECT id, model, row_number() OVER (ORDER BY id) - 1 AS k FROM bots),
            p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, (SELECT count(*) FROM prompts) AS c FROM prompts)
            INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, ended_at, ttft_ms, total_ms, completion_tokens,
              tokens_per_second, speed_source, output, demo)
            SELECT b.id, p.id, 'demo', b.model, CASE WHEN n.i % 17 = 0 THEN 'failed' ELSE 'complete' END,
              '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z', 100 + (n.i * 37) % 900, 5000, 200 + n.i % 50,
              10 + ((n.i * 7919) % 400) / 10.0, 'server', 'answer ' || n.i || ' — ünïcode ✓', 0
            FROM n JOIN b ON b.k = n.i % ${BOTS} JOIN p ON p.k = (n.i / ${BOTS}) % p.c`
          yield* sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, note, source, pinned, created_at)
            SELECT r.id, r.bot_id, r.prompt_id, p.category, ((r.id * 7919) % 101) * p.points / 100.0, 'n' || r.id, 'manual', 0, '2026-01-02T00:00:00.000Z'
            FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.status = 'complete' AND r.id % 3 <> 0`
          yield* sql`UPDATE scores SET pinned = 1 WHERE id IN (SELECT min(id) FROM scores WHERE bot_id % 5 = 0 GROUP BY bot_id, prompt_id)`
        })
      )
    }).pipe(Effect.provide(SqliteStore.layerWithClient(path.join(ws, "db", "llp.sqlite"))))
  )
}

/** The leaderboard's JSON without the moment it was printed (the only line that differs between two runs). */
const stripTime = (stdout: string) => stdout.replace(/^  "exportedAt": ".*",$/m, "")

/**
 * Waits until no other session is connected to the database: a statement the killed process had sent
 * still runs (and commits) on the server after the process is gone, so counting earlier can miss a batch.
 */
const settled = async (url: string): Promise<void> => {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    for (let i = 0; i < 200; i++) {
      const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
      if (r.rows[0].n === 0) return
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error("the killed copy's sessions are still connected after 10 s")
  } finally {
    await c.end()
  }
}

const count = async (url: string, table: string): Promise<number> => {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM ${table}`)
    return r.rows[0].n as number
  } finally {
    await c.end()
  }
}

describe.skipIf(admin === undefined)("llp store copy --to postgres", () => {
  let ws = ""
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let killed: Awaited<ReturnType<typeof createTestDatabase>>
  let sqliteBoard = ""
  const onPostgres = () => writeConfig(ws, { providers: {}, store: { type: "postgres", url: "env:LLP_DATABASE_URL" } })
  const onSqlite = () => writeConfig(ws, { providers: {} })

  beforeAll(async () => {
    ws = tempDir("llp-copy-")
    await buildWorkspace(ws)
    db = await createTestDatabase(admin!)
    killed = await createTestDatabase(admin!)
    const board = llp(ws, ["leaderboard", "--json"])
    expect(board.code).toBe(0)
    sqliteBoard = stripTime(board.stdout)
  }, 180_000)
  afterAll(async () => {
    await db?.drop()
    await killed?.drop()
    fs.rmSync(ws, { recursive: true, force: true })
  })

  it("gives the same leaderboard JSON on both stores, and a second copy copies nothing", async () => {
    const first = llp(ws, ["store", "copy", "--to", "postgres", "--url", db.url, "--json"])
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    const result = JSON.parse(first.stdout)
    expect(result.tables.find((t: any) => t.table === "runs")).toMatchObject({ read: RUNS, inserted: RUNS, total: RUNS })
    expect(result.skipped).toContain("leaderboard_points")
    expect(await count(db.url, "runs")).toBe(RUNS)

    const again = JSON.parse(llp(ws, ["store", "copy", "--to", "postgres", "--url", db.url, "--json"]).stdout)
    expect(again.inserted).toBe(0)
    expect(await count(db.url, "runs")).toBe(RUNS)
    expect(await count(db.url, "scores")).toBe(result.tables.find((t: any) => t.table === "scores").total)

    onPostgres()
    const env = { LLP_DATABASE_URL: db.url }
    const onPg = llp(ws, ["leaderboard", "--json"], { env })
    expect(onPg.stderr).toBe("")
    expect(stripTime(onPg.stdout)).toBe(sqliteBoard)
    expect(sqliteBoard).toContain('"bot": "Bot 19"')
    // new rows on Postgres take ids past the copied ones
    const added = llp(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "After copy", "--json"], { env })
    expect(added.code).toBe(0)
    expect(JSON.parse(added.stdout).id).toBe(BOTS + 1)
    onSqlite()
  })

  it("llp archive sync writes every answer of the shared store into another machine's llm_outputs/, once", async () => {
    const other = tempDir("llp-sync-")
    try {
      writeConfig(other, { providers: {}, store: { type: "postgres", url: "env:LLP_DATABASE_URL" } })
      const env = { LLP_DATABASE_URL: db.url }
      const c = new pg.Client({ connectionString: db.url })
      await c.connect()
      const pairs = (await c.query("SELECT count(DISTINCT (bot_id, prompt_id))::int AS n FROM runs WHERE status = 'complete'")).rows[0].n as number
      const newest = (await c.query("SELECT r.output, p.category FROM runs r JOIN prompts p ON p.id = r.prompt_id JOIN bots b ON b.id = r.bot_id WHERE b.name = 'Bot 07' AND r.status = 'complete' ORDER BY r.id DESC LIMIT 1")).rows[0]
      await c.end()
      const first = llp(other, ["archive", "sync", "--json"], { env })
      expect(first.stderr).toBe("")
      const result = JSON.parse(first.stdout)
      expect(result).toMatchObject({ written: pairs, unchanged: 0, bots: BOTS + 1 })
      expect(result.scoreFiles).toBeGreaterThan(0)
      const file = path.join(other, "llm_outputs", newest.category, "Bot-07.md")
      expect(fs.readFileSync(file, "utf8")).toContain(newest.output)
      expect(fs.existsSync(path.join(other, "llm_outputs", newest.category, "scores", "score-Bot-07.json"))).toBe(true)
      const again = JSON.parse(llp(other, ["archive", "sync", "--json"], { env }).stdout)
      expect(again).toMatchObject({ written: 0, unchanged: pairs })
    } finally {
      fs.rmSync(other, { recursive: true, force: true })
    }
  })

  it("llp store migrate migrates the configured Postgres store once; a copy refuses a target holding data that did not come from this workspace", async () => {
    const other = await createTestDatabase(admin!)
    try {
      onPostgres()
      const env = { LLP_DATABASE_URL: other.url }
      const migrated = llp(ws, ["store", "migrate", "--json"], { env })
      expect(migrated.code).toBe(0)
      expect(JSON.parse(migrated.stdout).ran.map((m: any) => m.id)).toContain(1)
      expect(JSON.parse(llp(ws, ["store", "migrate", "--json"], { env }).stdout).ran).toEqual([])
      onSqlite()
      const c = new pg.Client({ connectionString: other.url })
      await c.connect()
      await c.query("INSERT INTO categories (key, title, temperature) VALUES ('mine', 'Mine', 0.5)")
      await c.end()
      const r = llp(ws, ["store", "copy", "--to", "postgres", "--url", other.url])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain("did not come from this workspace (rows in categories)")
      expect(r.stderr).not.toContain(":llp@")
      expect(await count(other.url, "categories")).toBe(1)
      expect(await count(other.url, "bots")).toBe(0)
    } finally {
      onSqlite()
      await other.drop()
    }
  })

  it("finishes a copy killed with SIGKILL midway when run again", async () => {
    const child = llpSpawn(ws, ["store", "copy", "--to", "postgres", "--url", killed.url, "--batch", "20"])
    await new Promise<void>((resolve, reject) => {
      let err = ""
      child.stderr!.on("data", (d) => {
        err += d
        if (/^\s+runs: /m.test(err)) {
          child.kill("SIGKILL")
          resolve()
        }
      })
      child.on("close", () => reject(new Error(`the copy ended before it could be killed: ${err}`)))
    })
    await new Promise((r) => child.on("close", r))
    await settled(killed.url)
    const partial = await count(killed.url, "runs")
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(RUNS)

    const rerun = llp(ws, ["store", "copy", "--to", "postgres", "--url", killed.url, "--json"])
    expect(rerun.code).toBe(0)
    expect(JSON.parse(rerun.stdout).tables.find((t: any) => t.table === "runs").inserted).toBe(RUNS - partial)
    expect(await count(killed.url, "runs")).toBe(RUNS)
    onPostgres()
    const onPg = llp(ws, ["leaderboard", "--json"], { env: { LLP_DATABASE_URL: killed.url } })
    onSqlite()
    expect(stripTime(onPg.stdout)).toBe(sqliteBoard)
  })
})

// no server needed: what a Postgres config that cannot work says, before any command runs
describe("a Postgres store that cannot be opened", () => {
  let ws = ""
  beforeAll(() => {
    ws = tempDir("llp-pgconf-")
    writeConfig(ws, { providers: {}, store: { type: "postgres", url: "env:LLP_DATABASE_URL" } })
  })
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))

  it("an unset variable names the config key; an unreachable server is named without its password; both exit 1", () => {
    const unset = llp(ws, ["bots", "list"])
    expect(unset.code).toBe(1)
    expect(unset.stderr).toBe(`llp: bots: ${path.join(ws, "llp.config.json")}: store.url: the environment variable LLP_DATABASE_URL is not set\n`)
    const down = llp(ws, ["leaderboard"], { env: { LLP_DATABASE_URL: "postgres://someone:s3cret@127.0.0.1:1/llp" } })
    expect(down.code).toBe(1)
    expect(down.stderr.trim().split("\n")).toHaveLength(1)
    expect(down.stderr).toContain("postgres://someone@127.0.0.1:1/llp")
    expect(down.stderr).toContain("store.url in")
    expect(down.stderr).not.toContain("s3cret")
    expect(llp(ws, ["machine"], { env: { LLP_DATABASE_URL: "postgres://someone:s3cret@127.0.0.1:1/llp" } }).code).toBe(1)
  })
})
