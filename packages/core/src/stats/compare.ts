import type { Bounds } from "./bootstrap.js"
import { pairedBootstrapMean, signFlipTest } from "./paired.js"
import { mean, variance } from "./percentile.js"
import { deriveSeed, seededRandom } from "./random.js"
import { isFlaky, scoresByPrompt, speedByPrompt, type BotSamples, type PromptInfo } from "./samples.js"
import { DEFAULT_RESAMPLES, DEFAULT_SEED, type StatsOptions } from "./botStats.js"

export type Verdict = "better" | "worse" | "can't tell yet"

/** One prompt both bots answered: each bot's mean over its repeats, and the difference A − B. */
export interface PromptDifference {
  readonly promptId: number
  readonly category: string
  readonly points: number
  readonly a: number
  readonly b: number
  readonly difference: number
  readonly repeatsA: number
  readonly repeatsB: number
  /** Spread over more than a third of its points across repeats, for A or for B. */
  readonly flakyA: boolean
  readonly flakyB: boolean
}

/** A paired comparison of one figure. */
export interface PairedResult extends Bounds {
  /** Prompts both bots have a figure for. */
  readonly prompts: number
  /** Mean over those prompts of A − B (points, tok/s or ms). */
  readonly meanDifference: number
  /** Two-sided, from random sign flips of the per-prompt differences. */
  readonly pValue: number
  /** From A's side: for TTFT, lower is better. */
  readonly verdict: Verdict
  /**
   * Repeats per prompt (for each bot) that would likely settle it (80 % power at p < 0.05), counted from what
   * each bot has now: 0 when settled, null when more repeats would likely not (the difference is smaller than
   * the prompt-to-prompt spread) or there is nothing to go on.
   */
  readonly moreRepeats: number | null
}

export interface BotComparison {
  readonly points: PairedResult
  readonly tokensPerSecond: PairedResult
  readonly ttftMs: PairedResult
  readonly prompts: ReadonlyArray<PromptDifference>
}

const Z_TEST = 1.959964
const Z_POWER = 0.841621
const MAX_REPEATS = 50

interface Pair {
  readonly a: ReadonlyArray<number>
  readonly b: ReadonlyArray<number>
}

/** The repeat-to-repeat variance pooled over prompts with two or more values; null when none has. */
const pooledNoise = (groups: ReadonlyArray<ReadonlyArray<number>>): number | null => {
  let ss = 0
  let df = 0
  for (const g of groups) {
    if (g.length < 2) continue
    ss += variance(g) * (g.length - 1)
    df += g.length - 1
  }
  return df > 0 ? ss / df : null
}

/**
 * How many repeats per prompt would likely make |d| significant: the variance of a per-prompt difference is
 * split into the part repeats cannot shrink (bot-by-prompt) and the noise over repeats, estimated from the
 * spread of repeats. With no repeats yet, all of it is taken as noise (the hopeful case), and the answer says "likely".
 */
export const repeatsToSettle = (pairs: ReadonlyArray<Pair>, meanDifference: number): number | null => {
  const n = pairs.length
  if (n < 2 || meanDifference === 0 || !Number.isFinite(meanDifference)) return null
  const total = variance(pairs.map((p) => mean(p.a) - mean(p.b)))
  const ra = mean(pairs.map((p) => p.a.length))
  const rb = mean(pairs.map((p) => p.b.length))
  const knownA = pooledNoise(pairs.map((p) => p.a))
  const knownB = pooledNoise(pairs.map((p) => p.b))
  const guess = knownA ?? knownB ?? total / (1 / ra + 1 / rb)
  const noiseA = knownA ?? guess
  const noiseB = knownB ?? guess
  const stable = Math.max(0, total - noiseA / ra - noiseB / rb)
  // the variance of a per-prompt difference at which |d| would be found with 80 % power at p < 0.05
  const target = (n * meanDifference ** 2) / (Z_TEST + Z_POWER) ** 2
  if (stable >= target) return null
  const repeats = Math.ceil((noiseA + noiseB) / (target - stable))
  if (repeats > MAX_REPEATS) return null
  return Math.max(1, repeats - Math.floor(Math.min(ra, rb)))
}

const paired = (
  a: ReadonlyMap<number, ReadonlyArray<number>>,
  b: ReadonlyMap<number, ReadonlyArray<number>>,
  lowerIsBetter: boolean,
  seed: number,
  resamples: number
): PairedResult => {
  const pairs: Array<Pair> = []
  for (const [promptId, va] of [...a].sort((x, y) => x[0] - y[0])) {
    const vb = b.get(promptId)
    if (vb !== undefined && va.length > 0 && vb.length > 0) pairs.push({ a: va, b: vb })
  }
  const diffs = Float64Array.from(pairs, (p) => mean(p.a) - mean(p.b))
  const random = seededRandom(seed)
  const interval = pairedBootstrapMean(diffs, { resamples, random })
  const pValue = signFlipTest(diffs, { resamples, random })
  const significant = pairs.length >= 2 && pValue < 0.05 && (interval.low > 0 || interval.high < 0)
  const aAhead = lowerIsBetter ? interval.mean < 0 : interval.mean > 0
  const verdict: Verdict = !significant ? "can't tell yet" : aAhead ? "better" : "worse"
  return {
    prompts: pairs.length,
    meanDifference: interval.mean,
    low: interval.low,
    high: interval.high,
    pValue,
    verdict,
    moreRepeats: significant ? 0 : repeatsToSettle(pairs, interval.mean)
  }
}

/**
 * Bot A against bot B on the prompts both answered (optionally one category's): per prompt the difference in
 * points, the mean difference with a paired-bootstrap 95 % interval and a sign-flip p-value, and the same for
 * tok/s and time to first token over complete runs. "better" needs p < 0.05 and an interval clear of 0.
 */
export const compareBots = (
  a: BotSamples,
  b: BotSamples,
  prompts: ReadonlyMap<number, PromptInfo>,
  options: StatsOptions & { readonly category?: string } = {}
): BotComparison => {
  const keep = (id: number) => {
    const p = prompts.get(id)
    return p !== undefined && (options.category === undefined || p.category === options.category)
  }
  const only = (m: Map<number, Array<number>>) => new Map([...m].filter(([id]) => keep(id)))
  const resamples = Math.max(1, Math.floor(options.resamples ?? DEFAULT_RESAMPLES))
  const seed = deriveSeed(options.seed ?? DEFAULT_SEED, a.botId, b.botId)
  const sa = only(scoresByPrompt(a.scores))
  const sb = only(scoresByPrompt(b.scores))
  const rows: Array<PromptDifference> = []
  for (const [promptId, va] of sa) {
    const vb = sb.get(promptId)
    if (vb === undefined) continue
    const p = prompts.get(promptId)!
    const ma = mean(va)
    const mb = mean(vb)
    rows.push({
      promptId,
      category: p.category,
      points: p.points,
      a: ma,
      b: mb,
      difference: ma - mb,
      repeatsA: va.length,
      repeatsB: vb.length,
      flakyA: isFlaky(va, p.points),
      flakyB: isFlaky(vb, p.points)
    })
  }
  rows.sort((x, y) => x.promptId - y.promptId)
  return {
    points: paired(sa, sb, false, deriveSeed(seed, 1), resamples),
    tokensPerSecond: paired(only(speedByPrompt(a.speeds, "tokensPerSecond")), only(speedByPrompt(b.speeds, "tokensPerSecond")), false, deriveSeed(seed, 2), resamples),
    ttftMs: paired(only(speedByPrompt(a.speeds, "ttftMs")), only(speedByPrompt(b.speeds, "ttftMs")), true, deriveSeed(seed, 3), resamples),
    prompts: rows
  }
}
