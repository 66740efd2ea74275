import { percentileInterval, type Bounds, type ResampleOptions } from "./bootstrap.js"
import { mean } from "./percentile.js"
import { randomIndex } from "./random.js"

/**
 * Two-sided p-value of "the differences are centred on 0", by random sign flips (a paired permutation test):
 * under no difference each difference is as likely to have the other sign. p = (1 + flips at least as extreme)
 * / (1 + resamples), never 0, valid at any sample size. 1 for no differences.
 */
export const signFlipTest = (differences: ArrayLike<number>, options: ResampleOptions): number => {
  const n = differences.length
  if (n === 0) return 1
  let observed = 0
  for (let i = 0; i < n; i++) observed += differences[i]!
  observed = Math.abs(observed)
  // a sum equal to the observed one up to rounding counts as "as extreme"
  const tolerance = 1e-9 * (1 + observed)
  let extreme = 0
  for (let b = 0; b < options.resamples; b++) {
    let s = 0
    for (let i = 0; i < n; i++) s += options.random() < 0.5 ? differences[i]! : -differences[i]!
    if (Math.abs(s) >= observed - tolerance) extreme++
  }
  return (1 + extreme) / (1 + options.resamples)
}

/** The mean of paired differences with its percentile bootstrap interval (pairs resampled with replacement). */
export const pairedBootstrapMean = (differences: ArrayLike<number>, options: ResampleOptions & { readonly level?: number }): Bounds & { readonly mean: number } => {
  const n = differences.length
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN }
  const replicates = new Float64Array(options.resamples)
  for (let b = 0; b < options.resamples; b++) {
    let s = 0
    for (let i = 0; i < n; i++) s += differences[randomIndex(options.random, n)]!
    replicates[b] = s / n
  }
  return { mean: mean(differences), ...percentileInterval(replicates, options.level ?? 0.95) }
}
