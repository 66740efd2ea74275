/** The seed's Task 5 points. */
export const SWE_MAX = { runnable: 50, runnableAdjusted: 10, correct: 250, coverage: 120, explanation: 60, suggestions: 20, total: 500 } as const

export interface SweParts {
  /** 50 if it builds and its own tests pass on the first try (adjustment 0), 10 after a minor adjustment (1), else 0. */
  readonly runnable: number
  /** round(250 × reference tests passed / total) */
  readonly correct: number
  /** round(120 × statement coverage % / 100) */
  readonly coverage: number
  /** From the header (manual). */
  readonly explanation: number
  /** From the header (manual). */
  readonly suggestions: number
}

export interface PointsInput {
  readonly adjustment: -1 | 0 | 1
  readonly explanation: number
  readonly suggestions: number
  /** Built, and its own tests passed, within the limits. */
  readonly ownTestsPass: boolean
  /** Statement coverage % of its own tests, or null when not measured. */
  readonly coveragePercent: number | null
  readonly referencePassed: number
  readonly referenceTotal: number
}

const clamp = (x: number, max: number) => Math.min(Math.max(x, 0), max)

export const points = (i: PointsInput): SweParts => {
  if (i.adjustment === -1) return { runnable: 0, correct: 0, coverage: 0, explanation: 0, suggestions: 0 }
  return {
    runnable: i.ownTestsPass ? (i.adjustment === 0 ? SWE_MAX.runnable : SWE_MAX.runnableAdjusted) : 0,
    correct: i.referenceTotal > 0 ? clamp(Math.round((SWE_MAX.correct * i.referencePassed) / i.referenceTotal), SWE_MAX.correct) : 0,
    coverage: i.coveragePercent === null ? 0 : clamp(Math.round((SWE_MAX.coverage * i.coveragePercent) / 100), SWE_MAX.coverage),
    explanation: clamp(i.explanation, SWE_MAX.explanation),
    suggestions: clamp(i.suggestions, SWE_MAX.suggestions)
  }
}

export const totalOf = (p: SweParts): number => Math.min(p.runnable + p.correct + p.coverage + p.explanation + p.suggestions, SWE_MAX.total)
