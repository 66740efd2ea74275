import { describe, expect, it } from "@effect/vitest"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { Store } from "@llp/core"
import { Effect } from "effect"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"
import { migrations } from "../src/migrations/index.js"
import { botInput, tempFolder, withStore } from "./helpers.js"

describe("schema", () => {
  it.effect("creates the tables, FTS tables, indexes and triggers", () =>
    withStore(({ sql }) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ type: string; name: string }>`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`
        const names = (type: string) => rows.filter((r) => r.type === type).map((r) => r.name)
        expect(names("table")).toEqual(
          expect.arrayContaining(["bots", "categories", "prompts", "runs", "scores", "bots_fts", "prompts_fts", "runs_fts", "leaderboard_points", "leaderboard_runs", "effect_sql_migrations"])
        )
        expect(names("view")).toEqual(["bots_search"])
        expect(names("trigger").sort()).toEqual(
          [
            "bots_fts_ad", "bots_fts_ai", "bots_fts_au", "prompts_fts_ad", "prompts_fts_ai", "prompts_fts_au", "runs_fts_ad", "runs_fts_ai", "runs_fts_au",
            "runs_owner_au", "prompts_category_au", "scores_points_ai", "scores_points_ad", "scores_points_au", "runs_stats_ai", "runs_stats_ad", "runs_stats_au",
            "stats_scores_ai", "stats_scores_ad", "stats_scores_au", "stats_runs_ai", "stats_runs_ad", "stats_runs_au", "stats_bots_au", "stats_bots_ad",
            "stats_prompts_au", "stats_prompts_ad", "scores_partial_au",
            "arena_votes_ai", "arena_votes_ad", "arena_votes_au", "arena_runs_au", "arena_prompts_au"
          ].sort()
        )
        expect(names("index")).toEqual(expect.arrayContaining(["runs_bot_stats", "runs_prompt", "scores_counted", "scores_one_pin", "scores_stats", "runs_speed_stats"]))
        const fts = yield* sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE name IN ('bots_fts', 'prompts_fts', 'runs_fts') ORDER BY name`
        for (const t of fts) expect(t.sql).toMatch(/USING fts5\(.*remove_diacritics 2/s)
        expect(fts.find((t) => t.name === "runs_fts")!.sql).toContain("prefix='2 3'")
        const trigger = yield* sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'runs_fts_au'`
        expect(trigger[0]!.sql).toMatch(/AFTER UPDATE OF output ON runs WHEN old\.output IS NOT new\.output/)
      })
    )
  )

  it.effect("sets the connection's PRAGMAs", () =>
    withStore(({ sql }) =>
      Effect.gen(function* () {
        expect(yield* sql`PRAGMA foreign_keys`).toEqual([{ foreign_keys: 1 }])
        expect(yield* sql`PRAGMA journal_mode`).toEqual([{ journal_mode: "wal" }])
        expect(yield* sql`PRAGMA synchronous`).toEqual([{ synchronous: 1 }])
        expect(yield* sql`PRAGMA busy_timeout`).toEqual([{ timeout: 5000 }])
      })
    )
  )

  it.effect("records the migrations and runs them once", () =>
    withStore(({ sql }) =>
      Effect.gen(function* () {
        const applied = yield* sql<{ migration_id: number; name: string }>`SELECT migration_id, name FROM effect_sql_migrations ORDER BY migration_id`
        expect(applied).toEqual([
          { migration_id: 1, name: "schema" },
          { migration_id: 2, name: "search" },
          { migration_id: 3, name: "leaderboard" },
          { migration_id: 4, name: "bot_file_key" },
          { migration_id: 5, name: "stats" },
          { migration_id: 6, name: "speed_machine" },
          { migration_id: 7, name: "arena" },
          { migration_id: 8, name: "judge" },
          { migration_id: 9, name: "bot_groups" },
          { migration_id: 10, name: "counted" }
        ])
        expect(yield* Effect.provideService(SqliteStore.migrate, SqlClient.SqlClient, sql)).toEqual([])
      })
    )
  )

  it.effect("reopens an existing file without migrating again, keeping the data", () =>
    withStore(({ store, file }) =>
      Effect.gen(function* () {
        yield* store.createBot({ name: "Keeper", provider: "ollama", model: "llama3" })
        const again = yield* Effect.gen(function* () {
          const other = yield* Store.Store
          return yield* other.listBots()
        }).pipe(Effect.provide(SqliteStore.layer(file)))
        expect(again.map((b) => b.name)).toEqual(["Keeper"])
      })
    )
  )

  it.effect("fails with a StoreError, not a crash, when the file cannot be opened", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.provide(Store.Store, SqliteStore.layer("/nonexistent-folder/llp/db.sqlite")))
      expect(error).toMatchObject({ _tag: "StoreError", reason: "Sql" })
      expect(error.message).toContain("cannot open the database /nonexistent-folder/llp/db.sqlite")
    })
  )

  it.effect("upgrades a workspace made before bots had file keys, even one whose bots already share a file name", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "llp.sqlite")
        // the database as the first three migrations left it, with two names made before the rule
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* Migrator.make({})({ loader: Migrator.fromRecord({ "0001_schema": migrations["0001_schema"], "0002_search": migrations["0002_search"], "0003_leaderboard": migrations["0003_leaderboard"] }) })
          for (const name of ["Good Bot/v1", "good-bot_v1"]) yield* sql`INSERT INTO bots (name, provider, model, created_at, updated_at) VALUES (${name}, 'lmstudio', 'm', 'x', 'x')`
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        yield* Effect.gen(function* () {
          const store = yield* Store.Store
          const sql = yield* SqlClient.SqlClient
          expect(yield* sql`SELECT name, file_key FROM bots ORDER BY id`).toEqual([
            { name: "Good Bot/v1", file_key: "good-bot_v1" },
            { name: "good-bot_v1", file_key: "good-bot_v1" }
          ])
          expect((yield* store.listBots()).map((b) => b.name)).toEqual(["Good Bot/v1", "good-bot_v1"])
          expect(yield* Effect.flip(store.createBot(botInput("GOOD BOT:V1")))).toMatchObject({ reason: "Conflict" })
        }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
      })
    )
  )
})
