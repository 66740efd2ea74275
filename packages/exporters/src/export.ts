import { addJudgePoints, type ArenaRatings, type LeaderboardRow, rank, type SortColumn, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import { arenaCells, loadArena } from "./arena.js"
import type { LeaderboardDocument } from "./document.js"
import { makeDocument } from "./json.js"
import { type CategorySummary, summarizeCategories } from "./rows.js"

export interface LeaderboardData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  /** The Arena's ratings; null when there are no votes. */
  readonly arena: ArenaRatings | null
}

/** The ranked leaderboard and its categories (with their points), as the formatters take them. */
export const loadLeaderboard = (column: SortColumn = "total", withJudge = false): Effect.Effect<LeaderboardData, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const [categories, prompts, totals, arena] = yield* Effect.all([store.listCategories(), store.listPrompts(), leaderboardTotals(withJudge), loadArena()])
    return { rows: rank(totals, categories, prompts.length, column), categories: summarizeCategories(categories, prompts), arena }
  })

/** The store's totals; with `withJudge`, judge suggestions count where a bot has no score of its own. */
const leaderboardTotals = (withJudge: boolean) =>
  Effect.flatMap(Store.Store, (store) =>
    withJudge ? Effect.map(Effect.all([store.leaderboard(), store.judgePoints()]), ([t, j]) => addJudgePoints(t, j)) : store.leaderboard()
  )

export interface ExportOptions {
  /** Count judge suggestions where a bot has no score of its own (shown apart in each row's `judge`). */
  readonly withJudge?: boolean
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
    const [categories, prompts, totals, arena] = yield* Effect.all([store.listCategories(), store.listPrompts(), leaderboardTotals(options.withJudge === true), loadArena()])
    const rows = rank(totals, categories, prompts.length, options.sort ?? "total")
    const summary = summarizeCategories(categories, prompts)
    const cells = arena ? arenaCells(arena) : undefined
    if (!options.details) return makeDocument(rows, summary, undefined, options.exportedAt, cells)
    const [bots, runs, scores, arenaVotes] = yield* Effect.all([store.listBots(), store.listRuns(), store.listScores(), store.listArenaVotes()])
    return makeDocument(rows, summary, { categories, bots, prompts, runs, scores, arenaVotes }, options.exportedAt, cells)
  })

/** Everything in the workspace as one document: what `llp export --format json --details` writes. */
export const exportDetails = (exportedAt?: string): Effect.Effect<LeaderboardDocument, StoreFailure, Store.Store> =>
  exportDocument(exportedAt === undefined ? { details: true } : { details: true, exportedAt })
