/** What the statistics read from the store: plain numbers, no IO. */

/** A prompt as far as the statistics care: its category and what it is worth. */
export interface PromptInfo {
  readonly id: number
  readonly category: string
  readonly points: number
}

/** One scored run. */
export interface ScoreSample {
  readonly promptId: number
  readonly runId: number
  readonly points: number
  readonly pinned: boolean
}

/** One complete run's speed figures. */
export interface SpeedSample {
  readonly promptId: number
  readonly tokensPerSecond: number | null
  readonly ttftMs: number | null
}

/** A bot's scored runs and complete runs, already filtered to the parameters that count. */
export interface BotSamples {
  readonly botId: number
  readonly scores: ReadonlyArray<ScoreSample>
  readonly speeds: ReadonlyArray<SpeedSample>
}

/**
 * The scores that count per prompt: a pinned run's score alone when one is pinned, else every scored run
 * (every repeat counts; with one scored run this is the old "counted score" rule). In run order.
 */
export const scoresByPrompt = (scores: ReadonlyArray<ScoreSample>): Map<number, Array<number>> => {
  const pinned = new Map<number, number>()
  const all = new Map<number, Array<ScoreSample>>()
  for (const s of scores) {
    if (s.pinned) pinned.set(s.promptId, s.points)
    const list = all.get(s.promptId)
    if (list) list.push(s)
    else all.set(s.promptId, [s])
  }
  const out = new Map<number, Array<number>>()
  for (const [promptId, list] of all) {
    const pin = pinned.get(promptId)
    out.set(promptId, pin !== undefined ? [pin] : list.sort((a, b) => a.runId - b.runId).map((s) => s.points))
  }
  return out
}

/** The per-prompt mean of a speed figure over complete runs (null figures skipped). */
export const speedByPrompt = (speeds: ReadonlyArray<SpeedSample>, figure: "tokensPerSecond" | "ttftMs"): Map<number, Array<number>> => {
  const out = new Map<number, Array<number>>()
  for (const s of speeds) {
    const v = s[figure]
    if (v === null || !Number.isFinite(v)) continue
    const list = out.get(s.promptId)
    if (list) list.push(v)
    else out.set(s.promptId, [v])
  }
  return out
}

/** A prompt is flaky for a bot when its repeats' scores spread over more than a third of its points. */
export const isFlaky = (scores: ReadonlyArray<number>, points: number): boolean => {
  if (scores.length < 2) return false
  let lo = Infinity
  let hi = -Infinity
  for (const s of scores) {
    if (s < lo) lo = s
    if (s > hi) hi = s
  }
  return hi - lo > points / 3
}
