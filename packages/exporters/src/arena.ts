import { cachedArenaRatings, type ArenaRatings, type ArenaVote, type Run, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import type { DocumentArenaVote } from "./document.js"
import { round } from "./rows.js"

/** A bot's Arena figure as exports print it: whole Elo points. */
export interface ArenaCell {
  readonly rating: number
  readonly low: number
  readonly high: number
  readonly votes: number
}

/**
 * The Arena ratings of every vote (seed 1: the same data prints the same intervals), from the store's cache
 * while no vote changed (the fit with its bootstrap takes seconds at 100,000 votes); null when there are no votes.
 */
export const loadArena = (): Effect.Effect<ArenaRatings | null, StoreFailure, Store.Store> =>
  Effect.map(cachedArenaRatings({ seed: 1, rounds: 200 }), (ratings) => (ratings.votes === 0 ? null : ratings))

export const arenaCells = (ratings: ArenaRatings): ReadonlyMap<number, ArenaCell | null> =>
  new Map(
    ratings.ratings.map((r) => [
      r.botId,
      r.rating === null || r.low === null || r.high === null
        ? null
        : { rating: round(r.rating, 0), low: round(r.low, 0), high: round(r.high, 0), votes: r.wins + r.losses + r.ties + r.bothBad }
    ])
  )

/** The votes as a document holds them: runs named by (bot, category, prompt, startedAt), oldest first. */
export const documentArenaVotes = (
  votes: ReadonlyArray<ArenaVote>,
  runOf: (run: Run) => { readonly bot: string; readonly category: string; readonly prompt: string; readonly startedAt: string } | undefined,
  runs: ReadonlyMap<number, Run>
): Array<DocumentArenaVote> =>
  votes.flatMap((v) => {
    const left = runs.get(v.leftRunId)
    const right = runs.get(v.rightRunId)
    const l = left && runOf(left)
    const r = right && runOf(right)
    if (!l || !r) return []
    const ref = (x: typeof l) => ({ bot: x.bot, category: x.category, prompt: x.prompt, startedAt: x.startedAt })
    return [{ left: ref(l), right: ref(r), verdict: v.verdict, source: v.source, createdAt: v.createdAt, duel: v.duel }]
  })
