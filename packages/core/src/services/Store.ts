import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { ArenaVote, ArenaVoteInput, ArenaVoteResult } from "../domain/Arena.js"
import type { Bot, BotInput, BotPatch } from "../domain/Bot.js"
import type { Category } from "../domain/Category.js"
import type { BotGroup } from "../domain/Group.js"
import type { LeaderboardTotals } from "../domain/Leaderboard.js"
import type { Prompt, PromptInput } from "../domain/Prompt.js"
import type { ManualRun, Run, RunFilter, RunProgress, RunStart } from "../domain/Run.js"
import type { Score, ScoreInput } from "../domain/Score.js"
import type { Machine, MachineProfile } from "../domain/Machine.js"
import type { BenchInput, BenchResult } from "../domain/Bench.js"
import type { InvalidInput, StoreError } from "../errors.js"
import type { Suite } from "../suite/Suite.js"
import type { JudgePair, JudgePairInput, JudgePoints, JudgeScore, JudgeScoreFilter, JudgeScoreInput } from "../judge/types.js"
import type { BotSamples } from "../stats/samples.js"

/** Which runs the statistics read (issue 12). */
/** Which runs a bot's speed averages come from (`speedByBot`). */
export interface SpeedFilter {
  /** false (the default): runs made with the bot's current parameters (and runs made before LLP recorded them); true: every run. */
  readonly allParams?: boolean
}

export interface StatSampleFilter {
  /** Only these bots; every bot when absent. */
  readonly botIds?: ReadonlyArray<number>
  /**
   * false (the default): only runs made with the bot's current parameters (plus pinned scores, and runs made
   * before LLP recorded parameters); true: every run.
   */
  readonly allParams?: boolean
  /** Speeds from this machine profile's runs only (issue 15); null or absent: every machine's. */
  readonly machineId?: number | null
}

/** A bot's samples with its change counter: a cache entry made from them is current while the counter is. */
export interface BotSampleSet extends BotSamples {
  readonly epoch: number
}

/** A cached statistics entry of a bot (opaque text to the store). */
export interface StatsCacheEntry {
  readonly botId: number
  readonly epoch: number
  readonly data: string
}

/** A full-text search hit: the item, a snippet with the matches between [ and ], and its bm25 rank (lower is better). */
export interface SearchHit<A> {
  readonly item: A
  readonly snippet: string
  readonly rank: number
}

export interface OutputHit {
  readonly runId: number
  readonly botId: number
  readonly bot: string
  readonly promptId: number
  readonly promptTitle: string
  readonly category: string
  readonly snippet: string
  readonly rank: number
}

export interface SuiteLoadReport {
  readonly category: string
  readonly added: number
  readonly updated: number
  readonly unchanged: number
  /** Prompts a person edited in LLP, left as they are. */
  readonly keptEdited: number
}

export interface PromptPatch {
  readonly title?: string
  readonly text?: string
  readonly points?: number
  readonly temperature?: number | null
  readonly useSystemPrompt?: boolean
  readonly group?: string | null
  readonly rubric?: PromptInput["rubric"]
  readonly order?: number
}

/** A score with the run, bot and prompt it belongs to. */
export interface ScoredRun {
  readonly score: Score
  readonly run: Run
  /** Whether this score is the one the leaderboard counts for its bot and prompt. */
  readonly counted: boolean
}

export type StoreFailure = StoreError | InvalidInput

/** A bot's speed figures over its complete runs on one machine (or all). */
export interface SpeedTotals {
  readonly botId: number
  readonly runs: number
  readonly avgTokensPerSecond: number | null
  /** Mean time to first token without model loads (a run from before 0006 counts its own TTFT). */
  readonly avgWarmTtftMs: number | null
  /** Mean load time over the runs that loaded the model. */
  readonly avgLoadMs: number | null
  readonly coldRuns: number
}

/**
 * Where LLP keeps bots, suites, runs and scores. `@llp/store-sqlite` implements it on SQLite with FTS5.
 * Search methods take what a person types and never fail on query syntax.
 *
 * What every store does alike (the shared suite `@llp/testkit/store-contract` checks it on each):
 * - Errors: an unknown id or key is StoreError NotFound ("no bot with id 42", "no run 7", "no category k",
 *   "no prompt with id 7"); a name or key taken is Conflict; a call the stored state forbids (pinning an unscored
 *   run) is Invalid; a bad value is InvalidInput naming its field. A refused write stores nothing.
 * - Ids are positive integers given in creation order: "newest" and "oldest" mean by id, not by a timestamp.
 *   Timestamps are ISO-8601 text, given back as stored. Averages are plain means (the suite compares them to 9 decimals).
 * - Names compare ignoring case (ASCII letters at least); lists say their order, the others have none.
 * - Search: matches in the snippet between [ and ], text cut away marked with …; `rank` lower is better. Words are
 *   stemmed (English); "a phrase", prefix*, -excluded; diacritics and đ/d are folded (Vietnamese typed without
 *   accents finds the accented text, NFC or NFD). A query with nothing searchable (empty, only syntax) answers [].
 *   `limit`: 20 when absent or not finite, else floored and kept within 1 … 500.
 */
export interface Service {
  // bots
  /** By name ignoring case, then id. */
  readonly listBots: () => Effect.Effect<ReadonlyArray<Bot>, StoreFailure>
  readonly getBot: (id: number) => Effect.Effect<Bot, StoreFailure>
  /** By exact name (trimmed, any case), or by id when given digits (else the bot of that name). */
  readonly findBot: (nameOrId: string) => Effect.Effect<Bot, StoreFailure>
  /** Conflict when another bot has the name in any case, or a name whose answer files would be the same (botFileKey). */
  readonly createBot: (input: BotInput) => Effect.Effect<Bot, StoreFailure>
  readonly updateBot: (id: number, patch: BotPatch) => Effect.Effect<Bot, StoreFailure>
  /** Deletes the bot with its runs and scores. */
  readonly removeBot: (id: number) => Effect.Effect<void, StoreFailure>
  /** Every word also matches as a prefix (as you type). */
  readonly searchBots: (query: string, limit?: number) => Effect.Effect<ReadonlyArray<SearchHit<Bot>>, StoreFailure>

  // groups: a sweep's variants of a base bot
  /** Oldest first; each group's botIds in the order they joined. */
  readonly listGroups: () => Effect.Effect<ReadonlyArray<BotGroup>, StoreFailure>
  /** By exact name, any case; NotFound when there is none. */
  readonly findGroup: (name: string) => Effect.Effect<BotGroup, StoreFailure>
  /** The group of that name, created for the base when missing; Conflict when the name is a bot's or another base's group. */
  readonly ensureGroup: (name: string, baseBotId: number) => Effect.Effect<BotGroup, StoreFailure>
  /** Adds a bot to a group (nothing when it is a member already). */
  readonly addToGroup: (groupId: number, botId: number) => Effect.Effect<BotGroup, StoreFailure>

  // categories and prompts
  /** By order, then key. */
  readonly listCategories: () => Effect.Effect<ReadonlyArray<Category>, StoreFailure>
  readonly getCategory: (key: string) => Effect.Effect<Category, StoreFailure>
  readonly saveCategory: (category: Category) => Effect.Effect<Category, StoreFailure>
  /** Deletes the category with its prompts, their runs and scores. */
  readonly removeCategory: (key: string) => Effect.Effect<void, StoreFailure>
  /** By category (its order, then key), then the prompt's order, then id. */
  readonly listPrompts: (category?: string) => Effect.Effect<ReadonlyArray<Prompt>, StoreFailure>
  readonly getPrompt: (id: number) => Effect.Effect<Prompt, StoreFailure>
  readonly createPrompt: (input: PromptInput) => Effect.Effect<Prompt, StoreFailure>
  /** A person's edit: marks the prompt edited so that suite reloads keep it. */
  readonly updatePrompt: (id: number, patch: PromptPatch) => Effect.Effect<Prompt, StoreFailure>
  readonly removePrompt: (id: number) => Effect.Effect<void, StoreFailure>
  /** The last word also matches as a prefix; a title match ranks above a text match. */
  readonly searchPrompts: (query: string, limit?: number) => Effect.Effect<ReadonlyArray<SearchHit<Prompt>>, StoreFailure>

  // suites
  /** Inserts what is missing, updates what changed in the file and was not edited in LLP. Idempotent. */
  readonly loadSuite: (suite: Suite) => Effect.Effect<SuiteLoadReport, StoreFailure>
  /** The category and its prompts as stored, for writing back to a suite file. */
  readonly exportSuite: (key: string) => Effect.Effect<Suite, StoreFailure>

  // runs
  /** Writes the run row as `streaming` (conduct does so once the first token is shown, or soon after the request). */
  readonly startRun: (start: RunStart) => Effect.Effect<Run, StoreFailure>
  readonly updateRun: (id: number, progress: RunProgress) => Effect.Effect<void, StoreFailure>
  /** A run made outside LLP, entered by hand; saved as complete. */
  readonly addManualRun: (run: ManualRun) => Effect.Effect<Run, StoreFailure>
  readonly getRun: (id: number) => Effect.Effect<Run, StoreFailure>
  /** Newest first (by id: the order they were stored, whatever their startedAt). */
  readonly listRuns: (filter?: RunFilter) => Effect.Effect<ReadonlyArray<Run>, StoreFailure>
  readonly removeRun: (id: number) => Effect.Effect<void, StoreFailure>
  readonly searchOutputs: (query: string, limit?: number) => Effect.Effect<ReadonlyArray<OutputHit>, StoreFailure>

  // scores
  /** Scores a run, replacing its previous score. Points must be within 0 … the prompt's points. */
  readonly scoreRun: (input: ScoreInput) => Effect.Effect<Score, StoreFailure>
  /** Makes this run's score the counted one for its bot and prompt (pinned = false: back to "latest"). */
  readonly pinRun: (runId: number, pinned: boolean) => Effect.Effect<void, StoreFailure>
  /** By bot id, category (order, key), prompt (order, id), then newest run first. */
  readonly listScores: (filter?: { readonly botId?: number; readonly category?: string }) => Effect.Effect<ReadonlyArray<ScoredRun>, StoreFailure>

  /**
   * Per bot: names, run counts, speed averages over complete runs, and points per category by the latest (or
   * pinned) scored run; one query over trigger-kept figures. The leaderboard LLP shows (`loadStatsBoard`) takes
   * names and run counts from here and recounts points as the mean of every repeat, with intervals.
   * One row per bot, by id, every bot even without runs; `runs` counts runs of any status.
   */
  readonly leaderboard: () => Effect.Effect<ReadonlyArray<LeaderboardTotals>, StoreFailure>

  // statistics (issue 12)
  /**
   * Per bot (by id): every scored run and every complete run's speed figures, filtered by parameters. A bot's epoch
   * changes whenever its samples may: a score written or removed, a run completing or its complete figures changing,
   * a run removed, the bot's parameters changed; a prompt's points or category changed or the prompt removed changes
   * every bot's. A streaming update does not.
   */
  readonly statSamples: (filter?: StatSampleFilter) => Effect.Effect<ReadonlyArray<BotSampleSet>, StoreFailure>
  /** The cached entries under a key whose bot has not changed since they were written (in no particular order). */
  readonly readStatsCache: (key: string) => Effect.Effect<ReadonlyArray<StatsCacheEntry>, StoreFailure>
  /** Replaces each bot's entry under the key; entries of bots that no longer exist are skipped. */
  readonly writeStatsCache: (key: string, entries: ReadonlyArray<StatsCacheEntry>) => Effect.Effect<void, StoreFailure>

  // the Arena
  /** Stores a vote at once; a duel id already voted on stores nothing and answers that vote with `duplicate`. */
  readonly addArenaVote: (input: ArenaVoteInput) => Effect.Effect<ArenaVoteResult, StoreFailure>
  readonly removeArenaVote: (id: number) => Effect.Effect<void, StoreFailure>
  /** Oldest first, with each run's bot and the prompt's category. */
  readonly listArenaVotes: (filter?: { readonly category?: string; readonly source?: ArenaVote["source"] }) => Effect.Effect<ReadonlyArray<ArenaVote>, StoreFailure>
  /**
   * The Arena's change counter, and the data cached under the key if it was computed at that count (else null).
   * The counter moves on every vote stored, removed or changed (a run's or prompt's delete too), a voted run
   * moved to another bot, a prompt's category changed.
   */
  readonly readArenaCache: (key: string) => Effect.Effect<{ readonly epoch: number; readonly data: string | null }, StoreFailure>
  /** Keeps the data under the key, marked with the counter read before it was computed. */
  readonly writeArenaCache: (key: string, epoch: number, data: string) => Effect.Effect<void, StoreFailure>
  /** What can meet in a duel: per bot and prompt, its newest complete run with text (ids only, no text); by prompt, then bot. */
  readonly listArenaAnswers: (category?: string) => Effect.Effect<ReadonlyArray<{ readonly runId: number; readonly botId: number; readonly promptId: number }>, StoreFailure>

  // judge (suggestions, kept apart from scores)
  /** Saves a judge's suggestion for a run, replacing that judge's previous one for the run. */
  readonly saveJudgeScore: (input: JudgeScoreInput) => Effect.Effect<JudgeScore, StoreFailure>
  /** By run, then judge. */
  readonly listJudgeScores: (filter?: JudgeScoreFilter) => Effect.Effect<ReadonlyArray<JudgeScore>, StoreFailure>
  /** Per bot × category: judge points on prompts the bot has no score for (the latest judged run's, whole rubric only); no order. */
  readonly judgePoints: () => Effect.Effect<ReadonlyArray<JudgePoints>, StoreFailure>
  /** Replaces that judge's verdict on the same two runs. */
  readonly saveJudgePair: (input: JudgePairInput) => Effect.Effect<JudgePair, StoreFailure>
  /** Oldest first. */
  readonly listJudgePairs: (filter?: { readonly judgeBotId?: number }) => Effect.Effect<ReadonlyArray<JudgePair>, StoreFailure>
  // machines and speed (issue 15)
  /**
   * The stored profile with this profile's fingerprint, inserted when new. `local`: probed here, not imported;
   * the first local machine of a workspace takes the runs that have none (made before machine profiles).
   */
  readonly saveMachine: (profile: MachineProfile, options?: { readonly local?: boolean }) => Effect.Effect<Machine, StoreFailure>
  readonly getMachine: (id: number) => Effect.Effect<Machine, StoreFailure>
  /** Oldest first. */
  readonly listMachines: () => Effect.Effect<ReadonlyArray<Machine>, StoreFailure>
  /**
   * Per bot (these bots, or every bot), over complete runs made on the machine (null: on every machine) with the
   * bot's current parameters (as statSamples: runs without a key count; `allParams`: every run); bots without
   * one are left out; no order.
   */
  readonly speedByBot: (machineId: number | null, botIds?: ReadonlyArray<number>, options?: SpeedFilter) => Effect.Effect<ReadonlyArray<SpeedTotals>, StoreFailure>
  readonly saveBench: (input: BenchInput) => Effect.Effect<BenchResult, StoreFailure>
  /** Newest first. */
  readonly listBench: (filter?: { readonly botId?: number; readonly machineId?: number }) => Effect.Effect<ReadonlyArray<BenchResult>, StoreFailure>
}

export class Store extends Context.Tag("@llp/core/Store")<Store, Service>() {}
