import { mean, variance } from "../stats/percentile.js"

/** Mean and sample standard deviation (n − 1), as llama-bench reports "mean ± sd"; sd is null for one value. */
export interface MeanSd {
  readonly mean: number
  readonly sd: number | null
  readonly n: number
}

export const meanSd = (values: ReadonlyArray<number>): MeanSd | null => {
  const xs = values.filter((v) => Number.isFinite(v))
  if (xs.length === 0) return null
  const m = mean(xs)
  return xs.length === 1 ? { mean: m, sd: null, n: 1 } : { mean: m, sd: Math.sqrt(variance(xs)), n: xs.length }
}

/** "120.6 ± 0.6" (one decimal), "120.6" for one value, "—" for none. */
export const formatMeanSd = (m: MeanSd | null, digits = 1): string =>
  m === null ? "—" : m.sd === null ? m.mean.toFixed(digits) : `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)}`

/** One power reading: when (ms, any clock) and the draw of every GPU together (W). */
export interface PowerSample {
  readonly atMs: number
  readonly watts: number
}

/**
 * Energy above idle over the samples (trapezoids of watts − idle, never below 0), in joules.
 * null with fewer than two samples: one reading says nothing about a duration.
 */
export const energyAboveIdle = (samples: ReadonlyArray<PowerSample>, idleWatts: number): number | null => {
  const s = [...samples].filter((x) => Number.isFinite(x.watts) && Number.isFinite(x.atMs)).sort((a, b) => a.atMs - b.atMs)
  if (s.length < 2) return null
  let joules = 0
  for (let i = 1; i < s.length; i++) {
    const a = Math.max(0, s[i - 1]!.watts - idleWatts)
    const b = Math.max(0, s[i]!.watts - idleWatts)
    joules += ((a + b) / 2) * ((s[i]!.atMs - s[i - 1]!.atMs) / 1000)
  }
  return joules
}
