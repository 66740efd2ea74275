import { type ArenaRatings, type BoardOptions, type LeaderboardRow, loadStatsBoard, type Machine, MachineInfo, type SortColumn, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { arenaCells, loadArena } from "./arena.js"
import type { LeaderboardDocument } from "./document.js"
import { makeDocument } from "./json.js"
import { documentMachine } from "./machine.js"
import { type CategorySummary, type PromptName, promptNames, summarizeCategories } from "./rows.js"

/** Whose runs the speed figures come from: this machine's (the default), every machine's, or a stored profile's id. */
export type SpeedMachine = "this" | "all" | number

/** The leaderboard's options as a person gives them: the statistics' (issue 12) and whose speeds (issue 15). */
export interface BoardChoice extends Omit<BoardOptions, "sort" | "machineId"> {
  readonly machine?: SpeedMachine
  /** false: leave the Arena's ratings out (null), for callers that do not show them: the fit and its bootstrap read every vote. */
  readonly arena?: boolean
}

export interface LeaderboardData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  /** Prompt ids to names, for the flaky prompts. */
  readonly names: ReadonlyMap<number, PromptName>
  /** The Arena's ratings; null when there are no votes. */
  readonly arena: ArenaRatings | null
  /** The machine the speed figures are for; null: every machine. */
  readonly machine: Machine | null
}

/**
 * The stored machine for a choice. "this" is the running machine when the app provides MachineInfo; where it
 * does not (a library user), or its profile cannot be stored, the speeds are every machine's.
 */
export const resolveMachine = (choice: SpeedMachine): Effect.Effect<Machine | null, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    if (choice === "all") return null
    if (typeof choice === "number") return yield* (yield* Store.Store).getMachine(choice)
    const info = yield* Effect.serviceOption(MachineInfo.MachineInfo)
    if (Option.isNone(info)) return null
    return yield* Effect.orElseSucceed(info.value.current(), () => null)
  })

/**
 * The ranked leaderboard with intervals (every repeat counts; runs with the bots' current parameters unless
 * `allParams`; speeds from this machine's runs unless `machine`), its categories (with their points) and the
 * Arena's ratings, as the formatters take them.
 */
export const loadLeaderboard = (column: SortColumn = "total", options: BoardChoice = {}): Effect.Effect<LeaderboardData, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const { machine: choice, arena: withArena, ...board } = options
    const machine = yield* resolveMachine(choice ?? "this")
    const [{ rows, categories, prompts }, arena] = yield* Effect.all([
      loadStatsBoard({ ...board, sort: column, machineId: machine?.id ?? null }),
      withArena === false ? Effect.succeed(null) : loadArena()
    ])
    return { rows, categories: summarizeCategories(categories, prompts), names: promptNames(prompts), arena, machine }
  })

export interface ExportOptions extends BoardChoice {
  /** Every bot, prompt, run and score too: what `llp import` needs. */
  readonly details?: boolean
  readonly sort?: SortColumn
  /** Defaults to now. */
  readonly exportedAt?: string
}

/** The export document of the workspace's leaderboard, with or without details; it names the machine its speeds are for. */
export const exportDocument = (options: ExportOptions = {}): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const { details, exportedAt, sort, ...board } = options
    const { rows, categories: summary, names, arena, machine } = yield* loadLeaderboard(sort ?? "total", board)
    const cells = arena ? arenaCells(arena) : undefined
    const head = { machine: machine === null ? null : documentMachine(machine) }
    if (!details) return { ...makeDocument(rows, summary, undefined, exportedAt, cells, names), ...head }
    const [categories, bots, prompts, runs, scores, arenaVotes, machines, bench, judgeScores, judgePairs] = yield* Effect.all([
      store.listCategories(),
      store.listBots(),
      store.listPrompts(),
      store.listRuns(),
      store.listScores(),
      store.listArenaVotes(),
      store.listMachines(),
      store.listBench(),
      store.listJudgeScores(),
      store.listJudgePairs()
    ])
    return { ...makeDocument(rows, summary, { categories, bots, prompts, runs, scores, arenaVotes, machines, bench, judgeScores, judgePairs }, exportedAt, cells, names), ...head }
  })

/** Everything in the workspace as one document: what `llp export --format json --details` writes. */
export const exportDetails = (exportedAt?: string): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  exportDocument(exportedAt === undefined ? { details: true } : { details: true, exportedAt })
