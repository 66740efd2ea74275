import type { ArenaVerdict } from "../domain/Arena.js"
import { fitBradleyTerry, type PairRow } from "./bradleyTerry.js"
import { randomIndex, seededRandom } from "../stats/random.js"

/** One vote as the fit sees it: which bot was on which side, and the verdict. */
export interface Comparison {
  readonly left: number
  readonly right: number
  readonly verdict: ArenaVerdict
  /** Style covariates, left's minus right's (see `styleCovariates`); only read with `style: true`. */
  readonly x?: ReadonlyArray<number>
}

export interface BotRating {
  readonly botId: number
  /** Elo scale, the mean of the rated bots at 1,000; null when the bot has no vote in the fit (only "both bad"). */
  readonly rating: number | null
  /** 95 % bootstrap interval. */
  readonly low: number | null
  readonly high: number | null
  readonly wins: number
  readonly losses: number
  readonly ties: number
  readonly bothBad: number
}

export interface ArenaRatings {
  /** Best first; unrated bots last. */
  readonly ratings: ReadonlyArray<BotRating>
  readonly votes: number
  /** Votes in the fit (all but "both bad"). */
  readonly fitted: number
  readonly bothBad: number
  /** With style control: the fitted covariate effects, per standard deviation, in Elo points. */
  readonly style: { readonly length: number; readonly markdown: number } | null
  readonly rounds: number
  readonly seed: number
}

export interface RatingOptions {
  readonly seed?: number
  /** Bootstrap replicates. */
  readonly rounds?: number
  /** Fit length and Markdown density as covariates (style control). */
  readonly style?: boolean
}

/** 400 / ln 10: one unit of β is this many Elo points. */
export const ELO_SCALE = 400 / Math.LN10
export const ELO_MEAN = 1000
const COVARIATES = 2

const score = (verdict: ArenaVerdict) => (verdict === "left" ? 1 : verdict === "right" ? 0 : 0.5)

/** The p-quantile of sorted values, interpolating between neighbours. */
const quantile = (sorted: ArrayLike<number>, p: number) => {
  const at = p * (sorted.length - 1)
  const lo = Math.floor(at)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)
}

const toElo = (beta: ArrayLike<number>, bots: number) => {
  let mean = 0
  for (let i = 0; i < bots; i++) mean += beta[i]!
  mean /= bots
  const out = new Float64Array(bots)
  for (let i = 0; i < bots; i++) out[i] = ELO_MEAN + ELO_SCALE * (beta[i]! - mean)
  return out
}

/**
 * Fitting cells: without style, one per unordered pair of bots (votes aggregate); with style, one per
 * vote (each has its own covariates). `cellOf[v]` and `orient[v]` (+1 same order, −1 swapped) map votes.
 */
const buildCells = (fitted: ReadonlyArray<Comparison>, index: Map<number, number>, style: boolean, xScale: ReadonlyArray<number>) => {
  const cells: Array<{ a: number; b: number; x?: Array<number> }> = []
  const cellOf = new Int32Array(fitted.length)
  const orient = new Int8Array(fitted.length)
  const byPair = new Map<number, number>()
  const byStyle = new Map<string, number>()
  const bots = index.size
  fitted.forEach((c, v) => {
    const a = index.get(c.left)!
    const b = index.get(c.right)!
    orient[v] = 1
    if (style) {
      // The same two answers meeting again share their covariates, and so a cell.
      const x = [0, 1].map((k) => (c.x?.[k] ?? 0) / xScale[k]!)
      const key = `${a}:${b}:${x[0]}:${x[1]}`
      let cell = byStyle.get(key)
      if (cell === undefined) byStyle.set(key, (cell = cells.push({ a, b, x }) - 1))
      cellOf[v] = cell
      return
    }
    const key = Math.min(a, b) * bots + Math.max(a, b)
    let cell = byPair.get(key)
    if (cell === undefined) {
      cell = cells.push({ a: Math.min(a, b), b: Math.max(a, b) }) - 1
      byPair.set(key, cell)
    }
    cellOf[v] = cell
    orient[v] = a < b ? 1 : -1
  })
  return { cells, cellOf, orient }
}

/**
 * Bradley–Terry ratings on the Elo scale with 95 % intervals from a seeded bootstrap over votes
 * (every replicate draws as many votes as there are, with replacement, and is anchored at mean 1,000).
 * "Both bad" votes are counted per bot but left out of the fit.
 */
export const arenaRatings = (comparisons: ReadonlyArray<Comparison>, options: RatingOptions = {}): ArenaRatings => {
  const seed = options.seed ?? 1
  const rounds = options.rounds ?? 200
  const style = options.style ?? false
  const counts = new Map<number, { wins: number; losses: number; ties: number; bothBad: number }>()
  const tally = (bot: number) => {
    let t = counts.get(bot)
    if (!t) counts.set(bot, (t = { wins: 0, losses: 0, ties: 0, bothBad: 0 }))
    return t
  }
  for (const c of comparisons) {
    const l = tally(c.left)
    const r = tally(c.right)
    if (c.verdict === "left") (l.wins++, r.losses++)
    else if (c.verdict === "right") (r.wins++, l.losses++)
    else if (c.verdict === "tie") (l.ties++, r.ties++)
    else (l.bothBad++, r.bothBad++)
  }
  const fitted = comparisons.filter((c) => c.verdict !== "bad" && c.left !== c.right)
  const rated = [...new Set(fitted.flatMap((c) => [c.left, c.right]))].sort((a, b) => a - b)
  const index = new Map(rated.map((bot, i) => [bot, i]))
  const bots = rated.length
  // Covariates are scaled to unit root mean square so their effects read "per standard deviation".
  const xScale = [0, 1].map((k) => {
    const sq = fitted.reduce((s, c) => s + (c.x?.[k] ?? 0) ** 2, 0)
    return sq > 0 ? Math.sqrt(sq / fitted.length) : 1
  })
  const { cells, cellOf, orient } = buildCells(fitted, index, style, xScale)
  const wins = new Float64Array(cells.length)
  const total = new Float64Array(cells.length)
  const rowsOf = (): Array<PairRow> => {
    const rows: Array<PairRow> = []
    cells.forEach((cell, i) => {
      if (total[i]! > 0) rows.push({ a: cell.a, b: cell.b, wins: wins[i]!, total: total[i]!, x: cell.x })
    })
    return rows
  }
  const add = (v: number) => {
    const s = score(fitted[v]!.verdict)
    wins[cellOf[v]!] += orient[v] === 1 ? s : 1 - s
    total[cellOf[v]!] += 1
  }
  const covariates = style ? COVARIATES : 0
  for (let v = 0; v < fitted.length; v++) add(v)
  const point = bots > 0 ? fitBradleyTerry(bots, rowsOf(), { covariates }) : undefined
  const start = point ? [...point.beta, ...point.gamma] : []
  const elo = point ? toElo(point.beta, bots) : new Float64Array(0)
  const replicates = Array.from({ length: bots }, () => new Float64Array(rounds))
  const random = seededRandom(seed)
  for (let round = 0; round < rounds && bots > 0; round++) {
    wins.fill(0)
    total.fill(0)
    for (let k = 0; k < fitted.length; k++) add(randomIndex(random, fitted.length))
    const replicate = toElo(fitBradleyTerry(bots, rowsOf(), { covariates, start }).beta, bots)
    for (let i = 0; i < bots; i++) replicates[i]![round] = replicate[i]!
  }
  const ratings: Array<BotRating> = [...counts.entries()].map(([botId, t]) => {
    const i = index.get(botId)
    if (i === undefined) return { botId, rating: null, low: null, high: null, ...t }
    const sorted = replicates[i]!.sort()
    return {
      botId,
      rating: elo[i]!,
      low: rounds > 0 ? quantile(sorted, 0.025) : null,
      high: rounds > 0 ? quantile(sorted, 0.975) : null,
      ...t
    }
  })
  ratings.sort((a, b) => (b.rating ?? -Infinity) - (a.rating ?? -Infinity) || a.botId - b.botId)
  return {
    ratings,
    votes: comparisons.length,
    fitted: fitted.length,
    bothBad: comparisons.filter((c) => c.verdict === "bad").length,
    style: style && point ? { length: point.gamma[0]! * ELO_SCALE, markdown: point.gamma[1]! * ELO_SCALE } : null,
    rounds,
    seed
  }
}
