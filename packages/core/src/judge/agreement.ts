import type { RubricVerdict } from "./types.js"
import { mean } from "../stats/percentile.js"

/** A run with both a manual and a judge score. Item verdicts by rubric index, where known. */
export interface ScorePair {
  readonly manual: number
  readonly judge: number
  /** The prompt's points. */
  readonly max: number
  readonly manualItems?: ReadonlyMap<number, RubricVerdict>
  readonly judgeItems?: ReadonlyMap<number, RubricVerdict>
}

export interface Agreement {
  /** Runs with both scores. */
  readonly runs: number
  /** Share of runs where the two scores are within 10 % of the prompt's points. */
  readonly within10: number | null
  /** Spearman's rank correlation of the two scores (ties get their average rank). */
  readonly spearman: number | null
  /** Cohen's κ on met / not met over items both a person and the judge gave a verdict (partly left out). */
  readonly kappa: number | null
  /** Items that κ counts. */
  readonly kappaItems: number
  /** Mean of judge − manual, in points: above 0, the judge is lenient. */
  readonly meanSignedDiff: number | null
  /** The same as a share of the prompt's points, averaged. */
  readonly meanSignedDiffShare: number | null
  /** Share of pairwise comparisons whose verdict survived swapping the answers; null without any. */
  readonly swapConsistency: number | null
  readonly swapPairs: number
}


/** Ranks from 1, ties sharing their average rank. */
const averageRanks = (xs: ReadonlyArray<number>): Array<number> => {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(xs.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    const r = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = r
    i = j + 1
  }
  return ranks
}

const pearson = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number | null => {
  if (xs.length < 2) return null
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx
    const dy = ys[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy)
}

export const spearman = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number | null => pearson(averageRanks(xs), averageRanks(ys))

/** Cohen's κ for two raters on a yes/no label; null when chance agreement is already total. */
const cohensKappa = (pairs: ReadonlyArray<readonly [boolean, boolean]>): number | null => {
  if (pairs.length === 0) return null
  const n = pairs.length
  const agree = pairs.filter(([a, b]) => a === b).length / n
  const aYes = pairs.filter(([a]) => a).length / n
  const bYes = pairs.filter(([, b]) => b).length / n
  const chance = aYes * bYes + (1 - aYes) * (1 - bYes)
  return chance === 1 ? null : (agree - chance) / (1 - chance)
}

/** How far a judge agrees with the person's own scores. */
export const agreement = (pairs: ReadonlyArray<ScorePair>, swaps: ReadonlyArray<{ readonly consistent: boolean }> = []): Agreement => {
  const n = pairs.length
  const items: Array<readonly [boolean, boolean]> = []
  for (const p of pairs) {
    if (!p.manualItems || !p.judgeItems) continue
    for (const [index, m] of p.manualItems) {
      const j = p.judgeItems.get(index)
      if (j === undefined || m === "partly" || j === "partly") continue
      items.push([m === "met", j === "met"])
    }
  }
  return {
    runs: n,
    // a small tolerance so that exactly 10 % counts on every float
    within10: n === 0 ? null : pairs.filter((p) => Math.abs(p.judge - p.manual) <= p.max * 0.1 + 1e-9).length / n,
    spearman: spearman(pairs.map((p) => p.manual), pairs.map((p) => p.judge)),
    kappa: cohensKappa(items),
    kappaItems: items.length,
    meanSignedDiff: n === 0 ? null : mean(pairs.map((p) => p.judge - p.manual)),
    meanSignedDiffShare: n === 0 ? null : mean(pairs.map((p) => (p.judge - p.manual) / p.max)),
    swapConsistency: swaps.length === 0 ? null : swaps.filter((s) => s.consistent).length / swaps.length,
    swapPairs: swaps.length
  }
}
