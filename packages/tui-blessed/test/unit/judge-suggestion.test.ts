import { describe, expect, it } from "vitest"
import type { JudgeScore } from "@llp/core"
import { suggestionLines } from "../../src/tabs/ingressor/judge.js"

const base: JudgeScore = {
  id: 1, runId: 1, judgeBotId: 3, judge: "qwen2.5-0.5b-instruct-q4_k_m.gguf", botId: 1, promptId: 1, category: "booting",
  status: "scored", points: 21.5, maxPoints: 40, partial: false, items: [], raw: [], error: null, seed: 1, order: [], source: "judge",
  createdAt: "2026-12-04T06:00:00.000Z"
}

// blessed tags aside, the visible text of the lines
const text = (lines: ReadonlyArray<string>) => lines.map((l) => l.replace(/\{[^}]*\}/g, "").trimEnd()).join(" ")

describe("the Ingressor's judge suggestion", () => {
  it("wraps its head line: a long judge name does not cut the suggested points or the keys (the rubric pane is ~50 columns at 120)", () => {
    const { head } = suggestionLines(base, 40, 50)
    expect(text(head)).toContain("suggests 21.5 of 40")
    expect(text(head)).toContain("Ctrl+O accept, Ctrl+G edit")
    for (const l of head) expect(l.replace(/\{[^}]*\}/g, "").length).toBeLessThanOrEqual(50)
  })

  it("wraps a failure's reason too", () => {
    const { head } = suggestionLines({ ...base, status: "failed", points: null, error: "answer 1: not JSON (Unexpected token 'X'); answer 2: not JSON (Unexpected token 'X')" }, 40, 50)
    expect(text(head)).toContain("answer 2: not JSON (Unexpected token 'X')")
  })
})
