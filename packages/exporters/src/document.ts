import { ArenaVerdict, ArenaVoteSource, CategoryKey, LoadParams, ModelMeta, PromptInput, PromptSlug, RunStatus, SamplingParams, ScoreSource, SpeedSource } from "@llp/core"
import * as Schema from "effect/Schema"
import { DocumentJudgeScore } from "./judge.js"
import { DocumentBench, DocumentMachine, RunSpeedFields } from "./machine.js"

/** The value of the document's `version` field that this package writes and reads. */
export const DOCUMENT_VERSION = 1 as const

const Count = Schema.Int.pipe(Schema.nonNegative())
const Points = Schema.Number.pipe(Schema.nonNegative())

/** A category of the leaderboard: its key, title and the points its prompts are worth together. */
export const DocumentCategory = Schema.Struct({
  key: CategoryKey,
  title: Schema.String,
  points: Points,
  /** With details only: what it takes to recreate the category in another workspace. */
  order: Schema.optional(Schema.Int),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  systemPrompt: Schema.optional(Schema.String)
})
export type DocumentCategory = typeof DocumentCategory.Type

export const DocumentRow = Schema.Struct({
  /** 1-based position in the exported order. */
  rank: Schema.Int.pipe(Schema.positive()),
  bot: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  /** Counted points per category key, in the order of `categories`. */
  points: Schema.Record({ key: Schema.String, value: Schema.Number }),
  total: Schema.Number,
  stars: Schema.Number,
  avgTokensPerSecond: Schema.NullOr(Schema.Number),
  /** Warm time to first token (model loads left out), on the document's `machine`. */
  avgTtftMs: Schema.NullOr(Schema.Number),
  /** Mean model load time over the runs that loaded the model. */
  avgLoadMs: Schema.optional(Schema.NullOr(Schema.Number)),
  scored: Count,
  prompts: Count,
  runs: Count,
  /** Issue 12: intervals, speed spreads, tied rank, flaky prompts. */
  stats: Schema.optional(
    Schema.Struct({
      rank: Schema.String,
      tied: Schema.Boolean,
      total: Schema.Struct({ low: Schema.Number, high: Schema.Number }),
      points: Schema.Record({ key: Schema.String, value: Schema.Struct({ low: Schema.Number, high: Schema.Number }) }),
      tokensPerSecond: Schema.NullOr(Schema.Struct({ median: Schema.Number, p10: Schema.Number, p90: Schema.Number, n: Count })),
      ttftMs: Schema.NullOr(Schema.Struct({ median: Schema.Number, p10: Schema.Number, p90: Schema.Number, n: Count })),
      repeats: Count,
      flaky: Schema.Array(Schema.Struct({ category: Schema.String, prompt: Schema.String }))
    })
  ),
  /** Only when the workspace has Arena votes: the bot's Bradley–Terry rating (Elo scale) and 95 % interval; null when unrated. */
  arena: Schema.optional(Schema.NullOr(Schema.Struct({ rating: Schema.Number, low: Schema.Number, high: Schema.Number, votes: Count })))
})
export type DocumentRow = typeof DocumentRow.Type

/** A bot, without its workspace-local id and timestamps: bots are matched by name. */
export const DocumentBot = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1, { message: () => "name must not be empty" })),
  provider: Schema.String,
  model: Schema.String,
  load: LoadParams,
  sampling: SamplingParams,
  meta: ModelMeta,
  notes: Schema.String
})
export type DocumentBot = typeof DocumentBot.Type

/** A prompt as a suite holds it, plus whether a person edited it in LLP. Matched by (category, slug). */
export const DocumentPrompt = Schema.Struct({
  ...PromptInput.fields,
  edited: Schema.Boolean
})
export type DocumentPrompt = typeof DocumentPrompt.Type

const NullableNumber = Schema.NullOr(Schema.Number)

/** A run; it names its bot, category and prompt. Matched by (bot, category, prompt, startedAt). */
export const DocumentRun = Schema.Struct({
  bot: Schema.String,
  category: CategoryKey,
  prompt: PromptSlug,
  startedAt: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  answeredModel: Schema.NullOr(Schema.String),
  demo: Schema.Boolean,
  status: RunStatus,
  request: Schema.Unknown,
  output: Schema.String,
  reasoning: Schema.String,
  error: Schema.NullOr(Schema.String),
  endedAt: Schema.NullOr(Schema.String),
  ttftMs: NullableNumber,
  generationMs: NullableNumber,
  totalMs: NullableNumber,
  promptTokens: NullableNumber,
  completionTokens: NullableNumber,
  tokensPerSecond: NullableNumber,
  speedSource: Schema.NullOr(SpeedSource),
  serverTtftMs: NullableNumber,
  stopReason: Schema.NullOr(Schema.String),
  serverStats: Schema.Unknown,
  modelInfo: Schema.Unknown,
  runtime: Schema.Unknown,
  ...RunSpeedFields,
  /** The load and sampling parameters the run was sent, and their key (issue 12); absent in older exports. */
  sentParams: Schema.optional(Schema.Unknown),
  paramsKey: Schema.optional(Schema.NullOr(Schema.String))
})
export type DocumentRun = typeof DocumentRun.Type

/** A score; (bot, category, prompt, startedAt) names its run. Listed in the order they were given. */
export const DocumentScore = Schema.Struct({
  bot: Schema.String,
  category: CategoryKey,
  prompt: PromptSlug,
  startedAt: Schema.String,
  points: Points,
  note: Schema.String,
  source: ScoreSource,
  pinned: Schema.Boolean,
  detail: Schema.Unknown
})
export type DocumentScore = typeof DocumentScore.Type

const RunRef = Schema.Struct({ bot: Schema.String, category: CategoryKey, prompt: PromptSlug, startedAt: Schema.String })

/** An Arena vote: the two runs on the sides they were shown, named as runs are. */
export const DocumentArenaVote = Schema.Struct({
  left: RunRef,
  right: RunRef,
  verdict: ArenaVerdict,
  source: ArenaVoteSource,
  createdAt: Schema.String,
  duel: Schema.NullOr(Schema.String)
})
export type DocumentArenaVote = typeof DocumentArenaVote.Type

const PairVerdict = Schema.Literal("A", "B", "tie")

/** A judge's pairwise verdict on two runs of one prompt, asked in both orders: swap consistency survives an export. */
export const DocumentJudgePair = Schema.Struct({
  judge: Schema.String,
  a: RunRef,
  b: RunRef,
  asked: PairVerdict,
  swapped: PairVerdict,
  outcome: Schema.Literal("a", "b", "tie"),
  consistent: Schema.Boolean,
  raw: Schema.Array(Schema.String),
  createdAt: Schema.String
})
export type DocumentJudgePair = typeof DocumentJudgePair.Type

/**
 * An LLP export: `{ llp: "leaderboard", version: 1, exportedAt, categories, leaderboard }`, and with
 * details also `bots`, `prompts`, `runs` and `scores`. See the package README for every field.
 */
export const LeaderboardDocument = Schema.Struct({
  llp: Schema.Literal("leaderboard").annotations({
    message: () => `expected "leaderboard": this is not an LLP leaderboard export`
  }),
  version: Schema.Literal(DOCUMENT_VERSION).annotations({
    message: (issue) => `expected ${DOCUMENT_VERSION}: this LLP reads version ${DOCUMENT_VERSION} exports, the file says ${JSON.stringify(issue.actual)}`
  }),
  exportedAt: Schema.String,
  categories: Schema.Array(DocumentCategory),
  leaderboard: Schema.Array(DocumentRow),
  bots: Schema.optional(Schema.Array(DocumentBot)),
  prompts: Schema.optional(Schema.Array(DocumentPrompt)),
  runs: Schema.optional(Schema.Array(DocumentRun)),
  scores: Schema.optional(Schema.Array(DocumentScore)),
  /** The machine the leaderboard's speed columns are for (null: every machine's runs). */
  machine: Schema.optional(Schema.NullOr(DocumentMachine)),
  /** With details: every machine profile the runs and bench results point to. */
  machines: Schema.optional(Schema.Array(DocumentMachine)),
  bench: Schema.optional(Schema.Array(DocumentBench)),
  /** With details, when there are any. */
  arenaVotes: Schema.optional(Schema.Array(DocumentArenaVote)),
  /** With details, when there are any: the judges' suggestions (issue 14). */
  judgeScores: Schema.optional(Schema.Array(DocumentJudgeScore)),
  /** With details, when there are any: the judges' pairwise verdicts in both orders (issue 14). */
  judgePairs: Schema.optional(Schema.Array(DocumentJudgePair))
})
export type LeaderboardDocument = typeof LeaderboardDocument.Type

/** A document with its details: what `--details` writes and `importDocument` reads. */
export type DetailedDocument = LeaderboardDocument & {
  readonly bots: ReadonlyArray<DocumentBot>
  readonly prompts: ReadonlyArray<DocumentPrompt>
  readonly runs: ReadonlyArray<DocumentRun>
  readonly scores: ReadonlyArray<DocumentScore>
}

export const hasDetails = (doc: LeaderboardDocument): doc is DetailedDocument =>
  doc.bots !== undefined && doc.prompts !== undefined && doc.runs !== undefined && doc.scores !== undefined

/** The key a run is known by across workspaces. */
export const runKey = (r: { readonly bot: string; readonly category: string; readonly prompt: string; readonly startedAt: string }): string =>
  JSON.stringify([r.bot, r.category, r.prompt, r.startedAt])

export const promptKey = (p: { readonly category: string; readonly slug: string }): string => JSON.stringify([p.category, p.slug])
