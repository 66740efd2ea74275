import { describe, expect, it } from "vitest"
import { tabFactories } from "../../src/app/registry.js"
import { TABS } from "../../src/keys/tables.js"
import { seeded } from "../support/fakeContext.js"
import { cells, plain } from "../support/plain.js"

describe("every tab draws lines exactly as wide as the screen, with untrusted text inert", () => {
  for (const [w, h] of [
    [80, 21],
    [120, 37],
    [200, 60]
  ] as const) {
    it(`at ${w} columns`, () => {
      const fake = seeded()
      fake.ctx.selection.botId = 1
      const expected: Record<string, string> = {
        leaderboard: "alpha",
        ingressor: "Scoring alpha",
        egressor: "hello {red-fg}world",
        exporter: "Export the leaderboard",
        bots: "evil {bold}",
        prompts: "Booting",
        conducer: "Ctrl+T sends",
        arena: "No duel to show"
      }
      for (const t of TABS) {
        const tab = tabFactories[t.id](fake.ctx)
        tab.show()
        const lines = tab.lines({ width: w, height: h })
        expect(lines.length, t.id).toBeLessThanOrEqual(h)
        lines.forEach((l, i) => expect(cells(l), `${t.id} line ${i}: ${plain(l)}`).toBe(w))
        const text = lines.map(plain).join("\n")
        expect(text, t.id).toContain(expected[t.id])
        expect(text, t.id).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
      }
    })
  }

  it("does not break on a screen smaller than 80×24", () => {
    const fake = seeded()
    fake.ctx.selection.botId = 1
    for (const t of TABS) {
      const tab = tabFactories[t.id](fake.ctx)
      tab.show()
      for (const [w, h] of [[40, 8], [20, 3], [1, 1]] as const) expect(() => tab.lines({ width: w, height: h }), `${t.id} ${w}×${h}`).not.toThrow()
    }
  })

  it("shows a hostile bot name as text", () => {
    const fake = seeded()
    const bots = tabFactories.bots(fake.ctx)
    bots.show()
    const text = bots.lines({ width: 120, height: 30 }).join("\n")
    expect(text).toContain("evil {open}bold{close}")
    expect(plain(text)).not.toContain("\x1b")
  })

  it("draws the Leaderboard's compare view exactly as wide as the screen, a hostile bot name inert", () => {
    const fake = seeded()
    const board = tabFactories.leaderboard(fake.ctx)
    board.show()
    // alpha, then the hostile bot: mark both, compare
    board.actions.home!()
    board.actions.mark!()
    board.actions.down!()
    board.actions.mark!()
    board.actions.compare!()
    for (const [w, h] of [[80, 21], [160, 40]] as const) {
      const lines = board.lines({ width: w, height: h })
      lines.forEach((l, i) => expect(cells(l), `compare line ${i}: ${plain(l)}`).toBe(w))
      const text = lines.map(plain).join("\n")
      expect(text).toContain("evil {bold}")
      expect(text).toContain("no prompt with figures from both")
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
    }
    board.actions.clear!()
    expect(board.lines({ width: 120, height: 30 }).map(plain).join("\n")).toContain("Leaderboard —")
  })

  it("wraps the compare view's verdicts rather than cutting them", () => {
    const fake = seeded()
    const board = tabFactories.leaderboard(fake.ctx)
    board.show()
    board.actions.home!()
    board.actions.mark!()
    board.actions.down!()
    board.actions.mark!()
    board.actions.compare!()
    const lines = board.lines({ width: 36, height: 24 })
    lines.forEach((l, i) => expect(cells(l), `compare line ${i}: ${plain(l)}`).toBe(36))
    const text = lines.map((l) => plain(l).replace(/[│]/g, " ").trim()).join(" ").replace(/\s+/g, " ")
    expect(text).toContain("points no prompt with figures from both tok/s no prompt with figures from both")
  })
})
