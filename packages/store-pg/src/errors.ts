import { SqlError } from "@effect/sql/SqlError"
import { StoreError, StoreErrors } from "@llp/core"
import * as Effect from "effect/Effect"

interface PgCause {
  readonly code?: unknown
  readonly constraint?: unknown
  readonly message?: unknown
}

const causeOf = (e: SqlError): PgCause => (typeof e.cause === "object" && e.cause !== null ? (e.cause as PgCause) : {})

/** A unique violation (SQLSTATE 23505), of this constraint or index when named. */
export const isUniqueViolation =
  (constraint?: string) =>
  (e: unknown): e is SqlError =>
    e instanceof SqlError && causeOf(e).code === "23505" && (constraint === undefined || causeOf(e).constraint === constraint)

// node-postgres's socket errors, and Postgres's connection-exception (08…) and shutdown (57P…) classes
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"])
const CONNECTION_MESSAGE = /connection terminated|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error|not queryable|failed to acquire/i

const isConnectionLoss = (e: SqlError): boolean => {
  const { code, message } = causeOf(e)
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08") || code.startsWith("57P"))) return true
  return CONNECTION_MESSAGE.test(typeof message === "string" ? message : "") || CONNECTION_MESSAGE.test(e.message)
}

// A number bound to an integer column that is not one (1.5, 1e20, NaN): SQLite compares and finds no row,
// Postgres refuses the parameter (22P02 invalid text, 22003 out of range). Either way it names nothing.
const NOT_AN_INTEGER = /(invalid input syntax|out of range) for type (bigint|integer|smallint)/

const isNotAnId = (e: SqlError): boolean => {
  const { code, message } = causeOf(e)
  return (code === "22P02" || code === "22003") && NOT_AN_INTEGER.test(typeof message === "string" ? message : "")
}

const idOf = (e: SqlError): string => /"([^"]*)"/.exec(String(causeOf(e).message ?? ""))?.[1] ?? "given"

/**
 * SQL errors as StoreError { reason: "Sql" }; a lost or refused connection says which server (as given by
 * `server`, without its password) so that a person knows where to look.
 */
export const pgErrors =
  (server: string) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError> | StoreError, R> =>
    Effect.mapError(self, (e) => {
      // an SQL error some method already made a StoreError of (the extras map their own) is named the same way
      const sqlError = e instanceof SqlError ? e : e instanceof StoreError && e.reason === "Sql" && e.cause instanceof SqlError ? e.cause : undefined
      if (sqlError !== undefined && isNotAnId(sqlError)) return StoreErrors.notFound(`nothing has the id ${idOf(sqlError)}: ids are whole numbers`)
      if (sqlError !== undefined && isConnectionLoss(sqlError)) {
        return new StoreError({ reason: "Sql", detail: `lost the connection to the Postgres store at ${server}: ${StoreErrors.causeMessage(sqlError.cause ?? sqlError.message)}`, cause: sqlError })
      }
      return e instanceof SqlError ? StoreErrors.toStoreError(e) : e
    }) as Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

/**
 * Whether an error (a StoreError, an SqlError, or what they wrap) is a server that is not there or not up
 * yet: refused or dropped connections, a timeout, Postgres starting up or shutting down. A wrong password or
 * database is not: waiting would not mend it.
 */
export const isUnreachable = (e: unknown): boolean => {
  for (let at = e, depth = 0; typeof at === "object" && at !== null && depth < 8; at = (at as { cause?: unknown }).cause, depth++) {
    if (at instanceof SqlError && isConnectionLoss(at)) return true
    const { code } = at as PgCause
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08") || code.startsWith("57P"))) return true
  }
  return false
}
