import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"

/**
 * Runs every migration of `migrations` that `effect_sql_migrations` does not list yet, in id order, each in
 * its own transaction with its row. Unlike `@effect/sql`'s Migrator, which runs only ids above the highest
 * one applied, a lower id that lands later (issues are given numbers in advance and merge in any order:
 * 0007 before 0005) still runs on a workspace that already has the higher one. Same table, same rows, so
 * a database migrated by the Migrator reads the same.
 */
export const runMigrations = <E>(
  migrations: Readonly<Record<string, Effect.Effect<unknown, E, SqlClient.SqlClient>>>
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, E | SqlError | Error, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS effect_sql_migrations (
      migration_id integer PRIMARY KEY NOT NULL,
      created_at datetime NOT NULL DEFAULT current_timestamp,
      name VARCHAR(255) NOT NULL
    )`
    const applied = new Set((yield* sql<{ readonly migration_id: number }>`SELECT migration_id FROM effect_sql_migrations`.withoutTransform).map((r) => r.migration_id))
    const all = Object.entries(migrations).map(([key, effect]) => {
      const match = /^(\d+)_(.+)$/.exec(key)
      if (match === null) throw new Error(`migration key ${key} is not <id>_<name>`)
      return { id: Number(match[1]), name: match[2]!, effect }
    })
    if (new Set(all.map((m) => m.id)).size !== all.length) return yield* Effect.fail(new Error("two migrations share an id"))
    const todo = all.filter((m) => !applied.has(m.id)).sort((a, b) => a.id - b.id)
    for (const m of todo) {
      yield* sql.withTransaction(
        Effect.zipRight(m.effect, sql`INSERT INTO effect_sql_migrations ${sql.insert({ migration_id: m.id, name: m.name })}`.withoutTransform)
      )
    }
    return todo.map((m) => [m.id, m.name] as const)
  })
