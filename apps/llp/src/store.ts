import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError, StoreError, type Store } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import type { OpenedWorkspace } from "@llp/workspace"

// Loaded only when the config names Postgres: a SQLite workspace's commands never load node-postgres.
const loadPg = () => Effect.promise(() => import("@llp/store-pg"))

/** Where the workspace's store lives, for status lines (never with a password). */
export const describeStore = (ws: OpenedWorkspace): Effect.Effect<string> => {
  const store = ws.config.store
  if (store.type === "sqlite") return Effect.succeed(`sqlite at ${ws.dbFile}`)
  const url = store.url
  if (url === undefined) return Effect.succeed("postgres (no URL: store.url reads an unset environment variable)")
  return Effect.map(loadPg(), (pg) => `postgres at ${pg.describeUrl(url)}`)
}

/**
 * The configured Postgres URL, or the config error naming the key at fault (an `env:NAME` that is unset,
 * or a SQLite store). Used by the wiring below and by `llp store`, which opens the server itself.
 */
export const postgresUrl = (ws: OpenedWorkspace): Effect.Effect<string, ConfigError> => {
  const store = ws.config.store
  if (store.type !== "postgres") {
    return Effect.fail(new ConfigError({ file: ws.configFile, key: "store", reason: 'the store is SQLite; set {"type": "postgres", "url": "env:LLP_DATABASE_URL"} to use Postgres' }))
  }
  if (store.url !== undefined) return Effect.succeed(store.url)
  // `problem` reads "<file>: store.url: <reason>"; the error adds file and key itself
  const reason = store.problem?.replace(`${ws.configFile}: store.url: `, "") ?? "no URL"
  return Effect.fail(new ConfigError({ file: ws.configFile, key: "store.url", reason }))
}

/** A Postgres store's failure to open, as one line naming the server and the config key, never the password. */
export const pgOpenError =
  (where: string, from: string) =>
  (e: unknown): StoreError => {
    const at = `(${from})`
    if (e instanceof StoreError) return new StoreError({ reason: e.reason, detail: `${e.detail} ${at}`, cause: e })
    return new StoreError({ reason: "Sql", detail: `the Postgres store at ${where} failed to open: ${errorText(e)} ${at}`, cause: e })
  }

/** An error's message with its cause's (a SqlError says "Failed to execute statement"; the server's reason is in its cause). */
export const errorText = (e: unknown): string => {
  const own = e instanceof Error ? e.message : String(e)
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined
  return cause !== undefined && cause !== own ? `${own}: ${cause}` : own
}

/** Where a Postgres URL came from, for messages. */
export const configuredAt = (ws: OpenedWorkspace) => `store.url in ${ws.configFile}`

/**
 * The Store the workspace's config chooses: SQLite in the workspace (the default), or a Postgres server.
 * A Postgres server that cannot be reached fails here, before any command or the app starts.
 */
export const storeLayer = (ws: OpenedWorkspace): Layer.Layer<Store.Store, StoreError | ConfigError> => {
  if (ws.config.store.type === "sqlite") return SqliteStore.layer(ws.dbFile)
  return Layer.unwrapEffect(
    Effect.gen(function* () {
      const url = yield* postgresUrl(ws)
      const pg = yield* loadPg()
      return pg.PgStore.layer(url).pipe(Layer.mapError(pgOpenError(pg.describeUrl(url), configuredAt(ws))))
    })
  )
}
