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
  /** Mean model load time over the runs that loaded the model (set when speeds come per machine). */
  avgLoadMs: Schema.optional(Schema.NullOr(Schema.Number)),
  /** Prompts with a counted score. */
  scored: Schema.Int,
  /** Prompts in the suites. */
  prompts: Schema.Int,
  /** Runs made, all statuses. */
  runs: Schema.Int,
  /** With judge suggestions counted (--with-judge): the judge's share of the points, shown apart. */
  judge: Schema.optional(JudgeShare),
  /** Intervals, speed spreads and tied ranks (issue 12); absent where a caller ranks bare totals. */
  stats: Schema.optional(
    Schema.Struct({
      /** Rank in total order; bots whose total intervals overlap the one above share it. */
      rank: Schema.Int,
      tied: Schema.Boolean,
      /** 95 % interval of the total. */
      total: Schema.Struct({ low: Schema.Number, high: Schema.Number }),
      /** 95 % interval per category key. */
      points: Schema.Record({ key: Schema.String, value: Schema.Struct({ low: Schema.Number, high: Schema.Number }) }),
      tokensPerSecond: Schema.NullOr(Schema.Struct({ median: Schema.Number, p10: Schema.Number, p90: Schema.Number, n: Schema.Int })),
      ttftMs: Schema.NullOr(Schema.Struct({ median: Schema.Number, p10: Schema.Number, p90: Schema.Number, n: Schema.Int })),
      /** Scored runs counted (every repeat). */
      repeats: Schema.Int,
      /** Prompts whose repeats spread over more than a third of their points, by id. */
      flaky: Schema.Array(Schema.Int)
    })
  )
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
  readonly judge?: JudgeShare | undefined
  readonly avgLoadMs?: number | null | undefined
}
