import * as Effect from "effect/Effect"
import type { ArenaVerdict, ArenaVote, ArenaVoteResult, ArenaVoteSource } from "../domain/Arena.js"
import type { Prompt } from "../domain/Prompt.js"
import type { Run } from "../domain/Run.js"
import { InvalidInput } from "../errors.js"
import { Store, type StoreFailure } from "../services/Store.js"
import { decodeDuel, encodeDuel } from "./duelId.js"
import { kendallTau } from "./kendall.js"
import { cachedArenaRatings } from "./cached.js"
import { seededRandom } from "../stats/random.js"
import { arenaRatings, type ArenaRatings, type Comparison } from "./ratings.js"
import { nextDuel, pairPromptKey, type Interval } from "./sample.js"
import { answerStyle, styleCovariates } from "./style.js"

// The Arena over the Store: the ratings with their agreement with the rubric points, the next duel and
// the vote. The picking and fitting are the pure, seeded functions next to this file.

/** Two answers to one prompt, shown blind. */
export interface Duel {
  /** Opaque; what a vote names. */
  readonly id: string
  readonly prompt: Prompt
  readonly left: Run
  readonly right: Run
}

export interface ArenaStanding {
  readonly ratings: ArenaRatings
  /** With style control (length and Markdown density as covariates), when asked for. */
  readonly styled: ArenaRatings | null
  /** Kendall τ between the Arena order and the rubric-points order, over the bots that have both. */
  readonly agreement: { readonly tau: number | null; readonly bots: number }
}

export interface StandingOptions {
  readonly category?: string | undefined
  /** Only a person's votes, or only the judge's; both by default. */
  readonly source?: ArenaVoteSource | undefined
  readonly style?: boolean
  readonly seed?: number
  readonly rounds?: number
}

const comparison = (vote: ArenaVote): Comparison => ({ left: vote.leftBotId, right: vote.rightBotId, verdict: vote.verdict })

export const arenaStanding = (options: StandingOptions = {}): Effect.Effect<ArenaStanding, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const category = options.category
    const fit = { seed: options.seed ?? 1, rounds: options.rounds ?? 200 }
    const ratings = yield* cachedArenaRatings({ category, source: options.source, ...fit })
    let styled: ArenaRatings | null = null
    if (options.style) {
      const votes = yield* store.listArenaVotes({ ...(category !== undefined ? { category } : {}), ...(options.source !== undefined ? { source: options.source } : {}) })
      // only the voted runs' texts are read
      const ids = [...new Set(votes.flatMap((v) => [v.leftRunId, v.rightRunId]))]
      const runs = yield* Effect.forEach(ids, (id) => store.getRun(id))
      const styles = new Map(runs.map((r) => [r.id, answerStyle(r.output)]))
      const plain = answerStyle("")
      styled = arenaRatings(
        votes.map((v) => ({ ...comparison(v), x: styleCovariates(styles.get(v.leftRunId) ?? plain, styles.get(v.rightRunId) ?? plain) })),
        { ...fit, style: true }
      )
    }
    const totals = yield* store.leaderboard()
    const points = new Map(
      totals
        .filter((t) => t.scored > 0)
        .map((t) => [t.botId, category !== undefined ? (t.points[category] ?? 0) : Object.values(t.points).reduce((a, b) => a + b, 0)])
    )
    const both = ratings.ratings.filter((r) => r.rating !== null && points.has(r.botId))
    const tau = kendallTau(both.map((r) => r.rating!), both.map((r) => points.get(r.botId)!))
    return { ratings, styled, agreement: { tau, bots: both.length } }
  })

export interface NextDuelOptions {
  readonly category?: string | undefined
  /** The duel shown last, so that the same pair does not come back on the same prompt right away. */
  readonly last?: { readonly promptId: number; readonly botIds: readonly [number, number] } | undefined
  readonly seed: number
}

export const pickDuel = (options: NextDuelOptions): Effect.Effect<Duel | undefined, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const filter = options.category !== undefined ? { category: options.category } : {}
    const answers = yield* store.listArenaAnswers(options.category)
    const votes = yield* store.listArenaVotes(filter)
    const ratings = arenaRatings(votes.map(comparison), { seed: options.seed, rounds: 100 })
    const intervals = new Map<number, Interval>()
    for (const r of ratings.ratings) if (r.low !== null && r.high !== null) intervals.set(r.botId, { low: r.low, high: r.high })
    const counts = new Map<string, number>()
    for (const v of votes) {
      const key = pairPromptKey(v.leftBotId, v.rightBotId, v.promptId)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    const random = seededRandom(options.seed)
    const pick = nextDuel({ answers, intervals, votes: counts, random, ...(options.last ? { last: options.last } : {}) })
    if (!pick) return undefined
    const [prompt, left, right] = yield* Effect.all([store.getPrompt(pick.promptId), store.getRun(pick.left.runId), store.getRun(pick.right.runId)])
    const id = encodeDuel({ leftRunId: left.id, rightRunId: right.id, nonce: Math.floor(random() * 2 ** 30) })
    return { id, prompt, left, right }
  })

/** Stores the verdict on a duel; the same duel id twice stores one vote (`duplicate` on the second). */
export const voteOnDuel = (duelId: string, verdict: ArenaVerdict, source: ArenaVoteSource = "manual"): Effect.Effect<ArenaVoteResult, StoreFailure, Store> =>
  Effect.gen(function* () {
    const key = decodeDuel(duelId)
    if (!key) return yield* Effect.fail(new InvalidInput({ field: "duel", reason: `${JSON.stringify(duelId)} is not a duel id (take one from \`llp arena next --json\`)` }))
    const store = yield* Store
    return yield* store.addArenaVote({ duel: duelId, leftRunId: key.leftRunId, rightRunId: key.rightRunId, verdict, source })
  })
