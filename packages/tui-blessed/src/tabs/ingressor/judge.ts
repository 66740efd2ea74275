import type { JudgeScore } from "@llp/core"
import { cell, color, wrap } from "../../presentation/text.js"

/** A run's judge suggestion to show: the newest scored one, else the newest failure. */
export const suggestionFor = (suggestions: ReadonlyArray<JudgeScore>, runId: number): JudgeScore | undefined => {
  const mine = suggestions.filter((s) => s.runId === runId).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
  return mine.find((s) => s.status === "scored") ?? mine[0]
}

/** What a manual score that accepts a suggestion keeps: which suggestion, and its verdicts (agreement leaves it out). */
export const acceptedDetail = (s: JudgeScore) => ({
  acceptedJudgeScore: s.id,
  judge: s.judge,
  items: s.items.map((i) => ({ index: i.index, verdict: i.verdict }))
})

const VERDICT_COLOR = { met: "green", partly: "yellow", "not met": "red" } as const

/** The suggestion's head line and, per rubric index, its verdict lines (the reason wrapped); all model text rendered inert. */
export const suggestionLines = (s: JudgeScore, promptPoints: number, w: number): { head: Array<string>; items: Map<number, Array<string>> } => {
  const items = new Map<number, Array<string>>()
  // the head wraps: a long judge name must not cut the points or the keys off the pane
  const head = (text: string, c: "red" | "magenta") => wrap(text, Math.max(1, w)).map((l) => color(c, cell(l, w)))
  if (s.status === "failed") return { head: head(`Judge ${s.judge} failed: ${s.error ?? "no answer"}`, "red"), items }
  for (const i of s.items) items.set(i.index, wrap(`judge: ${i.verdict} — ${i.reason}`, Math.max(1, w - 2)).map((l) => color(VERDICT_COLOR[i.verdict], cell(`  ${l}`, w))))
  const of = s.partial ? `${s.maxPoints} (its part)` : `${promptPoints}`
  return { head: head(`Judge ${s.judge} suggests ${s.points} of ${of} — Ctrl+O accept, Ctrl+G edit`, "magenta"), items }
}

/** suggestionFor of every run at once: one pass when the suggestions arrive, a lookup per frame. */
export const suggestionsByRun = (suggestions: ReadonlyArray<JudgeScore>): Map<number, JudgeScore> => {
  const byRun = new Map<number, Array<JudgeScore>>()
  for (const x of suggestions) {
    const mine = byRun.get(x.runId)
    if (mine) mine.push(x)
    else byRun.set(x.runId, [x])
  }
  return new Map([...byRun].map(([runId, mine]) => [runId, suggestionFor(mine, runId)!]))
}

export const runSuggestionLabel = (s: JudgeScore | undefined): string => {
  return s === undefined ? "" : s.status === "scored" ? ` — judge ${s.points}` : " — judge failed"
}
