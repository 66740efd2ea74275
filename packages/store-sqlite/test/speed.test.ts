import { describe, expect, it } from "@effect/vitest"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { Store } from "@llp/core"
import { Effect } from "effect"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"
import { migrations } from "../src/migrations/index.js"
import { tempFolder } from "./helpers.js"

// machines, phases, speed and bench results as any store keeps them are in the shared contract (contract.test.ts)
describe("migration 0006 on a workspace made before it", () => {
  it.effect("adds the columns and tables; old runs keep nulls and still read", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "old.sqlite")
        // a workspace made by a build that had 0001–0004 and a later-numbered migration that merged first (as 0007 did)
        const later = Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE merged_first (id INTEGER PRIMARY KEY)`
        })
        const before = { ...Object.fromEntries(Object.entries(migrations).filter(([key]) => key < "0005")), "0099_merged_first": later }
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* Migrator.make({})({ loader: Migrator.fromRecord(before) })
          yield* sql`INSERT INTO bots (id, name, provider, model, created_at, updated_at, file_key) VALUES (1, 'Old', 'ollama', 'm', 'x', 'x', 'old')`
          yield* sql`INSERT INTO categories (key, title, system_prompt, temperature, ord) VALUES ('c', 'C', '', 0.5, 0)`
          yield* sql`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'c', 's', 1, 't', 'x', 10, 'x', 'x')`
          yield* sql`INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, ttft_ms, tokens_per_second) VALUES (1, 1, 'ollama', 'm', 'complete', 'x', 120, 40)`
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        const runs = yield* Effect.gen(function* () {
          const store = yield* Store.Store
          return yield* store.listRuns()
        }).pipe(Effect.provide(SqliteStore.layer(file)))
        expect(runs[0]).toMatchObject({ ttftMs: 120, tokensPerSecond: 40, machineId: null, loadMs: null, cold: null, warmTtftMs: null, serverVersion: null })
        // 0006 ran although a higher id had run before it; running again does nothing
        const applied = yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const ids = (yield* sql<{ migration_id: number }>`SELECT migration_id FROM effect_sql_migrations ORDER BY migration_id`).map((r) => r.migration_id)
          return { ids, again: yield* SqliteStore.migrate }
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        expect(applied.ids).toEqual([...Object.keys(migrations).map((key) => Number(key.slice(0, 4))), 99])
        expect(applied.ids).toContain(6)
        expect(applied.again).toEqual([])
      })
    )
  )
})
