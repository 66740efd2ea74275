import { cellsOf } from "@llp/core"
import { describe, expect, it } from "vitest"
import { table } from "../src/cli/print.js"

describe("tables on stdout", () => {
  it("line up names with emoji, CJK, combining marks and ZWJ sequences by terminal cells", () => {
    const out = table(["BOT", "TOTAL"], [["Gamma 🦙", 10], ["漢字 bot 👨‍👩‍👧 e\u0301", 5], ["plain", 0]], [1])
    const lines = out.trimEnd().split("\n")
    // every row's last column ends at the same cell
    const ends = lines.map((l) => cellsOf(l))
    expect(new Set(ends).size).toBe(1)
    expect(out).toContain("👨👩👧") // drawn without the joiners terminals disagree on
  })
  it("cuts long text by cells", () => {
    const out = table(["NAME"], [["🦙".repeat(40)]])
    expect(cellsOf(out.split("\n")[2]!)).toBeLessThanOrEqual(60)
  })
})
