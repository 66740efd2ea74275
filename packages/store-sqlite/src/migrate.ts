import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

const TABLE = "effect_sql_migrations"

/**
 * Runs every migration not yet recorded, in id order, in one transaction; returns what ran.
 *
 * Why not `Migrator.make`: it runs only ids above the highest recorded one, and LLP's issues land their
 * numbered migrations in whatever order the branches merge (0007 before 0006 …): a workspace that had run
 * 0007 would never get 0006. This keeps Migrator's table (`effect_sql_migrations`), so workspaces made by
 * either read the same, and its rule that the records are written first (a second process finds them and
 * leaves the work to the first).
 */
export const runMigrations = (
  loader: Migrator.Loader
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, Migrator.MigrationError | import("@effect/sql/SqlError").SqlError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS ${sql(TABLE)} (
      migration_id integer PRIMARY KEY NOT NULL,
      created_at datetime NOT NULL DEFAULT current_timestamp,
      name VARCHAR(255) NOT NULL
    )`
    const run = Effect.gen(function* () {
      const done = new Set((yield* sql<{ readonly migration_id: number }>`SELECT migration_id FROM ${sql(TABLE)}`.withoutTransform).map((r) => r.migration_id))
      const all = yield* loader
      if (new Set(all.map(([id]) => id)).size !== all.length) {
        return yield* new Migrator.MigrationError({ reason: "duplicates", message: "Found duplicate migration id's" })
      }
      const required = all.filter(([id]) => !done.has(id))
      if (required.length === 0) return []
      yield* sql`INSERT INTO ${sql(TABLE)} ${sql.insert(required.map(([migration_id, name]) => ({ migration_id, name })))}`.withoutTransform.pipe(
        Effect.mapError(() => new Migrator.MigrationError({ reason: "locked", message: "Migrations already running" }))
      )
      for (const [id, name, load] of required) {
        const migration = (yield* load) as unknown
        if (!Effect.isEffect(migration)) return yield* new Migrator.MigrationError({ reason: "import-error", message: `Migration "${id}_${name}" is not an Effect` })
        yield* Effect.orDieWith(migration as Effect.Effect<unknown, unknown, SqlClient.SqlClient>, (cause) => new Migrator.MigrationError({ cause, reason: "failed", message: `Migration "${id}_${name}" failed` }))
      }
      return required.map(([id, name]) => [id, name] as const)
    })
    return yield* sql.withTransaction(run).pipe(Effect.catchTag("MigrationError", (e) => (e.reason === "locked" ? Effect.succeed([]) : Effect.fail(e))))
  })
