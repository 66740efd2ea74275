/** What a judge says of one rubric item. */
export const VERDICTS = ["met", "partly", "not met"] as const
export type RubricVerdict = (typeof VERDICTS)[number]

/** Share of an item's points each verdict earns: partly is half. */
export const VERDICT_SHARE: Readonly<Record<RubricVerdict, number>> = { met: 1, partly: 0.5, "not met": 0 }

/** A rubric item as the judge sees it: its index in the prompt's rubric, its points and text. */
export interface JudgeItem {
  /** Index in the prompt's rubric (0-based); the id sent is `item<index + 1>`. */
  readonly index: number
  readonly points: number
  readonly text: string
}

export interface ItemVerdict {
  readonly index: number
  readonly points: number
  readonly text: string
  readonly verdict: RubricVerdict
  readonly reason: string
  /** Points this verdict earns: points × share. */
  readonly awarded: number
}

export type JudgeStatus = "scored" | "failed"

/** A judge's suggestion for one run (source 'judge'): never counted unless asked, a manual score always wins. */
export interface JudgeScore {
  readonly id: number
  readonly runId: number
  readonly judgeBotId: number
  readonly judge: string
  readonly botId: number
  readonly promptId: number
  readonly category: string
  readonly status: JudgeStatus
  /** null when the judge failed: a failure is never 0 points. */
  readonly points: number | null
  /** The points of the items judged (less than the prompt's when some items are scored automatically). */
  readonly maxPoints: number
  /** true when only part of the rubric was the judge's to score (the swe task). */
  readonly partial: boolean
  readonly items: ReadonlyArray<ItemVerdict>
  /** The judge's answers verbatim, one per attempt. */
  readonly raw: ReadonlyArray<string>
  readonly error: string | null
  readonly seed: number
  /** The rubric indexes in the order they were sent. */
  readonly order: ReadonlyArray<number>
  readonly source: "judge"
  readonly createdAt: string
}

export type JudgeScoreInput = Omit<JudgeScore, "id" | "judge" | "botId" | "promptId" | "category" | "source" | "createdAt">

export interface JudgeScoreFilter {
  readonly judgeBotId?: number
  readonly runId?: number
  readonly botId?: number
  readonly category?: string
}

/** Points a bot earns from judge suggestions, per category, on prompts without a counted score of its own. */
export interface JudgePoints {
  readonly botId: number
  readonly category: string
  readonly points: number
  readonly scored: number
}

/** A pairwise comparison of two runs of one prompt, asked in both orders. */
export interface JudgePair {
  readonly id: number
  readonly judgeBotId: number
  readonly promptId: number
  readonly runA: number
  readonly runB: number
  /** The verdict with run A shown first. */
  readonly asked: "A" | "B" | "tie"
  /** The verdict with run B shown first (as shown: "A" there means run B). */
  readonly swapped: "A" | "B" | "tie"
  /** Which run won; a verdict that did not survive the swap is a tie. */
  readonly outcome: "a" | "b" | "tie"
  readonly consistent: boolean
  readonly raw: ReadonlyArray<string>
  readonly createdAt: string
}

export type JudgePairInput = Omit<JudgePair, "id" | "createdAt">
