import { type ArenaRatings, type LeaderboardRow, type Machine, MachineInfo, rank, type SortColumn, Store, type StoreFailure, withSpeed } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { arenaCells, loadArena } from "./arena.js"
import type { LeaderboardDocument } from "./document.js"
import { makeDocument } from "./json.js"
import { documentMachine } from "./machine.js"
import { type CategorySummary, summarizeCategories } from "./rows.js"

/** Whose runs the speed columns average: this machine's (the default), every machine's, or a stored profile's id. */
export type SpeedMachine = "this" | "all" | number

export interface LeaderboardData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  /** The Arena's ratings; null when there are no votes. */
  readonly arena: ArenaRatings | null
  /** The machine the speed columns are for; null: every machine. */
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

const loadRows = (column: SortColumn, choice: SpeedMachine) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const machine = yield* resolveMachine(choice)
    const [categories, prompts, totals, speeds, arena] = yield* Effect.all([
      store.listCategories(),
      store.listPrompts(),
      store.leaderboard(),
      store.speedByBot(machine?.id ?? null),
      loadArena()
    ])
    return { categories, prompts, machine, arena, rows: rank(withSpeed(totals, speeds), categories, prompts.length, column) }
  })

/** The ranked leaderboard and its categories (with their points), as the formatters take them. */
export const loadLeaderboard = (column: SortColumn = "total", machine: SpeedMachine = "this"): Effect.Effect<LeaderboardData, StoreFailure, Store.Store> =>
  Effect.map(loadRows(column, machine), ({ rows, categories, prompts, machine, arena }) => ({ rows, categories: summarizeCategories(categories, prompts), machine, arena }))

export interface ExportOptions {
  /** Every bot, prompt, run and score too: what `llp import` needs. */
  readonly details?: boolean
  readonly sort?: SortColumn
  /** Whose runs the speed columns average (default: this machine's). */
  readonly machine?: SpeedMachine
  /** Defaults to now. */
  readonly exportedAt?: string
}

/** The export document of the workspace's leaderboard, with or without details; it names the machine its speeds are for. */
export const exportDocument = (options: ExportOptions = {}): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const { rows, categories, prompts, machine, arena } = yield* loadRows(options.sort ?? "total", options.machine ?? "this")
    const summary = summarizeCategories(categories, prompts)
    const cells = arena ? arenaCells(arena) : undefined
    const head = { machine: machine === null ? null : documentMachine(machine) }
    if (!options.details) return { ...makeDocument(rows, summary, undefined, options.exportedAt, cells), ...head }
    const [bots, runs, scores, arenaVotes, machines, bench] = yield* Effect.all([
      store.listBots(),
      store.listRuns(),
      store.listScores(),
      store.listArenaVotes(),
      store.listMachines(),
      store.listBench()
    ])
    return { ...makeDocument(rows, summary, { categories, bots, prompts, runs, scores, arenaVotes, machines, bench }, options.exportedAt, cells), ...head }
  })

/** Everything in the workspace as one document: what `llp export --format json --details` writes. */
export const exportDetails = (exportedAt?: string): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  exportDocument(exportedAt === undefined ? { details: true } : { details: true, exportedAt })
