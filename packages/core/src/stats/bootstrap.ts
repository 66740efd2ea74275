import { percentileSorted } from "./percentile.js"
import { randomIndex, type Random } from "./random.js"

export interface ResampleOptions {
  /** How many resamples (2,000 is the leaderboard's default). */
  readonly resamples: number
  readonly random: Random
}

/** A range with its level, e.g. the middle 95 % of the resampled values. */
export interface Bounds {
  readonly low: number
  readonly high: number
}

/**
 * The plain bootstrap: `resamples` times, draws items.length items with replacement and applies the statistic.
 * Returns the replicates; `percentileInterval` turns them into an interval. General on purpose: the Arena
 * resamples votes with it.
 */
export const bootstrap = <T>(items: ReadonlyArray<T>, statistic: (sample: ReadonlyArray<T>) => number, options: ResampleOptions): Float64Array => {
  const out = new Float64Array(options.resamples)
  const n = items.length
  const sample: Array<T> = new Array(n)
  for (let b = 0; b < options.resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = items[randomIndex(options.random, n)]!
    out[b] = statistic(sample)
  }
  return out
}

/** The percentile interval of replicates: the middle `level` (0.95 for 95 %) of them. Sorts the array in place. */
export const percentileInterval = (replicates: Float64Array, level = 0.95): Bounds => {
  replicates.sort()
  const tail = (1 - level) / 2
  return { low: percentileSorted(replicates, tail), high: percentileSorted(replicates, 1 - tail) }
}

/**
 * Replicates of the sum over groups of each group's mean, resampled on two levels: groups with replacement,
 * then each chosen group's values with replacement. For LLP a group is a prompt and its values the scores of
 * its repeats, so the sum is a bot's points on a category.
 *
 * With `weights` (a prompt's points), each group's values are first taken as shares of its weight, and a
 * resample puts a drawn share in each slot of the suite, times that slot's weight: what varies is how well
 * the bot does prompt to prompt, not which prompts the suite holds. The replicates are then shifted to centre
 * on the observed sum. Without weights every group weighs 1 and no shift is needed.
 *
 * Resampling both levels naively counts the repeat-to-repeat noise twice (it is already in the spread of
 * the group means), so the group means are first pulled towards their grand mean by as much as that noise
 * explains (Davison & Hinkley 1997, §3.8), and the in-group part is scaled to the noise's own size. Every
 * deviation is also widened by √(n/(n−1)), the bootstrap's small-sample correction. Groups with one value
 * add no in-group part: their noise stays in the spread of the means. With one group, no spread is known:
 * the replicates are the sum itself, and the interval has no width.
 */
export const twoLevelBootstrapSum = (
  groups: ReadonlyArray<ArrayLike<number>>,
  options: ResampleOptions & { readonly weights?: ArrayLike<number> }
): Float64Array => {
  const n = groups.length
  const out = new Float64Array(options.resamples)
  if (n === 0) return out
  const weights = new Float64Array(n)
  for (let i = 0; i < n; i++) weights[i] = options.weights === undefined ? 1 : options.weights[i]!
  // each group's values as shares of its weight, flat, with offsets: the loop below reads typed arrays only
  const lengths = new Int32Array(n)
  const offsets = new Int32Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    offsets[i] = total
    lengths[i] = groups[i]!.length
    total += lengths[i]!
  }
  const shares = new Float64Array(total)
  const means = new Float64Array(n)
  let grand = 0
  let observed = 0
  let weightSum = 0
  let withinSS = 0
  let withinDf = 0
  for (let i = 0; i < n; i++) {
    const g = groups[i]!
    const w = weights[i]!
    let s = 0
    for (let j = 0; j < g.length; j++) s += shares[offsets[i]! + j] = g[j]! / w
    means[i] = s / g.length
    grand += means[i]!
    observed += means[i]! * w
    weightSum += w
    for (let j = 0; j < g.length; j++) withinSS += (shares[offsets[i]! + j]! - means[i]!) ** 2
    withinDf += g.length - 1
  }
  grand /= n
  if (n === 1) return out.fill(observed)
  let between = 0
  for (let i = 0; i < n; i++) between += (means[i]! - grand) ** 2
  between /= n - 1
  // the noise variance a group mean carries (pooled over groups with repeats); only those groups get an in-group part
  const noise = withinDf > 0 ? withinSS / withinDf : 0
  let noiseOfMeans = 0
  for (let i = 0; i < n; i++) if (lengths[i]! > 1) noiseOfMeans += noise / lengths[i]!
  noiseOfMeans /= n
  const shrink = between > 0 ? Math.sqrt(Math.max(0, between - noiseOfMeans) / between) : 1
  const widen = Math.sqrt(n / (n - 1))
  const base = new Float64Array(n)
  const inGroup = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    base[i] = shrink * (means[i]! - grand)
    inGroup[i] = lengths[i]! > 1 ? Math.sqrt(lengths[i]! / (lengths[i]! - 1)) / lengths[i]! : 0
  }
  // Σ w_k (grand + widen·d_k) + (observed − grand·Σw) = observed + widen · Σ w_k d_k
  const random = options.random
  for (let b = 0; b < options.resamples; b++) {
    let sum = 0
    for (let k = 0; k < n; k++) {
      const i = (random() * n) | 0
      let deviation = base[i]!
      const r = lengths[i]!
      if (r > 1) {
        const at = offsets[i]!
        let s = 0
        for (let j = 0; j < r; j++) s += shares[at + ((random() * r) | 0)]!
        deviation += inGroup[i]! * (s - r * means[i]!)
      }
      sum += weights[k]! * deviation
    }
    out[b] = observed + widen * sum
  }
  return out
}
