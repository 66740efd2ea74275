import { type BoardOptions, type LeaderboardRow, loadStatsBoard, type SortColumn, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import type { LeaderboardDocument } from "./document.js"
import { makeDocument } from "./json.js"
import { type CategorySummary, type PromptName, promptNames, summarizeCategories } from "./rows.js"

export interface LeaderboardData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  /** Prompt ids to names, for the flaky prompts. */
  readonly names: ReadonlyMap<number, PromptName>
}

/**
 * The ranked leaderboard with intervals (every repeat counts; runs with the bots' current parameters unless
 * `allParams`) and its categories (with their points), as the formatters take them.
 */
export const loadLeaderboard = (column: SortColumn = "total", options: Omit<BoardOptions, "sort"> = {}): Effect.Effect<LeaderboardData, StoreFailure, Store.Store> =>
  Effect.map(loadStatsBoard({ ...options, sort: column }), ({ rows, categories, prompts }) => ({
    rows,
    categories: summarizeCategories(categories, prompts),
    names: promptNames(prompts)
  }))

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
    const { rows, categories: summary, names } = yield* loadLeaderboard(sort ?? "total", board)
    if (!details) return makeDocument(rows, summary, undefined, exportedAt, names)
    const [categories, bots, prompts, runs, scores] = yield* Effect.all([store.listCategories(), store.listBots(), store.listPrompts(), store.listRuns(), store.listScores()])
    return makeDocument(rows, summary, { categories, bots, prompts, runs, scores }, exportedAt, names)
  })

/** Everything in the workspace as one document: what `llp export --format json --details` writes. */
export const exportDetails = (exportedAt?: string): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  exportDocument(exportedAt === undefined ? { details: true } : { details: true, exportedAt })
