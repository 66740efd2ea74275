import { type BoardOptions, type LeaderboardRow, type ArenaRatings, loadStatsBoard, type SortColumn, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import { arenaCells, loadArena } from "./arena.js"
import type { LeaderboardDocument } from "./document.js"
import { makeDocument } from "./json.js"
import { type CategorySummary, type PromptName, promptNames, summarizeCategories } from "./rows.js"

export interface LeaderboardData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  /** Prompt ids to names, for the flaky prompts. */
  readonly names: ReadonlyMap<number, PromptName>
  /** The Arena's ratings; null when there are no votes. */
  readonly arena: ArenaRatings | null
}

/**
 * The ranked leaderboard with intervals (every repeat counts; runs with the bots' current parameters unless
 * `allParams`), its categories (with their points) and the Arena's ratings, as the formatters take them.
 */
export const loadLeaderboard = (column: SortColumn = "total", options: Omit<BoardOptions, "sort"> = {}): Effect.Effect<LeaderboardData, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const [{ rows, categories, prompts }, arena] = yield* Effect.all([loadStatsBoard({ ...options, sort: column }), loadArena()])
    return { rows, categories: summarizeCategories(categories, prompts), names: promptNames(prompts), arena }
  })

export interface ExportOptions extends Omit<BoardOptions, "sort"> {
  /** Every bot, prompt, run and score too: what `llp import` needs. */
  readonly details?: boolean
  readonly sort?: SortColumn
  /** Defaults to now. */
  readonly exportedAt?: string
}

/** The export document of the workspace's leaderboard, with or without details. */
export const exportDocument = (options: ExportOptions = {}): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const { details, exportedAt, sort, ...board } = options
    const { rows, categories: summary, names, arena } = yield* loadLeaderboard(sort ?? "total", board)
    const cells = arena ? arenaCells(arena) : undefined
    if (!details) return makeDocument(rows, summary, undefined, exportedAt, cells, names)
    const [categories, bots, prompts, runs, scores, arenaVotes] = yield* Effect.all([
      store.listCategories(),
      store.listBots(),
      store.listPrompts(),
      store.listRuns(),
      store.listScores(),
      store.listArenaVotes()
    ])
    return makeDocument(rows, summary, { categories, bots, prompts, runs, scores, arenaVotes }, exportedAt, cells, names)
  })

/** Everything in the workspace as one document: what `llp export --format json --details` writes. */
export const exportDetails = (exportedAt?: string): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  exportDocument(exportedAt === undefined ? { details: true } : { details: true, exportedAt })
