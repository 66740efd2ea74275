/**
 * A small seeded PRNG (mulberry32) for the Arena's bootstrap and duel sampling, so that the same seed
 * gives the same intervals and the same duel. Kept in this one file: the stats package has its own,
 * and the two are meant to be unified.
 */
export type ArenaRandom = () => number

export const arenaRandom = (seed: number): ArenaRandom => {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in 0 … n−1. */
export const randomIndex = (random: ArenaRandom, n: number): number => Math.min(n - 1, Math.floor(random() * n))
