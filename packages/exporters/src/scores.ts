import { Archive, type ArchiveError, type Bot, type Category, mean, paramsKey, type Prompt, type ScoredRun, scoresByPrompt, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import { compareText, round } from "./rows.js"

export interface ScoreFilePrompt {
  readonly prompt: string
  readonly title: string
  readonly pointsPossible: number
  /** Null while the prompt has no counted score. */
  readonly pointsScored: number | null
  readonly note: string | null
  readonly source: "manual" | "auto" | "judge" | null
  readonly pinned: boolean
  readonly runId: number | null
  readonly tokensPerSecond: number | null
  /** What the leaderboard counts (issue 12): the mean of the scored repeats made with the bot's current parameters, or the pinned score; null when none. */
  readonly pointsMean: number | null
  /** The scored runs that mean is over. */
  readonly repeats: number
}

/** The content of llm_outputs/<category>/scores/score-<model-name>.json */
export interface ScoreFile {
  readonly llp: "scores"
  readonly version: 1
  readonly bot: string
  readonly provider: string
  readonly model: string
  readonly category: string
  readonly categoryTitle: string
  readonly prompts: ReadonlyArray<ScoreFilePrompt>
  readonly totals: {
    readonly pointsPossible: number
    readonly pointsScored: number
    readonly scored: number
    readonly prompts: number
    /** Mean tokens/s of the counted runs that have a speed; null when none has. */
    readonly avgTokensPerSecond: number | null
    /** The sum of the prompts' pointsMean: the category's points on the leaderboard. */
    readonly pointsMean: number
  }
}

/** An unpinned score counts when its run is complete (not a partial answer) and made with the current parameters. */
const countsUnpinned = (s: ScoredRun, currentKey: string | undefined): boolean =>
  s.run.status === "complete" && (currentKey === undefined || s.run.paramsKey == null || s.run.paramsKey === currentKey)

/**
 * A bot's score file for one category: every prompt of the category in order, with the counted score
 * (the one the leaderboard counts) where there is one, and the totals. `scoredRuns` may hold other
 * bots' and categories' scores: only this bot's counted ones on this category's prompts are used.
 */
export const scoreFileData = (
  bot: Pick<Bot, "id" | "name" | "provider" | "model">,
  category: Pick<Category, "key" | "title">,
  scoredRuns: ReadonlyArray<ScoredRun>,
  prompts: ReadonlyArray<Prompt>,
  /** The key of the bot's current parameters (`paramsKey`); absent: every run counts in `pointsMean`. */
  currentKey?: string
): ScoreFile => {
  const counted = new Map<number, ScoredRun>()
  for (const s of scoredRuns) if (s.counted && s.run.botId === bot.id) counted.set(s.run.promptId, s)
  const repeats = scoresByPrompt(
    scoredRuns
      .filter((s) => s.run.botId === bot.id && (s.score.pinned || countsUnpinned(s, currentKey)))
      .map((s) => ({ promptId: s.run.promptId, runId: s.run.id, points: s.score.points, pinned: s.score.pinned }))
  )
  const speeds: Array<number> = []
  const entries = prompts
    .filter((p) => p.category === category.key)
    .sort((a, b) => a.order - b.order || compareText(a.slug, b.slug))
    .map((p): ScoreFilePrompt => {
      const s = counted.get(p.id)
      if (s?.run.tokensPerSecond != null) speeds.push(s.run.tokensPerSecond)
      return {
        prompt: p.slug,
        title: p.title,
        pointsPossible: p.points,
        pointsScored: s ? s.score.points : null,
        note: s ? s.score.note : null,
        source: s ? s.score.source : null,
        pinned: s ? s.score.pinned : false,
        runId: s ? s.run.id : null,
        tokensPerSecond: s?.run.tokensPerSecond == null ? null : round(s.run.tokensPerSecond, 2),
        pointsMean: repeats.has(p.id) ? round(mean(repeats.get(p.id)!), 2) : null,
        repeats: repeats.get(p.id)?.length ?? 0
      }
    })
  return {
    llp: "scores",
    version: 1,
    bot: bot.name,
    provider: bot.provider,
    model: bot.model,
    category: category.key,
    categoryTitle: category.title,
    prompts: entries,
    totals: {
      pointsPossible: entries.reduce((sum, e) => sum + e.pointsPossible, 0),
      pointsScored: round(entries.reduce((sum, e) => sum + (e.pointsScored ?? 0), 0), 2),
      scored: entries.filter((e) => e.pointsScored !== null).length,
      prompts: entries.length,
      avgTokensPerSecond: speeds.length === 0 ? null : round(speeds.reduce((a, b) => a + b, 0) / speeds.length, 2),
      pointsMean: round(entries.reduce((sum, e) => sum + (e.pointsMean ?? 0), 0), 2)
    }
  }
}

/**
 * Rewrites the bot's score files (llm_outputs/<category>/scores/score-<bot name>.json) from the store:
 * for the given category always (call it after a score there changed, even if none is left), or
 * without one for every category where the bot has a score. Returns the paths written.
 */
export const writeScoreFiles = (
  botId: number,
  category?: string
): Effect.Effect<ReadonlyArray<string>, StoreFailure | ArchiveError, Store.Store | Archive.Archive> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const archive = yield* Archive.Archive
    const bot = yield* store.getBot(botId)
    const scores = yield* store.listScores(category === undefined ? { botId } : { botId, category })
    const categories =
      category === undefined
        ? yield* store.listCategories()
        : [yield* store.getCategory(category)]
    const prompts = yield* store.listPrompts(category)
    const promptCategory = new Map(prompts.map((p) => [p.id, p.category]))
    const withScores = new Set(scores.map((s) => promptCategory.get(s.run.promptId)))
    const paths: Array<string> = []
    for (const c of [...categories].sort((a, b) => a.order - b.order || compareText(a.key, b.key))) {
      if (category === undefined && !withScores.has(c.key)) continue
      paths.push(yield* archive.writeScores(c.key, bot.name, scoreFileData(bot, c, scores, prompts, paramsKey(bot))))
    }
    return paths
  })
