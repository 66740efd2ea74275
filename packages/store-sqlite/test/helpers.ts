import * as SqlClient from "@effect/sql/SqlClient"
import { Store } from "@llp/core"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"

// the fixtures are the shared contract suite's, so SQLite-only tests build the same small worlds
export { botInput, prompt, seed, suite } from "@llp/testkit/store-contract"

export interface Env {
  readonly store: Store.Service
  readonly sql: SqlClient.SqlClient
  readonly dir: string
  readonly file: string
}

/** A fresh temp folder, removed when the scope closes. */
export const tempFolder = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "llp-store-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A real SQLite file in a fresh temp folder; the database is closed and the folder removed afterwards. */
export const withStore = <A, E>(body: (env: Env) => Effect.Effect<A, E>): Effect.Effect<A, E | unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const dir = yield* tempFolder
      const file = join(dir, "llp.sqlite")
      return yield* Effect.gen(function* () {
        const store = yield* Store.Store
        const sql = yield* SqlClient.SqlClient
        return yield* body({ store, sql, dir, file })
      }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
    })
  )

/** FTS5's own check that an external-content index matches its content table. */
export const integrity = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`INSERT INTO bots_fts (bots_fts, rank) VALUES ('integrity-check', 1)`
    yield* sql`INSERT INTO prompts_fts (prompts_fts, rank) VALUES ('integrity-check', 1)`
    yield* sql`INSERT INTO runs_fts (runs_fts, rank) VALUES ('integrity-check', 1)`
  })
