/**
 * Per-prompt gains and losses between two bots (two variants of a sweep, say): where B scored more
 * or less than A, biggest change first. Pure; only prompts both bots have a score for are compared.
 */

export interface PromptScore {
  readonly promptId: number
  readonly category: string
  readonly title: string
  /** The prompt's maximum. */
  readonly max: number
  readonly points: number
}

export interface PromptDiff {
  readonly promptId: number
  readonly category: string
  readonly title: string
  readonly max: number
  readonly a: number
  readonly b: number
  /** b − a: positive is a gain for B. */
  readonly delta: number
}

export interface PromptDiffs {
  /** Changed prompts, largest |delta| first (then category, then prompt id). */
  readonly changed: ReadonlyArray<PromptDiff>
  readonly unchanged: number
  /** Scored for one bot only. */
  readonly onlyA: number
  readonly onlyB: number
  /** Sum of the deltas over the compared prompts. */
  readonly net: number
}

export const promptDiffs = (a: ReadonlyArray<PromptScore>, b: ReadonlyArray<PromptScore>): PromptDiffs => {
  const byPrompt = new Map(b.map((s) => [s.promptId, s]))
  const changed: Array<PromptDiff> = []
  let unchanged = 0
  let net = 0
  const seen = new Set<number>()
  for (const x of a) {
    const y = byPrompt.get(x.promptId)
    if (y === undefined) continue
    seen.add(x.promptId)
    const delta = y.points - x.points
    net += delta
    if (delta === 0) unchanged++
    else changed.push({ promptId: x.promptId, category: x.category, title: x.title, max: x.max, a: x.points, b: y.points, delta })
  }
  changed.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || q.delta - p.delta || p.category.localeCompare(q.category) || p.promptId - q.promptId)
  return { changed, unchanged, onlyA: a.length - seen.size, onlyB: b.filter((s) => !seen.has(s.promptId)).length, net }
}
