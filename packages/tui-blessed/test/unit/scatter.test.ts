import { describe, expect, it } from "vitest"
import { scatter } from "../../src/presentation/scatter.js"

const untag = (s: string) => s.replace(/\{[^}]*\}/g, "")

describe("scatter", () => {
  it("puts a point's dots in the right cell: origin bottom-left, top-right corner last cell", () => {
    const lines = scatter([{ x: 0, y: 0, highlight: false }, { x: 10, y: 10, highlight: true }], { width: 5, height: 3, xMax: 10, yMax: 10 })
    expect(lines).toHaveLength(3)
    const plain = lines.map(untag)
    plain.forEach((l) => expect([...l]).toHaveLength(5))
    expect(plain[2]![0]).not.toBe(" ")
    expect(plain[0]![4]).not.toBe(" ")
    expect(plain[1]).toBe("     ")
    // the highlighted point is drawn in red, the other one plain
    expect(lines[0]).toContain("{red-fg}")
    expect(lines[2]).not.toContain("{red-fg}")
  })

  it("draws the line in grey, under the points", () => {
    const lines = scatter([], { width: 10, height: 2, xMax: 10, yMax: 10, line: [{ x: 0, y: 5 }, { x: 10, y: 5 }] })
    expect(lines.join("")).toContain("{gray-fg}")
    expect(untag(lines.join("")).replace(/ /g, "").length).toBeGreaterThanOrEqual(10)
  })
})
