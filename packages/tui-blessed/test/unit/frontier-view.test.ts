import { describe, expect, it } from "vitest"
import { tabFactories } from "../../src/app/registry.js"
import { seeded } from "../support/fakeContext.js"
import { cells, plain } from "../support/plain.js"

describe("the Leaderboard's frontier view", () => {
  it("draws lines exactly as wide as the screen at every size, and does not break on tiny ones", () => {
    const fake = seeded()
    const tab = tabFactories.leaderboard(fake.ctx)
    tab.show()
    tab.actions.frontier!()
    for (const [w, h] of [[80, 21], [120, 37], [200, 60], [50, 12]] as const) {
      const lines = tab.lines({ width: w, height: h })
      expect(lines.length).toBeLessThanOrEqual(h)
      lines.forEach((l, i) => expect(cells(l), `${w}×${h} line ${i}: ${plain(l)}`).toBe(w))
      expect(lines.map(plain).join("\n")).toContain("Frontier — Total")
    }
    for (const [w, h] of [[40, 8], [20, 3], [1, 1]] as const) expect(() => tab.lines({ width: w, height: h })).not.toThrow()
  })
})
