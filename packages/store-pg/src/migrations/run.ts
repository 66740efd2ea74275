import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"

/**
 * Runs every migration not yet listed in `llp_migrations`, in id order, all in one transaction with their rows
 * (a failing migration leaves the schema as it was before this call). A transaction-level advisory lock makes
 * workers that start together migrate one after another.
 */
export const runMigrations = <E>(
  migrations: Readonly<Record<string, Effect.Effect<unknown, E, SqlClient.SqlClient>>>
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, E | SqlError | Error, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const all = Object.entries(migrations).map(([key, effect]) => {
      const match = /^(\d+)_(.+)$/.exec(key)
      if (match === null) throw new Error(`migration key ${key} is not <id>_<name>`)
      return { id: Number(match[1]), name: match[2]!, effect }
    })
    if (new Set(all.map((m) => m.id)).size !== all.length) return yield* Effect.fail(new Error("two migrations share an id"))
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        yield* sql`SELECT pg_advisory_xact_lock(4242001)`
        yield* sql`CREATE TABLE IF NOT EXISTS llp_migrations (
          migration_id integer PRIMARY KEY,
          name text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        )`
        const applied = new Set((yield* sql<{ readonly migration_id: number }>`SELECT migration_id FROM llp_migrations`).map((r) => r.migration_id))
        const todo = all.filter((m) => !applied.has(m.id)).sort((a, b) => a.id - b.id)
        for (const m of todo) {
          yield* m.effect
          yield* sql`INSERT INTO llp_migrations (migration_id, name) VALUES (${m.id}, ${m.name})`
        }
        return todo.map((m) => [m.id, m.name] as const)
      })
    )
  })
