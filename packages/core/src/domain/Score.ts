import * as Schema from "effect/Schema"

export const ScoreSource = Schema.Literal("manual", "auto", "judge")
export type ScoreSource = typeof ScoreSource.Type

export const Score = Schema.Struct({
  id: Schema.Int,
  runId: Schema.Int,
  points: Schema.Number,
  note: Schema.String,
  source: ScoreSource,
  /** A pinned run's score counts for its bot and prompt even when a later run is scored. */
  pinned: Schema.Boolean,
  /** Breakdown and evidence of an automatic score (JSON). */
  detail: Schema.Unknown,
  createdAt: Schema.String
})
export type Score = typeof Score.Type

export interface ScoreInput {
  readonly runId: number
  readonly points: number
  readonly note?: string
  readonly source?: ScoreSource
  readonly detail?: unknown
}
