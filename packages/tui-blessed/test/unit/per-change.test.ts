import { describe, expect, it } from "vitest"
import type { JudgeScore } from "@llp/core"
import { painter } from "../../src/app/colors.js"
import { suggestionFor, suggestionsByRun } from "../../src/tabs/ingressor/judge.js"
import * as Ing from "../../src/tabs/ingressor/state.js"
import { frontierOf } from "../../src/tabs/leaderboard/frontierView.js"
import * as Lb from "../../src/tabs/leaderboard/state.js"

const suggestion = (id: number, runId: number, status: JudgeScore["status"], createdAt: string): JudgeScore => ({
  id, runId, judgeBotId: 9, judge: "J", botId: 1, promptId: 1, category: "a", status, points: status === "scored" ? id : null, maxPoints: 40,
  partial: false, items: [], raw: [], error: null, seed: 1, order: [], source: "judge", createdAt
})

// what a frame reads is worked out when the data changes, not on every frame
describe("per change, not per frame", () => {
  it("the frontier of a ranking and category is computed once; a new ranking computes it again", () => {
    const s = Lb.loaded(
      Lb.init(),
      { totals: [{ botId: 1, bot: "a", provider: "demo", model: "m", points: { x: 5 }, scored: 1, runs: 1, avgTokensPerSecond: 10, avgTtftMs: null }], categories: [{ key: "x", title: "X", points: 10 }], promptCount: 1 },
      null,
      10
    )
    const f = frontierOf(s, "x")
    expect(frontierOf(s, "x")).toBe(f)
    expect(f.optimal.map((e) => e.input.bot)).toEqual(["a"])
    const resorted = Lb.toggleReverse(s, 10)
    expect(frontierOf(resorted, "x")).not.toBe(f)
    expect(frontierOf(resorted, "x")).toEqual(f)
  })

  it("the Ingressor's suggestion per run is looked up, as suggestionFor would choose it (newest scored, else newest)", () => {
    const all = [suggestion(1, 7, "failed", "2026-01-03"), suggestion(2, 7, "scored", "2026-01-01"), suggestion(3, 7, "scored", "2026-01-02"), suggestion(4, 8, "failed", "2026-01-01")]
    const map = suggestionsByRun(all)
    expect(map.get(7)).toBe(suggestionFor(all, 7))
    expect(map.get(7)?.id).toBe(3)
    expect(map.get(8)?.id).toBe(4)
    const s = Ing.loaded(Ing.init(), { bot: null, categories: [], prompts: [], scores: [], suggestions: all })
    expect(Ing.suggestionOf(s, 7)?.id).toBe(3)
    expect(s.suggestionByRun).toBe(Ing.scrollRubric(s, 1).suggestionByRun)
  })

  it("a box is painted only when its content changed", () => {
    const painted: Array<string> = []
    const paint = painter((c) => {
      painted.push(c)
      return c.replace(/\{gray-fg\}|\{\/gray-fg\}/g, "")
    })
    const box = { content: "", setContent(c: string) { this.content = c } }
    paint(box, "{gray-fg}hint{/gray-fg}")
    paint(box, "{gray-fg}hint{/gray-fg}")
    expect(painted).toHaveLength(1)
    expect(box.content).toBe("hint")
    paint(box, "other")
    expect(box.content).toBe("other")
    const other = { content: "", setContent(c: string) { this.content = c } }
    paint(other, "other")
    expect(other.content).toBe("other")
  })
})
