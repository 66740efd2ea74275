import type * as SqlClient from "@effect/sql/SqlClient"
import { StoreError, type Store } from "@llp/core"
import * as Effect from "effect/Effect"

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

// placeholder while the methods are written (pg-extras helper): each fails saying so
const unwritten = (name: string) => () => Effect.fail(new StoreError({ reason: "Sql", detail: `${name} is not written for Postgres yet` }))

/** Composed by PgStore as `{ ...base, ...extras }`. */
export const makeExtras = (_sql: SqlClient.SqlClient): Effect.Effect<Extras> =>
  Effect.succeed({
    statSamples: unwritten("statSamples"),
    readStatsCache: unwritten("readStatsCache"),
    writeStatsCache: unwritten("writeStatsCache"),
    addArenaVote: unwritten("addArenaVote"),
    removeArenaVote: unwritten("removeArenaVote"),
    listArenaVotes: unwritten("listArenaVotes"),
    listArenaAnswers: unwritten("listArenaAnswers"),
    saveJudgeScore: unwritten("saveJudgeScore"),
    listJudgeScores: unwritten("listJudgeScores"),
    judgePoints: unwritten("judgePoints"),
    saveJudgePair: unwritten("saveJudgePair"),
    listJudgePairs: unwritten("listJudgePairs"),
    saveMachine: unwritten("saveMachine"),
    getMachine: unwritten("getMachine"),
    listMachines: unwritten("listMachines"),
    speedByBot: unwritten("speedByBot"),
    saveBench: unwritten("saveBench"),
    listBench: unwritten("listBench"),
    listGroups: unwritten("listGroups"),
    findGroup: unwritten("findGroup"),
    ensureGroup: unwritten("ensureGroup"),
    addToGroup: unwritten("addToGroup")
  })
