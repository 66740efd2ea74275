import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError, Jobs, StoreError } from "@llp/core"
import type { OpenedWorkspace } from "@llp/workspace"
import { postgresUrl } from "../store.js"
import { UsageError } from "./errors.js"

/** The job queue lives in a Postgres store: with SQLite, a usage error (exit 2) saying how to configure one. */
export const requirePostgres = (ws: OpenedWorkspace, what: string): Effect.Effect<void, UsageError> =>
  ws.config.store.type === "postgres"
    ? Effect.void
    : Effect.fail(new UsageError(`${what} needs a Postgres store (this workspace's is SQLite): add "store": {"type": "postgres", "url": "env:LLP_DATABASE_URL"} to ${ws.configFile} (see docs/workers.md)`))

/**
 * Provides the shared job queue to a command (`llp worker`, `llp tournament --distributed | --status`).
 * The queue lives in the Postgres store: with SQLite it is a usage error (exit 2) saying how to configure one.
 * The queue has its own small pool; its completion transaction carries the Store's write all the same.
 */
export const withJobs = <A, E, R>(
  ws: OpenedWorkspace,
  what: string,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | UsageError | StoreError | ConfigError, Exclude<R, Jobs.Jobs>> =>
  Effect.gen(function* () {
    yield* requirePostgres(ws, what)
    const url = yield* postgresUrl(ws)
    const pg = yield* Effect.promise(() => import("@llp/store-pg"))
    const opened = pg.PgJobs.layer(url).pipe(Layer.mapError((e) => new StoreError({ reason: e.reason, detail: `${e.detail} (store.url in ${ws.configFile})`, cause: e })))
    return yield* Effect.provide(effect, opened)
  })
