import { randomIndex, type Random } from "../stats/random.js"

/** A complete answer that may enter a duel: one per bot and prompt (the caller picks which run). */
export interface DuelAnswer {
  readonly runId: number
  readonly botId: number
  readonly promptId: number
}

export interface Interval {
  readonly low: number
  readonly high: number
}

export interface DuelPick {
  readonly promptId: number
  readonly left: DuelAnswer
  readonly right: DuelAnswer
}

export interface SampleInput {
  readonly answers: ReadonlyArray<DuelAnswer>
  /** Rating intervals by bot; a bot without one is unknown, as uncertain as can be. */
  readonly intervals: ReadonlyMap<number, Interval>
  /** Votes already cast per pair of bots and prompt, keyed by `pairPromptKey`. */
  readonly votes: ReadonlyMap<string, number>
  /** The duel shown last (voted or skipped): the same pair is not shown on the same prompt again right away. */
  readonly last?: { readonly promptId: number; readonly botIds: readonly [number, number] }
  readonly random: Random
}

export const pairPromptKey = (botA: number, botB: number, promptId: number) =>
  `${Math.min(botA, botB)}:${Math.max(botA, botB)}:${promptId}`

/** How much of the narrower interval the two share, 0 … 1; 1 when either is unknown. */
export const intervalOverlap = (a: Interval | undefined, b: Interval | undefined): number => {
  if (!a || !b) return 1
  const shared = Math.min(a.high, b.high) - Math.max(a.low, b.low)
  const narrower = Math.min(a.high - a.low, b.high - b.low)
  if (shared <= 0) return 0
  return narrower > 0 ? Math.min(1, shared / narrower) : 1
}

/**
 * Active sampling of the next duel. A pair of bots is drawn with weight (overlap + 0.1) / √(1 + its
 * votes): pairs whose intervals overlap most (the order is least settled) come first, a pair's weight
 * falls as its votes grow so no pair hogs the Arena, and a pair already told apart still comes now and
 * then (a bot rated on a few lucky votes would otherwise never be checked again). For that pair the prompt with the fewest votes of
 * the pair is taken (ties at random), never the prompt of the last duel if it was the same pair.
 * Sides are random. Undefined when no duel is possible.
 */
export const nextDuel = (input: SampleInput): DuelPick | undefined => {
  const byPrompt = new Map<number, Array<DuelAnswer>>()
  for (const answer of input.answers) {
    const list = byPrompt.get(answer.promptId) ?? []
    if (!list.some((a) => a.botId === answer.botId)) list.push(answer)
    byPrompt.set(answer.promptId, list)
  }
  const lastKey = input.last ? pairPromptKey(input.last.botIds[0], input.last.botIds[1], input.last.promptId) : undefined
  const pairs = new Map<string, { a: number; b: number; prompts: Array<{ promptId: number; votes: number }>; votes: number }>()
  for (const [promptId, list] of [...byPrompt.entries()].sort((x, y) => x[0] - y[0])) {
    const bots = [...new Set(list.map((a) => a.botId))].sort((x, y) => x - y)
    for (let i = 0; i < bots.length; i++) {
      for (let j = i + 1; j < bots.length; j++) {
        const key = pairPromptKey(bots[i]!, bots[j]!, promptId)
        const votes = input.votes.get(key) ?? 0
        const pairKey = `${bots[i]}:${bots[j]}`
        const pair = pairs.get(pairKey) ?? { a: bots[i]!, b: bots[j]!, prompts: [], votes: 0 }
        pair.votes += votes
        if (key !== lastKey) pair.prompts.push({ promptId, votes })
        pairs.set(pairKey, pair)
      }
    }
  }
  const open = [...pairs.values()].filter((p) => p.prompts.length > 0)
  if (open.length === 0) return undefined
  const weights = open.map((p) => (intervalOverlap(input.intervals.get(p.a), input.intervals.get(p.b)) + 0.1) / Math.sqrt(1 + p.votes))
  let draw = input.random() * weights.reduce((s, w) => s + w, 0)
  let chosen = open[open.length - 1]!
  for (let i = 0; i < open.length; i++) {
    draw -= weights[i]!
    if (draw < 0) {
      chosen = open[i]!
      break
    }
  }
  const fewest = Math.min(...chosen.prompts.map((p) => p.votes))
  const candidates = chosen.prompts.filter((p) => p.votes === fewest)
  const promptId = candidates[randomIndex(input.random, candidates.length)]!.promptId
  const list = byPrompt.get(promptId)!
  const a = list.find((x) => x.botId === chosen.a)!
  const b = list.find((x) => x.botId === chosen.b)!
  return input.random() < 0.5 ? { promptId, left: a, right: b } : { promptId, left: b, right: a }
}
