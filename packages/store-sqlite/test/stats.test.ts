import { describe, expect, it } from "@effect/vitest"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { loadStatsBoard, paramsKey, Store } from "@llp/core"
import { Effect } from "effect"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"
import { migrations } from "../src/migrations/index.js"
import { seed, tempFolder, withStore } from "./helpers.js"

const board = (store: Store.Service, options: Parameters<typeof loadStatsBoard>[0] = {}) => loadStatsBoard(options).pipe(Effect.provideService(Store.Store, store))

// what statistics any store must give is in the shared contract (contract.test.ts); here, SQLite's cache tables and keys
describe("statistics on SQLite", () => {
  it.effect("a run made before migration 0005 (no parameter key) counts as made with the bot's current parameters", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, teach, code } = yield* seed(store)
        const scored = (promptId: number, points: number) =>
          Effect.flatMap(store.addManualRun({ botId: a.id, promptId, output: "o", tokensPerSecond: 40 }), (run) => Effect.as(store.scoreRun({ runId: run.id, points }), run))
        const first = yield* scored(teach.id, 10)
        yield* scored(teach.id, 30)
        yield* store.updateBot(a.id, { sampling: { temperature: 0.9 } })
        yield* scored(code.id, 40) // made with the new parameters
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points).toEqual({ booting: 40, general: 0 })
        yield* sql`UPDATE runs SET params_key = NULL WHERE id = ${first.id}`
        yield* sql`UPDATE scores SET params_key = NULL WHERE run_id = ${first.id}`
        expect((yield* board(store, { resamples: 200 })).rows[0]!.points).toEqual({ booting: 50, general: 0 })
      })
    )
  )

  it.effect("the intervals are cached per bot in stats_cache, and a finished run makes its bot's entry stale, not a streaming update", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        for (const [bot, p, pts] of [[a, teach, 20], [a, code, 30], [a, easy, 5], [b, teach, 10], [b, easy, 2]] as const) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o", tokensPerSecond: 30 })
          yield* store.scoreRun({ runId: run.id, points: pts })
        }
        const first = yield* board(store)
        const cached = yield* sql<{ bot_id: number }>`SELECT bot_id FROM stats_cache ORDER BY bot_id`
        expect(cached.map((r) => r.bot_id)).toEqual([a.id, b.id])
        // a cached entry is what the next board reads: tamper with it to see it used
        yield* sql`UPDATE stats_cache SET data = json_set(data, '$.total.points', 999) WHERE bot_id = ${b.id}`
        expect((yield* board(store)).rows.find((r) => r.botId === b.id)!.points).toEqual(first.rows.find((r) => r.botId === b.id)!.points)
        expect((yield* store.readStatsCache((yield* sql<{ key: string }>`SELECT key FROM stats_cache LIMIT 1`)[0]!.key)).length).toBe(2)

        const streaming = yield* store.startRun({ botId: b.id, promptId: code.id, provider: "lmstudio", model: b.model, demo: false, request: {}, startedAt: new Date().toISOString() })
        yield* store.updateRun(streaming.id, { status: "streaming", output: "partial", reasoning: "" })
        expect((yield* sql<{ n: number }>`SELECT count(*) AS n FROM stats_cache c JOIN stats_epochs e USING (bot_id) WHERE c.epoch = e.epoch AND bot_id = ${b.id}`)[0]!.n).toBe(1)
        yield* store.updateRun(streaming.id, { status: "complete", output: "done", reasoning: "" })
        expect((yield* sql<{ n: number }>`SELECT count(*) AS n FROM stats_cache c JOIN stats_epochs e USING (bot_id) WHERE c.epoch = e.epoch AND bot_id = ${b.id}`)[0]!.n).toBe(0)
      })
    )
  )
})

describe("migration 0005 on a workspace made before it", () => {
  it.effect("keeps its runs and scores, counts them as made with the bots' current parameters, and records parameters from then on", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "llp.sqlite")
        // the database as migrations 0001–0004 left it: a bot with parameters, a prompt, two scored runs
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          // (0010 needs 0005's tables: a workspace without 0005 is older than 0010 too)
          const { "0005_stats": _, "0010_counted": _10, ...before } = migrations
          yield* Migrator.make({})({ loader: Migrator.fromRecord(before) })
          yield* sql`INSERT INTO categories (key, title, temperature) VALUES ('booting', 'Booting', 0.5)`
          yield* sql`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'booting', 'p', 1, 'P', 't', 40, 'x', 'x')`
          yield* sql`INSERT INTO bots (id, name, provider, model, temperature, created_at, updated_at) VALUES (1, 'Old', 'lmstudio', 'm', 0.3, 'x', 'x')`
          for (const [id, points] of [[1, 10], [2, 30]] as const) {
            yield* sql`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at, tokens_per_second) VALUES (${id}, 1, 1, 'lmstudio', 'm', 'complete', 'x', 40)`
            yield* sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, source, created_at) VALUES (${id}, 1, 1, 'booting', ${points}, 'manual', 'x')`
          }
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        yield* Effect.gen(function* () {
          const store = yield* Store.Store
          const bot = yield* store.getBot(1)
          expect((yield* store.getRun(1)).paramsKey).toBeNull()
          const board = yield* loadStatsBoard({ resamples: 200 })
          expect(board.rows[0]!.points.booting).toBe(20)
          const run = yield* store.startRun({ botId: 1, promptId: 1, provider: "lmstudio", model: "m", demo: false, request: {}, startedAt: "y" })
          expect(run.paramsKey).toBe(paramsKey(bot))
          expect(run.sentParams).toEqual({ load: {}, sampling: { temperature: 0.3 } })
        }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
      })
    )
  )
})

describe("migrations that land out of order", () => {
  it.effect("runs 0005 on a workspace that main already took to 0007 (the Migrator would skip it)", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "llp.sqlite")
        // the database as main left it: every migration but 0005, 0007 among them
        yield* Effect.gen(function* () {
          const { "0005_stats": _, "0010_counted": _10, ...main } = migrations
          yield* Migrator.make({})({ loader: Migrator.fromRecord(main) })
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const ids = (yield* sql<{ migration_id: number }>`SELECT migration_id FROM effect_sql_migrations ORDER BY migration_id`).map((r) => r.migration_id)
          expect(ids).toContain(5)
          expect(ids).toEqual([...ids].sort((a, b) => a - b))
          expect((yield* sql<{ name: string }>`SELECT name FROM pragma_table_info('runs') WHERE name = 'params_key'`).length).toBe(1)
          expect(yield* Effect.provideService(SqliteStore.migrate, SqlClient.SqlClient, sql)).toEqual([])
        }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
      })
    )
  )
})

describe("migration 0010 on a workspace made before it", () => {
  it.effect("keeps a cancelled run's score, stops counting it (the complete run's counts), and counts it again when pinned", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "llp.sqlite")
        // the database as 0001–0009 left it: a complete run scored 30, then a cancelled one scored 2 (counted then)
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const { "0010_counted": _, ...before } = migrations
          yield* Migrator.make({})({ loader: Migrator.fromRecord(before) })
          yield* sql`INSERT INTO categories (key, title, temperature) VALUES ('booting', 'Booting', 0.5)`
          yield* sql`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'booting', 'p', 1, 'P', 't', 40, 'x', 'x')`
          yield* sql`INSERT INTO bots (id, name, provider, model, temperature, created_at, updated_at) VALUES (1, 'Old', 'lmstudio', 'm', 0.3, 'x', 'x')`
          for (const [id, status, points] of [[1, "complete", 30], [2, "cancelled", 2]] as const) {
            yield* sql`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at, tokens_per_second) VALUES (${id}, 1, 1, 'lmstudio', 'm', ${status}, 'x', 40)`
            yield* sql`INSERT INTO scores (run_id, bot_id, prompt_id, category, points, source, created_at) VALUES (${id}, 1, 1, 'booting', ${points}, 'manual', 'x')`
          }
          expect((yield* sql<{ points: number }>`SELECT points FROM leaderboard_points`)[0]!.points).toBe(2)
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        yield* Effect.gen(function* () {
          const store = yield* Store.Store
          expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 30 })
          expect((yield* loadStatsBoard({ resamples: 200 })).rows[0]!.points.booting).toBe(30)
          expect((yield* store.listScores()).length).toBe(2)
          yield* store.pinRun(2, true)
          expect((yield* store.leaderboard())[0]!.points).toEqual({ booting: 2 })
          expect((yield* loadStatsBoard({ resamples: 200 })).rows[0]!.points.booting).toBe(2)
        }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
      })
    )
  )
})
