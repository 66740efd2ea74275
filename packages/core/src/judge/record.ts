import type { Prompt } from "../domain/Prompt.js"
import type { ScoredRun } from "../services/Store.js"
import { agreement, type Agreement, type ScorePair } from "./agreement.js"
import type { JudgePair, JudgeScore, RubricVerdict } from "./types.js"

/** A judge's record: how often it failed, and how it agrees with the person's own scores. */
export interface JudgeRecord extends Agreement {
  readonly judge: string
  readonly judged: number
  readonly failures: number
  readonly failureRate: number | null
  /** Manual scores that are this judge's accepted suggestions: left out (they agree by construction). */
  readonly acceptedLeftOut: number
}

const isVerdict = (v: unknown): v is RubricVerdict => v === "met" || v === "partly" || v === "not met"

const field = (detail: unknown, name: string): unknown => (typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>)[name] : undefined)

/** Per-item verdicts a person gave, kept in a manual score's detail as `items: [{ index, verdict }]`. */
export const manualItems = (detail: unknown): ReadonlyMap<number, RubricVerdict> | undefined => {
  const items = field(detail, "items")
  if (!Array.isArray(items)) return undefined
  const out = new Map<number, RubricVerdict>()
  for (const i of items) if (typeof i?.index === "number" && isVerdict(i?.verdict)) out.set(i.index, i.verdict)
  return out.size > 0 ? out : undefined
}

/**
 * Pairs every run the judge scored (whole rubric) with the person's manual score of it, then the agreement
 * figures; swap consistency from its pairwise verdicts.
 */
export const judgeRecord = (
  judge: string,
  judged: ReadonlyArray<JudgeScore>,
  scores: ReadonlyArray<ScoredRun>,
  prompts: ReadonlyArray<Prompt>,
  pairs: ReadonlyArray<JudgePair>
): JudgeRecord => {
  const manual = new Map(scores.filter((s) => s.score.source === "manual").map((s) => [s.run.id, s.score]))
  const points = new Map(prompts.map((p) => [p.id, p.points]))
  const matched: Array<ScorePair> = []
  let accepted = 0
  for (const j of judged) {
    const m = manual.get(j.runId)
    if (j.status !== "scored" || j.points === null || j.partial || m === undefined) continue
    if (field(m.detail, "acceptedJudgeScore") === j.id) {
      accepted++
      continue
    }
    const mi = manualItems(m.detail)
    matched.push({
      manual: m.points,
      judge: j.points,
      max: points.get(j.promptId) ?? j.maxPoints,
      ...(mi !== undefined ? { manualItems: mi, judgeItems: new Map(j.items.map((i) => [i.index, i.verdict])) } : {})
    })
  }
  const failures = judged.filter((j) => j.status === "failed").length
  return {
    judge,
    judged: judged.length,
    failures,
    failureRate: judged.length === 0 ? null : failures / judged.length,
    acceptedLeftOut: accepted,
    ...agreement(matched, pairs)
  }
}
