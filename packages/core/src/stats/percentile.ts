/**
 * The p-quantile (p in 0 … 1) of numbers sorted ascending, interpolated linearly between the two nearest
 * (type 7, what spreadsheets and NumPy use by default). NaN for no numbers.
 */
export const percentileSorted = (sorted: ArrayLike<number>, p: number): number => {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const at = Math.min(1, Math.max(0, p)) * (n - 1)
  const lo = Math.floor(at)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)
}

/** Sorted ascending copy, as a Float64Array (numeric sort, no string comparison). */
export const sortedNumbers = (values: ArrayLike<number> | Iterable<number>): Float64Array => Float64Array.from(values as ArrayLike<number>).sort()

/** The p-quantile of numbers in any order. */
export const percentile = (values: ArrayLike<number>, p: number): number => percentileSorted(sortedNumbers(values), p)

/** A middle and a range of typical values: median with the 10th and 90th percentiles. */
export interface Spread {
  readonly median: number
  readonly p10: number
  readonly p90: number
  /** How many values. */
  readonly n: number
}

/** Median with p10–p90 of the values; null when there are none. */
export const spread = (values: ArrayLike<number>): Spread | null => {
  if (values.length === 0) return null
  const s = sortedNumbers(values)
  return { median: percentileSorted(s, 0.5), p10: percentileSorted(s, 0.1), p90: percentileSorted(s, 0.9), n: s.length }
}

export const mean = (values: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return values.length === 0 ? Number.NaN : sum / values.length
}

/** Sample variance (n - 1 in the denominator); 0 for fewer than two values. */
export const variance = (values: ArrayLike<number>): number => {
  const n = values.length
  if (n < 2) return 0
  const m = mean(values)
  let ss = 0
  for (let i = 0; i < n; i++) ss += (values[i]! - m) ** 2
  return ss / (n - 1)
}
