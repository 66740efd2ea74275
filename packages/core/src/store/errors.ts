import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { rubricTotal } from "../domain/Prompt.js"
import type { PromptInput } from "../domain/Prompt.js"
import { InvalidInput, StoreError } from "../errors.js"

/** Decodes a value with a core schema; the first problem becomes InvalidInput naming the field. */
export const decode = <A, I>(schema: Schema.Schema<A, I>, value: unknown, prefix = ""): Effect.Effect<A, InvalidInput> =>
  Schema.decodeUnknown(schema, { errors: "first", onExcessProperty: "ignore" })(value).pipe(
    Effect.mapError((error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const path = issue?.path.map(String).join(".") ?? ""
      const field = prefix + path || prefix.replace(/\.$/, "") || "input"
      return new InvalidInput({ field, reason: issue?.message ?? error.message })
    })
  )

export const invalid = (field: string, reason: string) => new InvalidInput({ field, reason })

/** A finite number or null; undefined stays undefined (the caller leaves the column alone). */
export const finite = (field: string, value: number | null | undefined): Effect.Effect<number | null | undefined, InvalidInput> =>
  value === undefined || value === null || (typeof value === "number" && Number.isFinite(value))
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, `must be a finite number, got ${String(value)}`))

/** JSON text for a value (null for null/undefined); values JSON cannot hold (BigInt, cycles) are InvalidInput. */
export const json = (field: string, value: unknown): Effect.Effect<string | null, InvalidInput> =>
  Effect.try({
    try: () => (value === undefined || value === null ? null : (JSON.stringify(value) ?? null)),
    catch: (e) => invalid(field, `cannot be stored as JSON: ${e instanceof Error ? e.message : String(e)}`)
  })

/** A rubric, when there is one, adds up to the prompt's points (as the suite format requires). */
export const checkRubric = (p: PromptInput, prefix = ""): Effect.Effect<void, InvalidInput> => {
  if (p.rubric.length === 0) return Effect.void
  const sum = rubricTotal(p.rubric)
  return sum === p.points
    ? Effect.void
    : Effect.fail(invalid(`${prefix}rubric`, `adds up to ${sum}, but the prompt is worth ${p.points}`))
}

export const causeMessage = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "string" ? cause : String(cause)

/** What @effect/sql fails with (recognised by its tag: core does not depend on @effect/sql). */
export interface SqlErrorLike {
  readonly _tag: "SqlError"
  readonly message: string
  readonly cause?: unknown
}

const isSqlError = (e: unknown): e is SqlErrorLike => typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "SqlError"

export const toStoreError = (e: SqlErrorLike): StoreError =>
  new StoreError({ reason: "Sql", detail: e.cause !== undefined ? `${e.message}: ${causeMessage(e.cause)}` : e.message, cause: e })

/** Turns the SQL errors of an effect into StoreError { reason: "Sql" }, on any SQL engine. */
export const sqlErrors = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlErrorLike> | StoreError, R> =>
  Effect.mapError(self, (e) => (isSqlError(e) ? toStoreError(e) : e)) as Effect.Effect<A, Exclude<E, SqlErrorLike> | StoreError, R>

export const notFound = (detail: string) => new StoreError({ reason: "NotFound", detail })
export const conflict = (detail: string) => new StoreError({ reason: "Conflict", detail })
