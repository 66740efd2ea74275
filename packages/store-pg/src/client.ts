import * as PgClient from "@effect/sql-pg/PgClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import { StoreError } from "@llp/core"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import pg from "pg"

// int8 (counts, bigint ids) and numeric arrive as strings from node-postgres; LLP's figures are all well
// inside a double, and the domain expects numbers, as SQLite gives them.
const INT8 = 20
const NUMERIC = 1700
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")
} as unknown as pg.CustomTypesConfig

/** Where a URL points, without its password, for messages. */
export const describeUrl = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`
  } catch {
    return "the configured Postgres URL (it does not parse as a URL)"
  }
}

/**
 * A pooled Postgres connection. Failing to connect is a `StoreError` that names the server (never the password).
 *
 * @since 0.0.1
 */
export const clientLayer = (url: string, options: { readonly maxConnections?: number } = {}): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, StoreError> =>
  PgClient.layer({
    url: Redacted.make(url),
    types,
    maxConnections: options.maxConnections ?? 8,
    connectTimeout: Duration.seconds(5),
    applicationName: "llp"
  }).pipe(
    Layer.mapError((e) => new StoreError({ reason: "Sql", detail: `cannot reach the Postgres store at ${describeUrl(url)}: ${causeText(e.cause) || e.message}`, cause: e }))
  )

const causeText = (cause: unknown): string => (cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "")
