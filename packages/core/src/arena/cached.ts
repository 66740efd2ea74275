import * as Effect from "effect/Effect"
import type { ArenaVoteSource } from "../domain/Arena.js"
import { Store, type StoreFailure } from "../services/Store.js"
import { arenaRatings, type ArenaRatings } from "./ratings.js"

/** Bumped when ArenaRatings changes shape or meaning, so that old cache entries are not read. */
const CACHE_VERSION = 1

export interface CachedRatingsOptions {
  readonly category?: string | undefined
  readonly source?: ArenaVoteSource | undefined
  readonly seed: number
  readonly rounds: number
}

/**
 * The Arena's ratings (no style control) of the votes the options pick, from the store's cache while no vote
 * changed since they were computed, else fitted and cached. The change counter is read before the votes, so an
 * entry may be marked older than its votes (and fitted again), never newer.
 */
export const cachedArenaRatings = (options: CachedRatingsOptions): Effect.Effect<ArenaRatings, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const key = `v${CACHE_VERSION}:${options.category ?? "*"}:${options.source ?? "*"}:${options.seed}:${options.rounds}`
    const cached = yield* store.readArenaCache(key)
    if (cached.data !== null) return JSON.parse(cached.data) as ArenaRatings
    const votes = yield* store.listArenaVotes({ ...(options.category !== undefined ? { category: options.category } : {}), ...(options.source !== undefined ? { source: options.source } : {}) })
    const ratings = arenaRatings(
      votes.map((v) => ({ left: v.leftBotId, right: v.rightBotId, verdict: v.verdict })),
      { seed: options.seed, rounds: options.rounds }
    )
    yield* store.writeArenaCache(key, cached.epoch, JSON.stringify(ratings))
    return ratings
  })
