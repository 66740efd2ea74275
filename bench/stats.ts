/**
 * Statistics benchmark (issue 12): the leaderboard with intervals at 1,000 bots × 100,000 scored runs.
 *
 *   npx tsx --conditions=source bench/stats.ts            (from the repository root)
 *
 * Builds a database of 1,000 bots × 100 prompts (one scored, complete run each; short outputs: output search is
 * bench/store.ts's business), then times `loadStatsBoard` (what `llp leaderboard`, the TUI and the exports
 * call): cold (no cached intervals: 1,000 two-level bootstraps of 2,000 resamples), warm (every bot's
 * intervals cached), and after one new score (that bot recomputed, the rest from the cache).
 * Writes bench/results/stats.json. `benchStats()` is what the overall runner calls. LLP_BENCH_BOTS=20: a small
 * run (not written); LLP_BENCH_KEEP=/path/db.sqlite: keep the database and reuse it next time.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { loadStatsBoard, seededRandom, Store, type Suite } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { Effect } from "effect"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

export interface BenchStatsOptions {
  readonly bots?: number
  /** Keep the database at this path and reuse it on the next run (skips the build). */
  readonly keep?: string
  readonly write?: boolean
  readonly log?: (line: string) => void
}

export const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.floor(s.length / 2)]! * 100) / 100
}
export const p95 = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]! * 100) / 100
}

/** Wall time, value, and this process's CPU time: on a shared machine the gap is time spent waiting for a core. */
export const time = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const cpu = process.cpuUsage()
    const start = performance.now()
    const value = yield* effect
    const used = process.cpuUsage(cpu)
    return [performance.now() - start, value, (used.user + used.system) / 1000] as const
  })

const program = (bots: number, log: (line: string) => void) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const sql = yield* SqlClient.SqlClient
    const random = seededRandom(20_261_204)
    const existing = (yield* sql<{ n: number }>`SELECT count(*) AS n FROM runs`)[0]!.n
    if (existing > 0) {
      log(`reusing the database: ${existing} runs`)
      yield* sql`DELETE FROM stats_cache`
      return yield* measure(bots, log)
    }
    yield* loadBenchSuites(store, random)
    const prompts = yield* store.listPrompts()
    const made = yield* sql.withTransaction(
      Effect.forEach(Array.from({ length: bots }, (_, i) => i), (i) =>
        store.createBot({ name: `bot-${i + 1}`, provider: "lmstudio", model: `model-${i + 1}`, sampling: { temperature: 0.1 } })
      )
    )
    const insertStart = performance.now()
    for (const bot of made) {
      const skill = 0.3 + random() * 0.6
      yield* sql.withTransaction(
        Effect.forEach(
          prompts,
          (p) =>
            Effect.gen(function* () {
              const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o", tokensPerSecond: 10 + random() * 60, ttftMs: 100 + random() * 2000 })
              yield* store.scoreRun({ runId: run.id, points: Math.round(Math.min(1, Math.max(0, skill + 0.2 * (random() - 0.5))) * p.points) })
            }),
          { discard: true }
        )
      )
    }
    log(`inserted ${bots * prompts.length} scored runs in ${((performance.now() - insertStart) / 1000).toFixed(1)} s`)
    return yield* measure(bots, log)
  })

/** The five categories of 20 prompts the statistics benches (SQLite and Postgres) score, with seeded points. */
export const loadBenchSuites = (store: Store.Service, random: () => number) =>
  Effect.forEach(
    Array.from({ length: 5 }, (_, c) => c),
    (c) => {
      const key = `cat-${c + 1}`
      const suite: Suite = {
        category: { key, title: `Category ${c + 1}`, systemPrompt: "", temperature: 0.5, order: c },
        prompts: Array.from({ length: 20 }, (_, i) => {
          const points = 5 * (1 + Math.floor(random() * 20))
          return { category: key, slug: `p-${i + 1}`, order: i + 1, title: `Prompt ${i + 1}`, text: "text", points, useSystemPrompt: true, rubric: [{ points, text: "all" }] }
        })
      }
      return store.loadSuite(suite)
    },
    { discard: true }
  )

export const measure = (bots: number, log: (line: string) => void) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const made = yield* store.listBots()
    const prompts = yield* store.listPrompts()

    const [coldMs, cold] = yield* time(loadStatsBoard())
    log(`cold (1,000 bootstraps, written to the cache): ${coldMs.toFixed(0)} ms; ${cold.rows.length} rows, top ${cold.rows[0]!.bot} ${cold.rows[0]!.total} [${cold.rows[0]!.stats!.total.low.toFixed(0)}, ${cold.rows[0]!.stats!.total.high.toFixed(0)}]`)
    const warm: Array<number> = []
    const warmCpu: Array<number> = []
    for (let i = 0; i < 21; i++) {
      const [ms, , cpu] = yield* time(loadStatsBoard())
      warm.push(ms)
      warmCpu.push(cpu)
    }
    log(`warm (every bot cached): median ${median(warm)} ms, p95 ${p95(warm)} ms (cpu ${median(warmCpu)} ms)`)
    const afterScore: Array<number> = []
    const afterCpu: Array<number> = []
    for (let i = 0; i < 11; i++) {
      const bot = made[i]!
      const run = yield* store.addManualRun({ botId: bot.id, promptId: prompts[i]!.id, output: "o", tokensPerSecond: 30 })
      yield* store.scoreRun({ runId: run.id, points: 1 })
      const [ms, , cpu] = yield* time(loadStatsBoard())
      afterScore.push(ms)
      afterCpu.push(cpu)
    }
    log(`after one new score (that bot recomputed): median ${median(afterScore)} ms (cpu ${median(afterCpu)} ms)`)
    const [samplesMs] = yield* time(store.statSamples())
    log(`reading every sample (statSamples, 100,000 scores and runs): ${samplesMs.toFixed(0)} ms`)
    return {
      bots,
      runs: bots * prompts.length,
      resamples: 2000,
      coldMs: Math.round(coldMs),
      warmMs: { median: median(warm), p95: p95(warm), cpuMedian: median(warmCpu), n: warm.length },
      afterOneScoreMs: { median: median(afterScore), cpuMedian: median(afterCpu), n: afterScore.length },
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      statSamplesMs: Math.round(samplesMs)
    }
  })

export async function benchStats(options: BenchStatsOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? ((line: string) => console.log(line))
  const dir = options.keep === undefined ? mkdtempSync(join(tmpdir(), "llp-bench-stats-")) : undefined
  const file = options.keep ?? join(dir!, "llp.sqlite")
  try {
    const result = await Effect.runPromise(program(options.bots ?? 1000, log).pipe(Effect.provide(SqliteStore.layerWithClient(file))))
    if (options.write ?? true) {
      const out = join(dirname(fileURLToPath(import.meta.url)), "results")
      mkdirSync(out, { recursive: true })
      writeFileSync(join(out, "stats.json"), JSON.stringify(result, null, 2) + "\n")
    }
    return result
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // LLP_BENCH_BOTS=20: a small run (results not written)
  const bots = process.env.LLP_BENCH_BOTS ? Number(process.env.LLP_BENCH_BOTS) : undefined
  const keep = process.env.LLP_BENCH_KEEP ? { keep: process.env.LLP_BENCH_KEEP } : {}
  benchStats({ ...(bots !== undefined ? { bots } : {}), ...keep, write: bots === undefined }).then(
    () => undefined,
    (error) => {
      console.error(error)
      process.exit(1)
    }
  )
}
