import type { Bounds } from "./bootstrap.js"
import type { Spread } from "./percentile.js"

const number = (x: number, digits: number): string =>
  x.toLocaleString("en", { minimumFractionDigits: 0, maximumFractionDigits: digits })

/** Whole numbers from 10 up, one decimal below. */
const rangeNumber = (x: number): string => number(x, Math.abs(x) >= 10 ? 0 : 1)

/** Points as the leaderboard shows them: whole numbers from 100 up, one decimal below. */
export const pointsText = (x: number): string => number(x, Math.abs(x) >= 100 ? 0 : 1)

/** `2,310 ±48`: points with half the width of their interval (nothing scored: just `0`). */
export const pointsWithInterval = (points: number, interval: Bounds | undefined): string =>
  interval === undefined || (points === 0 && interval.low === interval.high) ? pointsText(points) : `${pointsText(points)} ±${rangeNumber((interval.high - interval.low) / 2)}`

/** `41.2 tok/s (38–44)`: the median with p10–p90; `—` for none. `unit` is appended to the median. */
export const spreadText = (s: Spread | null, unit = "", scale = 1): string => {
  if (s === null) return "—"
  const median = s.median / scale
  return `${number(median, median >= 100 ? 0 : 1)}${unit} (${rangeNumber(s.p10 / scale)}–${rangeNumber(s.p90 / scale)})`
}

/** Time to first token in seconds with p10–p90: `0.42 s (0.38–0.51)`. */
export const ttftText = (s: Spread | null): string =>
  s === null ? "—" : `${(s.median / 1000).toFixed(2)} s (${(s.p10 / 1000).toFixed(2)}–${(s.p90 / 1000).toFixed(2)})`

/** The advice under a verdict: settled, how many more repeats would likely settle it, or that they would not. */
export const settleText = (r: { readonly verdict: string; readonly moreRepeats: number | null; readonly prompts: number }): string => {
  if (r.prompts < 2) return "too few prompts answered by both to tell"
  if (r.moreRepeats === 0) return "settled"
  if (r.moreRepeats === null) return "more repeats would likely not settle it (the gap is small next to the prompt-to-prompt spread)"
  return `about ${r.moreRepeats} more repeat${r.moreRepeats === 1 ? "" : "s"} of each prompt would likely settle it`
}

/** A difference with its sign: `+1.2`, `−1.2`, `±0.0` (what rounds to zero has no direction). */
export const signed = (x: number, digits = 1): string => {
  const text = Math.abs(x).toFixed(digits)
  return `${Number(text) === 0 ? "±" : x > 0 ? "+" : "−"}${text}`
}

/** One line of a comparison: `+2.4 (95 %: +1.1 … +3.8), p = 0.002: better`. */
export const pairedText = (
  r: { readonly meanDifference: number; readonly low: number; readonly high: number; readonly pValue: number; readonly verdict: string; readonly prompts: number; readonly moreRepeats: number | null },
  digits = 1
): string => {
  if (r.prompts === 0) return "no prompt with figures from both"
  const p = r.pValue < 0.001 ? "p < 0.001" : `p = ${r.pValue.toFixed(3)}`
  const advice = r.verdict === "can't tell yet" ? `; ${settleText(r)}` : ""
  return `${signed(r.meanDifference, digits)} (95 %: ${signed(r.low, digits)} … ${signed(r.high, digits)}), ${p}: ${r.verdict}${advice}`
}
