/** A source of uniform numbers in [0, 1): the statistics take one instead of calling Math.random, so the same seed prints the same figures. */
export type Random = () => number

/**
 * A seeded generator (mulberry32): small, fast, 2^32 period; more than enough for resampling.
 * The seed is any number; its lowest 32 bits count.
 */
export const seededRandom = (seed: number): Random => {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A whole number in 0 … n - 1. */
export const randomIndex = (random: Random, n: number): number => Math.floor(random() * n)

/** A draw from the standard normal distribution (Box–Muller), for simulations. */
export const randomNormal = (random: Random): number => {
  const u = 1 - random() // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** A seed derived from a base seed and a few numbers (a bot id, a category's index), so each stream of draws is its own. */
export const deriveSeed = (seed: number, ...parts: ReadonlyArray<number>): number => {
  let h = (seed ^ 0x9e3779b9) | 0
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h | 0
}
