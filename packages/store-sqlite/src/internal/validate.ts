import { SqlError } from "@effect/sql/SqlError"
import { StoreErrors } from "@llp/core"

// the engine-neutral helpers live in @llp/core (the Postgres store shares them)
export const { decode, invalid, finite, json, checkRubric, causeMessage, toStoreError, sqlErrors, notFound, conflict } = StoreErrors

export const sqliteCode = (e: SqlError): string | undefined => {
  const cause = e.cause as { code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

export const isUniqueViolation = (e: unknown): e is SqlError =>
  e instanceof SqlError && (sqliteCode(e) === "SQLITE_CONSTRAINT_UNIQUE" || sqliteCode(e) === "SQLITE_CONSTRAINT_PRIMARYKEY")
