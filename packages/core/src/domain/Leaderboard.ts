import * as Schema from "effect/Schema"

export const JudgeShare = Schema.Struct({
  points: Schema.Record({ key: Schema.String, value: Schema.Number }),
  total: Schema.Number,
  /** Prompts counted from a judge's suggestion. */
  scored: Schema.Int
})
export type JudgeShare = typeof JudgeShare.Type

export const LeaderboardRow = Schema.Struct({
  botId: Schema.Int,
  bot: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  /** Counted points per category key. */
  points: Schema.Record({ key: Schema.String, value: Schema.Number }),
  total: Schema.Number,
  /** total / 1000: the seed's 5-star equivalent. */
  stars: Schema.Number,
  /** Mean tokens/s over complete runs; null when there are none. */
  avgTokensPerSecond: Schema.NullOr(Schema.Number),
  avgTtftMs: Schema.NullOr(Schema.Number),
  /** Prompts with a counted score. */
  scored: Schema.Int,
  /** Prompts in the suites. */
  prompts: Schema.Int,
  /** Runs made, all statuses. */
  runs: Schema.Int,
  /** With judge suggestions counted (--with-judge): the judge's share of the points, shown apart. */
  judge: Schema.optional(JudgeShare)
})
export type LeaderboardRow = typeof LeaderboardRow.Type

/** The raw aggregates a store returns, one per bot; `rank` turns them into rows. */
export interface LeaderboardTotals {
  readonly botId: number
  readonly bot: string
  readonly provider: string
  readonly model: string
  readonly points: Readonly<Record<string, number>>
  readonly scored: number
  readonly runs: number
  readonly avgTokensPerSecond: number | null
  readonly avgTtftMs: number | null
  readonly judge?: JudgeShare
}
