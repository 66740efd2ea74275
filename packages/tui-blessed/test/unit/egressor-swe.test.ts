import { describe, expect, it } from "vitest"
import { sweLine } from "../../src/tabs/egressor/view.js"

describe("the Egressor's swe line", () => {
  it("shows every part of an automatic swe score with its evidence", () => {
    expect(
      sweLine({ kind: "swe", verdict: "ok", parts: { runnable: 50, correct: 194, coverage: 103, explanation: 40, suggestions: 15 }, total: 402, reference: { passed: 31, total: 40 }, coverage: 85.8 })
    ).toBe("SWE ok: runnable 50/50 · correct 194/250 (31/40 reference tests) · coverage 103/120 (85.8%) · explanation 40/60 · suggestions 15/20 = 402/500")
  })
})
