import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { StoreErrors, type Store, type StoreError } from "@llp/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { makeArena } from "./arena.js"
import { makeGroups } from "./groups.js"
import { makeJudge } from "./judge.js"
import { makeMachines } from "./machines.js"
import { makeSpeed } from "./speed.js"
import { makeStats } from "./stats.js"

/** The Store's methods beyond the base tables: statistics, the Arena, the judge, machines and bench, groups (migration 0002). */
export type Extras = Pick<
  Store.Service,
  | "statSamples"
  | "readStatsCache"
  | "writeStatsCache"
  | "addArenaVote"
  | "removeArenaVote"
  | "listArenaVotes"
  | "listArenaAnswers"
  | "readArenaCache"
  | "writeArenaCache"
  | "saveJudgeScore"
  | "listJudgeScores"
  | "judgePoints"
  | "saveJudgePair"
  | "listJudgePairs"
  | "saveMachine"
  | "getMachine"
  | "listMachines"
  | "speedByBot"
  | "saveBench"
  | "listBench"
  | "listGroups"
  | "findGroup"
  | "ensureGroup"
  | "addToGroup"
>

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/** How a method's SQL errors become StoreErrors (PgStore's names the server when the connection is lost). */
export type SqlErrors = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

// core's mapping knows SqlError by its tag (core does not depend on @effect/sql): the same errors, typed by the class
const plainErrors: SqlErrors = <A, E, R>(self: Effect.Effect<A, E, R>) => StoreErrors.sqlErrors(self) as Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

/** Composed by PgStore as `{ ...base, ...extras }`. */
export const makeExtras = (sql: SqlClient.SqlClient, errors: SqlErrors = plainErrors): Effect.Effect<Extras> =>
  Effect.sync(() => {
    const machines = makeMachines(sql, now, errors)
    return {
      ...makeStats(sql, errors),
      ...makeArena(sql, now, errors),
      ...makeJudge(sql, now, errors),
      ...machines.methods,
      ...makeSpeed(sql, machines.machineById, errors),
      ...makeGroups(sql, now, errors)
    }
  })
