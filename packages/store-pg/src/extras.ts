import type * as SqlClient from "@effect/sql/SqlClient"
import type { Store } from "@llp/core"
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

/** Composed by PgStore as `{ ...base, ...extras }`. */
export const makeExtras = (sql: SqlClient.SqlClient): Effect.Effect<Extras> =>
  Effect.sync(() => {
    const machines = makeMachines(sql, now)
    return {
      ...makeStats(sql),
      ...makeArena(sql, now),
      ...makeJudge(sql, now),
      ...machines.methods,
      ...makeSpeed(sql, machines.machineById),
      ...makeGroups(sql, now)
    }
  })
