import * as Schema from "effect/Schema"

/** left / right: that side's answer is better; tie: as good; bad: both bad (counted, not fitted). */
export const ArenaVerdict = Schema.Literal("left", "right", "tie", "bad")
export type ArenaVerdict = typeof ArenaVerdict.Type

/** Who voted: a person in the Arena, or the judge bot. */
export const ArenaVoteSource = Schema.Literal("manual", "judge")
export type ArenaVoteSource = typeof ArenaVoteSource.Type

export const ArenaVote = Schema.Struct({
  id: Schema.Int,
  /** The duel's opaque id; a duel is voted on once. Null for votes with no duel (imports from older files). */
  duel: Schema.NullOr(Schema.String),
  promptId: Schema.Int,
  category: Schema.String,
  leftRunId: Schema.Int,
  rightRunId: Schema.Int,
  leftBotId: Schema.Int,
  rightBotId: Schema.Int,
  verdict: ArenaVerdict,
  source: ArenaVoteSource,
  createdAt: Schema.String
})
export type ArenaVote = typeof ArenaVote.Type

export interface ArenaVoteInput {
  readonly duel: string | null
  readonly leftRunId: number
  readonly rightRunId: number
  readonly verdict: ArenaVerdict
  readonly source: ArenaVoteSource
  /** Defaults to now. */
  readonly createdAt?: string
}

/** What storing a vote did: `duplicate` when the duel already had a vote (the key pressed twice). */
export interface ArenaVoteResult {
  readonly vote: ArenaVote
  readonly duplicate: boolean
}
