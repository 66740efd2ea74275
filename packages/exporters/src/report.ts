import { Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import { loadLeaderboard } from "./export.js"
import type { ReportAnswer, ReportData } from "./html.js"

/** What the HTML report shows: the leaderboard and, per bot and prompt, the latest complete answer with its counted score. */
export const loadReport = (generatedAt: string): Effect.Effect<ReportData, StoreFailure, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const { rows, categories } = yield* loadLeaderboard("total", { arena: false })
    const [prompts, runs, scores] = yield* Effect.all([store.listPrompts(), store.listRuns({ status: "complete", limit: 1_000_000 }), store.listScores()])
    const counted = new Map(scores.filter((s) => s.counted).map((s) => [`${s.run.botId}:${s.run.promptId}`, s]))
    const byPrompt = new Map(prompts.map((p) => [p.id, p]))
    const answers: Array<ReportAnswer> = []
    const seen = new Set<string>()
    // the counted run first (it is what the points are for), else the newest complete one
    for (const s of counted.values()) {
      const p = byPrompt.get(s.run.promptId)
      if (p === undefined) continue
      seen.add(`${s.run.botId}:${p.id}`)
      answers.push({ botId: s.run.botId, promptId: p.id, category: p.category, prompt: p.title, max: p.points, points: s.score.points, note: s.score.note, output: s.run.output, tokensPerSecond: s.run.tokensPerSecond })
    }
    for (const r of runs) {
      const key = `${r.botId}:${r.promptId}`
      const p = byPrompt.get(r.promptId)
      if (seen.has(key) || p === undefined) continue
      seen.add(key)
      answers.push({ botId: r.botId, promptId: p.id, category: p.category, prompt: p.title, max: p.points, points: null, note: "", output: r.output, tokensPerSecond: r.tokensPerSecond })
    }
    // in the suites' order (listPrompts gives it)
    const order = new Map(prompts.map((p, i) => [p.id, i]))
    answers.sort((a, b) => order.get(a.promptId)! - order.get(b.promptId)!)
    return { rows, categories, answers, generatedAt }
  })
