import * as Effect from "effect/Effect"
import type { Category } from "../domain/Category.js"
import type { LeaderboardRow, LeaderboardTotals } from "../domain/Leaderboard.js"
import { rank, type SortColumn, withSpeed } from "../leaderboard.js"
import { Store, type StoreFailure } from "../services/Store.js"
import { botStatistics, DEFAULT_RESAMPLES, DEFAULT_SEED, tiedRanks, type BotStats, type StatsOptions } from "./botStats.js"
import type { BotSamples, PromptInfo } from "./samples.js"
import { addJudgePoints } from "../judge/leaderboard.js"
import type { JudgePoints } from "../judge/types.js"

export interface BoardOptions extends StatsOptions {
  /** Count every run, whatever parameters it was made with. */
  readonly allParams?: boolean
  readonly sort?: SortColumn
  /** Count judge suggestions where a bot has no score of its own (shown apart in each row's `judge`). */
  readonly withJudge?: boolean
  /** Speeds from the runs of this machine profile only (issue 15); null or absent: every machine's. */
  readonly machineId?: number | null
}

/** Bumped when BotStats changes shape or meaning, so that old cache entries are not read. */
const CACHE_VERSION = 5

const cacheKey = (o: BoardOptions): string =>
  `v${CACHE_VERSION}:${o.allParams === true ? "all" : "current"}:${o.resamples ?? DEFAULT_RESAMPLES}:${o.seed ?? DEFAULT_SEED}:${o.level ?? 0.95}:m${o.machineId ?? "all"}`

/**
 * Leaderboard rows with intervals: the store's per-bot totals (names, run counts), with points recounted by
 * the statistics (every repeat counts) and their intervals, tied ranks, speed spreads. Each bot's figures are
 * cached in the store under the options and reused until one of its scores or runs changes.
 */
export const statsBoard = (
  totals: ReadonlyArray<LeaderboardTotals>,
  stats: ReadonlyMap<number, BotStats>,
  categories: ReadonlyArray<Category>,
  promptCount: number,
  sort: SortColumn = "total"
): ReadonlyArray<LeaderboardRow> => {
  const keys = categories.map((c) => c.key)
  const merged = totals.map((t) => {
    const s = stats.get(t.botId)
    if (s === undefined) return t
    const points: Record<string, number> = {}
    for (const k of keys) points[k] = s.categories[k]?.points ?? 0
    return { ...t, points, scored: s.total.scored }
  })
  const byTotal = rank(merged, categories, promptCount, "total")
  const ranks = tiedRanks(byTotal.map((r) => stats.get(r.botId)?.total ?? { points: r.total, low: r.total, high: r.total }))
  const withStats = new Map<number, LeaderboardRow>()
  byTotal.forEach((row, i) => {
    const s = stats.get(row.botId)
    if (s === undefined) return void withStats.set(row.botId, row)
    const points: Record<string, { low: number; high: number }> = {}
    for (const k of keys) points[k] = { low: s.categories[k]?.low ?? 0, high: s.categories[k]?.high ?? 0 }
    withStats.set(row.botId, {
      ...row,
      stats: {
        rank: ranks[i]!.rank,
        tied: ranks[i]!.tied,
        total: { low: s.total.low, high: s.total.high },
        points,
        tokensPerSecond: s.tokensPerSecond,
        ttftMs: s.ttftMs,
        repeats: s.total.repeats,
        flaky: s.flaky
      }
    })
  })
  return sort === "total" ? byTotal.map((r) => withStats.get(r.botId)!) : rank(merged, categories, promptCount, sort).map((r) => withStats.get(r.botId)!)
}

/** The prompts as the statistics see them. */
export const promptInfo = (prompts: ReadonlyArray<PromptInfo>): Map<number, PromptInfo> =>
  new Map(prompts.map((p) => [p.id, { id: p.id, category: p.category, points: p.points }]))

/** Numbers to two decimals (every screen and export shows at most two): the cache rows stay small to read. */
const toHundredths = (_key: string, value: unknown): unknown => (typeof value === "number" ? Math.round(value * 100) / 100 : value)

/** Each bot's statistics, from the cache where it is current, computed (and cached) where not. */
export const loadBotStats = (
  categories: ReadonlyArray<Category>,
  prompts: ReadonlyMap<number, PromptInfo>,
  botIds: ReadonlyArray<number>,
  options: BoardOptions = {}
): Effect.Effect<Map<number, BotStats>, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const key = cacheKey(options)
    const out = new Map<number, BotStats>()
    for (const entry of yield* store.readStatsCache(key)) out.set(entry.botId, JSON.parse(entry.data) as BotStats)
    const missing = botIds.filter((id) => !out.has(id))
    if (missing.length === 0) return out
    // the mean speed columns ride in the same cache entry: aggregating every run on each load cost ~45 ms at 100,000 runs
    const speedOf = new Map((yield* store.speedByBot(options.machineId ?? null, missing, { allParams: options.allParams === true })).map((t) => [t.botId, t]))
    const samples = yield* store.statSamples({ botIds: missing, allParams: options.allParams === true, machineId: options.machineId ?? null })
    const keys = categories.map((c) => c.key)
    const entries: Array<{ botId: number; epoch: number; data: string }> = []
    for (const s of samples) {
      const data = JSON.stringify({ ...botStatistics(s, prompts, keys, options), speed: speedOf.get(s.botId) ?? null }, toHundredths)
      // the figures as the cache keeps them, so a fresh computation prints exactly what the cache will
      out.set(s.botId, JSON.parse(data) as BotStats)
      entries.push({ botId: s.botId, epoch: s.epoch, data })
      // about 2 ms a bot: every 16 bots a timer turn (not a microtask), so the terminal app's keys get read
      if (entries.length % 16 === 0) yield* Effect.sleep(1)
    }
    yield* store.writeStatsCache(key, entries)
    return out
  })

/**
 * Judge suggestions added to the statistics as they are: they fill prompts the bot has no score for, so they
 * move its points and its interval by their own amount, with no spread of their own.
 */
export const addJudgeToStats = (stats: ReadonlyMap<number, BotStats>, judge: ReadonlyArray<JudgePoints>): Map<number, BotStats> => {
  const out = new Map(stats)
  for (const j of judge) {
    const s = out.get(j.botId)
    if (s === undefined) continue
    const shift = <A extends { points: number; low: number; high: number; scored: number }>(e: A | undefined): A | undefined =>
      e === undefined ? e : { ...e, points: e.points + j.points, low: e.low + j.points, high: e.high + j.points, scored: e.scored + j.scored }
    const cat = s.categories[j.category] ?? { points: 0, low: 0, high: 0, scored: 0, repeats: 0 }
    out.set(j.botId, { ...s, categories: { ...s.categories, [j.category]: shift(cat)! }, total: shift(s.total)! })
  }
  return out
}

/** The leaderboard with intervals, read through the store (and its cache). */
export const loadStatsBoard = (options: BoardOptions = {}) =>
  Effect.gen(function* () {
    const store = yield* Store
    const [categories, prompts, all] = yield* Effect.all([store.listCategories(), store.listPrompts(), store.leaderboard()])
    const cached = yield* loadBotStats(categories, promptInfo(prompts), all.map((t) => t.botId), options)
    // the mean speed columns (and load time) from the same machine's runs as the spreads
    const stored = withSpeed(all, [...cached.values()].flatMap((s) => (s.speed ? [s.speed] : [])))
    const judge = options.withJudge === true ? yield* store.judgePoints() : []
    const totals = judge.length > 0 ? addJudgePoints(stored, judge) : stored
    const stats = judge.length > 0 ? addJudgeToStats(cached, judge) : cached
    return { rows: statsBoard(totals, stats, categories, prompts.length, options.sort), categories, prompts }
  })

/** A bot's samples, for `compareBots`. */
export const loadSamples = (botId: number, allParams = false): Effect.Effect<BotSamples, StoreFailure, Store> =>
  Effect.map(Effect.flatMap(Store, (store) => store.statSamples({ botIds: [botId], allParams })), (sets) => sets[0] ?? { botId, scores: [], speeds: [] })
