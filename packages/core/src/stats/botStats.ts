import type { SpeedTotals } from "../services/Store.js"
import { percentileInterval, twoLevelBootstrapSum, type Bounds } from "./bootstrap.js"
import { spread, type Spread } from "./percentile.js"
import { deriveSeed, seededRandom } from "./random.js"
import { isFlaky, scoresByPrompt, type BotSamples, type PromptInfo } from "./samples.js"

export interface StatsOptions {
  /** Bootstrap resamples; 2,000 by default. */
  readonly resamples?: number
  /** The base seed: the same data and seed print the same intervals. */
  readonly seed?: number
  /** 0.95 for 95 % intervals. */
  readonly level?: number
}

export const DEFAULT_RESAMPLES = 2000
export const DEFAULT_SEED = 12

/** Points with their interval, how many prompts are scored and how many scored runs there are in all. */
export interface PointsEstimate extends Bounds {
  readonly points: number
  readonly scored: number
  readonly repeats: number
}

/** What the leaderboard shows of one bot beyond its points: intervals, speed spreads, flaky prompts. */
export interface BotStats {
  readonly botId: number
  /** Per category key, in the order given. */
  readonly categories: Readonly<Record<string, PointsEstimate>>
  readonly total: PointsEstimate
  /** Median with p10–p90 over complete runs. */
  readonly tokensPerSecond: Spread | null
  readonly ttftMs: Spread | null
  /** Prompts whose repeats spread over more than a third of their points, by id. */
  readonly flaky: ReadonlyArray<number>
  /** The mean speed columns over the machine's complete runs, kept with the rest in the cache (the board adds them). */
  readonly speed?: SpeedTotals | null
}

/**
 * A bot's points per category and in total with 95 % intervals, and its speed spreads. A prompt counts by the
 * mean of its repeats (or its pinned score); the interval comes from a two-level bootstrap over the category's
 * scored prompts and their repeats, on the share of each prompt's points (so a 170-point prompt weighs as much
 * in every resample as in the suite); the total's resamples are the sum of the categories' (each category
 * resampled within itself, so every resample has the suite's mix). The bot's own seed is derived from the base
 * seed and its id, so its figures do not depend on which other bots are shown.
 */
export const botStatistics = (
  samples: BotSamples,
  prompts: ReadonlyMap<number, PromptInfo>,
  categoryKeys: ReadonlyArray<string>,
  options: StatsOptions = {}
): BotStats => {
  const resamples = Math.max(1, Math.floor(options.resamples ?? DEFAULT_RESAMPLES))
  const level = options.level ?? 0.95
  const random = seededRandom(deriveSeed(options.seed ?? DEFAULT_SEED, samples.botId))
  const groups = new Map<string, Array<Array<number>>>()
  const weights = new Map<string, Array<number>>()
  const flaky: Array<number> = []
  for (const [promptId, scores] of scoresByPrompt(samples.scores)) {
    const prompt = prompts.get(promptId)
    if (prompt === undefined) continue
    const list = groups.get(prompt.category)
    if (list) list.push(scores)
    else groups.set(prompt.category, [scores])
    const w = weights.get(prompt.category)
    if (w) w.push(prompt.points)
    else weights.set(prompt.category, [prompt.points])
    if (isFlaky(scores, prompt.points)) flaky.push(promptId)
  }
  const total = new Float64Array(resamples)
  const categories: Record<string, PointsEstimate> = {}
  let points = 0
  let scored = 0
  let repeats = 0
  for (const key of categoryKeys) {
    const cat = groups.get(key) ?? []
    const replicates = twoLevelBootstrapSum(cat, { resamples, random, weights: weights.get(key) ?? [] })
    for (let b = 0; b < resamples; b++) total[b]! += replicates[b]!
    let sum = 0
    let runs = 0
    for (const g of cat) {
      let s = 0
      for (const v of g) s += v
      sum += s / g.length
      runs += g.length
    }
    categories[key] = { points: sum, ...percentileInterval(replicates, level), scored: cat.length, repeats: runs }
    points += sum
    scored += cat.length
    repeats += runs
  }
  const tps: Array<number> = []
  const ttft: Array<number> = []
  for (const s of samples.speeds) {
    if (s.tokensPerSecond !== null && Number.isFinite(s.tokensPerSecond)) tps.push(s.tokensPerSecond)
    if (s.ttftMs !== null && Number.isFinite(s.ttftMs)) ttft.push(s.ttftMs)
  }
  return {
    botId: samples.botId,
    categories,
    total: { points, ...percentileInterval(total, level), scored, repeats },
    tokensPerSecond: spread(tps),
    ttftMs: spread(ttft),
    flaky: flaky.sort((a, b) => a - b)
  }
}

/** Half the width of an interval, as `±` shows it. */
export const halfWidth = (e: Bounds): number => (e.high - e.low) / 2

/**
 * Rank labels in total order. A bot's rank is 1 + the number of bots surely ahead of it: bots whose whole total
 * interval lies above its own (their low above its high). Bots sharing a rank are marked tied (`=3`). So two
 * bots with one rank always have overlapping intervals, and two whose intervals do not overlap never share a
 * rank: a tie cannot chain through a middle bot (A overlapping B, B overlapping C, A clear of C gives A and B
 * `=1` and C `2`, as A is surely ahead of C). Input: totals with intervals, sorted high first. Output: per
 * index, the rank and whether it is tied.
 */
export const tiedRanks = (rows: ReadonlyArray<Bounds & { readonly points: number }>): Array<{ readonly rank: number; readonly tied: boolean }> => {
  // sorted lows: the count of lows above a high is a binary search, so 1,000 bots stay cheap
  const lows = rows.map((r) => r.low).sort((x, y) => x - y)
  const above = (high: number): number => {
    let lo = 0
    let hi = lows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (lows[mid]! > high) hi = mid
      else lo = mid + 1
    }
    return lows.length - lo
  }
  const ranks = rows.map((r) => 1 + above(r.high))
  const count = new Map<number, number>()
  for (const r of ranks) count.set(r, (count.get(r) ?? 0) + 1)
  return ranks.map((rank) => ({ rank, tied: count.get(rank)! > 1 }))
}

/** `=3` for a tied rank, `3` otherwise. */
export const rankLabel = (r: { readonly rank: number; readonly tied: boolean }): string => (r.tied ? `=${r.rank}` : String(r.rank))
