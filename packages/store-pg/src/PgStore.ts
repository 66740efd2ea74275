/**
 * The `Store` on Postgres (node-postgres through `@effect/sql-pg`), with tsvector search: the store several
 * machines share. The same contract, checks and messages as SqliteStore, over the same table and column names.
 *
 * @since 0.0.1
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Store, StoreError } from "@llp/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { makeCatalog } from "./catalog.js"
import { clientLayer, describeUrl } from "./client.js"
import { pgErrors } from "./errors.js"
import { makeExtras, type Extras } from "./extras.js"
import { migrations } from "./migrations/index.js"
import { runMigrations } from "./migrations/run.js"
import { makeRuns } from "./runs.js"
import { makeSearch } from "./search.js"

/** The Store's methods this file builds; the rest (`Extras`) come from extras.ts. */
export type Base = Omit<Store.Service, keyof Extras>

type Guarded<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer P) => Effect.Effect<infer A, infer E, infer R>
    ? (...args: P) => Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>
    : never
}

/** Each method with its SQL errors mapped (naming the server when the connection is lost) and a span. */
const guard = <T extends Record<string, (...args: ReadonlyArray<never>) => Effect.Effect<unknown, unknown, unknown>>>(server: string, methods: T): Guarded<T> => {
  const mapErrors = pgErrors(server)
  const out: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(methods)) {
    out[name] = (...args: ReadonlyArray<never>) => mapErrors(method(...args)).pipe(Effect.withSpan(`PgStore.${name}`))
  }
  return out as Guarded<T>
}

/** Where the client points, for messages: its URL without the password, or host/port/database. */
const serverOf = (client: Option.Option<PgClient.PgClient>): string =>
  Option.match(client, {
    onNone: () => "the configured server",
    onSome: ({ config }) =>
      config.url !== undefined
        ? describeUrl(Redacted.value(config.url))
        : `postgres://${config.username ? `${config.username}@` : ""}${config.host ?? "localhost"}:${config.port ?? 5432}/${config.database ?? ""}`
  })

/**
 * Full-text search splits and folds words by the database's LC_CTYPE: under C or POSIX, letters beyond ASCII
 * are neither lower-cased nor told from punctuation, so searches for "chào" or a model name find nothing.
 * Such a database is refused with the command that makes a usable one, rather than searching wrongly.
 */
const requireUtf8Ctype = (server: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ readonly ctype: string; readonly db: string }>`SELECT current_setting('lc_ctype') AS ctype, current_database() AS db`
    if (row !== undefined && !/utf-?8/i.test(row.ctype)) {
      return yield* Effect.fail(
        new StoreError({
          reason: "Invalid",
          detail: `the Postgres database ${row.db} at ${server} has LC_CTYPE ${row.ctype}: LLP's search needs a UTF-8 one. Create the database with: CREATE DATABASE ${row.db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`
        })
      )
    }
  }).pipe(pgErrors(server))

/**
 * Runs the migrations that have not run yet, under the runner's advisory lock (machines starting together
 * migrate one after another).
 *
 * @since 0.0.1
 */
export const migrate: Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, StoreError, SqlClient.SqlClient> = Effect.gen(function* () {
  const server = serverOf(yield* Effect.serviceOption(PgClient.PgClient))
  yield* requireUtf8Ctype(server)
  return yield* runMigrations(migrations).pipe(
    pgErrors(server),
    Effect.mapError((e) => (e instanceof StoreError ? e : new StoreError({ reason: "Sql", detail: `migration failed: ${e.message}`, cause: e })))
  )
})

/**
 * Builds the store over an `SqlClient` (a Postgres one): runs the migrations and returns the service.
 *
 * @since 0.0.1
 * @category constructors
 */
export const make: Effect.Effect<Store.Service, StoreError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const server = serverOf(yield* Effect.serviceOption(PgClient.PgClient))
  yield* migrate
  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())
  const catalog = makeCatalog(sql, now)
  const { botById, ...catalogMethods } = catalog
  const base = guard(server, {
    ...catalogMethods,
    ...makeRuns(sql, now, botById),
    ...makeSearch(sql)
  }) satisfies Base
  const extras = guard(server, yield* makeExtras(sql)) satisfies Extras
  return { ...base, ...extras } satisfies Store.Service
})

/**
 * The store over an `SqlClient` the caller provides.
 *
 * @since 0.0.1
 * @category layers
 */
export const layerFromClient: Layer.Layer<Store.Store, StoreError, SqlClient.SqlClient> = Layer.effect(Store.Store, make)

/**
 * The store on the Postgres server at `url` (a pool of connections); an unreachable server is a StoreError
 * naming it, without the password.
 *
 * @since 0.0.1
 * @category layers
 */
export const layer = (url: string, options?: { readonly maxConnections?: number }): Layer.Layer<Store.Store, StoreError> =>
  layerFromClient.pipe(Layer.provide(clientLayer(url, options)))

/**
 * The store and its SQL client, sharing one pool: for tests and tools that also query the database.
 *
 * @since 0.0.1
 * @category layers
 */
export const layerWithClient = (
  url: string,
  options?: { readonly maxConnections?: number }
): Layer.Layer<Store.Store | PgClient.PgClient | SqlClient.SqlClient, StoreError> => layerFromClient.pipe(Layer.provideMerge(clientLayer(url, options)))
