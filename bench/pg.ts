/**
 * Postgres store benchmark (issue 17): the leaderboard at 1,000 bots × 100,000 scored runs on Postgres.
 *
 *   LLP_TEST_PG_URL=postgres://… npx tsx --conditions=source bench/pg.ts      (or npm run bench -- --only pg)
 *
 * Makes a throwaway database on the server of LLP_TEST_PG_URL (a role that may create databases), loads 5
 * categories × 20 prompts and 1,000 bots through the store, then 100,000 runs with their scores by SQL (one
 * complete, scored run per bot × prompt; the store's triggers keep the leaderboard's figures as rows arrive),
 * and times `store.leaderboard()` (the one query over trigger-kept figures) and `loadStatsBoard` (what
 * `llp leaderboard`, the TUI and the exports call: cold, warm with every bot's intervals cached, and after one
 * new score) as bench/stats.ts does on SQLite. Without a server it says so and measures nothing.
 * Writes bench/results/pg.json. LLP_BENCH_BOTS=20: a small run (not written); LLP_BENCH_KEEP_DB=1 keeps the database.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { seededRandom, Store } from "@llp/core"
import { describeUrl, PgStore } from "@llp/store-pg"
import { createTestDatabase } from "@llp/testkit"
import { Effect } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { loadBenchSuites, measure, median, p95, time } from "./stats.js"

const program = (bots: number, log: (line: string) => void) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const sql = yield* SqlClient.SqlClient
    const random = seededRandom(20_261_204)
    yield* loadBenchSuites(store, random)
    const buildStart = performance.now()
    yield* sql.withTransaction(
      Effect.forEach(Array.from({ length: bots }, (_, i) => i), (i) =>
        store.createBot({ name: `bot-${i + 1}`, provider: "lmstudio", model: `model-${i + 1}`, sampling: { temperature: 0.1 } }), { discard: true })
    )
    // per bot a skill, per run some noise: deterministic hashes of the ids, so every build is the same
    const chunk = 100
    for (let from = 0; from < bots; from += chunk) {
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, ended_at, ttft_ms, total_ms, completion_tokens, tokens_per_second, speed_source, output)
            SELECT b.id, p.id, 'lmstudio', b.model, 'complete', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z',
              100 + ((b.id * 7919 + p.id * 104729) % 2000), 1000, 100, 10 + ((b.id * 104729 + p.id * 7919) % 600) / 10.0, 'client', 'o'
            FROM (SELECT id, model FROM bots ORDER BY id OFFSET ${from} LIMIT ${chunk}) b CROSS JOIN prompts p
            ORDER BY b.id, p.id`
          yield* sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, note, source, pinned, created_at)
            SELECT r.id, r.bot_id, r.prompt_id, p.category,
              round(least(1, greatest(0, 0.3 + ((r.bot_id * 2654435761) % 1000) / 1000.0 * 0.6 + 0.2 * (((r.id * 40503) % 1000) / 1000.0 - 0.5))) * p.points),
              '', 'manual', 0, '2026-01-01T00:00:02.000Z'
            FROM runs r JOIN prompts p ON p.id = r.prompt_id
            WHERE r.bot_id IN (SELECT id FROM bots ORDER BY id OFFSET ${from} LIMIT ${chunk})`
        })
      )
      log(`  ${Math.min(bots, from + chunk)} bots' runs and scores in`)
    }
    const [{ runs }] = yield* sql<{ runs: number }>`SELECT count(*) AS runs FROM runs`
    log(`built ${runs} scored runs of ${bots} bots in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`)
    yield* sql`ANALYZE`

    const query: Array<number> = []
    for (let i = 0; i < 21; i++) {
      const [ms, rows] = yield* time(store.leaderboard())
      if (i === 0) log(`store.leaderboard(): ${rows.length} rows`)
      query.push(ms)
    }
    log(`store.leaderboard() (the query over trigger-kept figures): median ${median(query)} ms, p95 ${p95(query)} ms`)
    const board = yield* measure(bots, log)
    return { ...board, leaderboardQueryMs: { median: median(query), p95: p95(query), n: query.length }, loadAverage: Math.round(loadavg()[0]! * 10) / 10 }
  })

export async function benchPg(options: { readonly bots?: number; readonly write?: boolean; readonly log?: (line: string) => void } = {}): Promise<Record<string, unknown> | undefined> {
  const log = options.log ?? ((line: string) => console.log(line))
  const admin = process.env.LLP_TEST_PG_URL
  if (admin === undefined || admin === "") {
    log("pg: SKIPPED, no Postgres server: set LLP_TEST_PG_URL=postgres://user:pass@127.0.0.1:5432/db (a role that may create databases)")
    return undefined
  }
  const db = await createTestDatabase(admin, "llp_bench")
  log(`pg: a throwaway database at ${describeUrl(db.url)}`)
  try {
    const measured = await Effect.runPromise(program(options.bots ?? 1000, log).pipe(Effect.provide(PgStore.layerWithClient(db.url))))
    const result = { server: describeUrl(admin), ...measured }
    if (options.write ?? true) {
      const out = join(dirname(fileURLToPath(import.meta.url)), "results")
      mkdirSync(out, { recursive: true })
      writeFileSync(join(out, "pg.json"), JSON.stringify(result, null, 2) + "\n")
    }
    return result
  } finally {
    // LLP_BENCH_KEEP_DB=1 keeps the database, to look into it afterwards
    if (process.env.LLP_BENCH_KEEP_DB === "1") log(`kept: ${describeUrl(db.url)}`)
    else await db.drop()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bots = process.env.LLP_BENCH_BOTS ? Number(process.env.LLP_BENCH_BOTS) : undefined
  benchPg({ ...(bots !== undefined ? { bots } : {}), write: bots === undefined }).then(
    () => undefined,
    (error) => {
      console.error(error)
      process.exit(1)
    }
  )
}
