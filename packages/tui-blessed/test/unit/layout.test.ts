import { describe, expect, it } from "vitest"
import { columnWidths, frame, hjoin, inputLine, row, split } from "../../src/presentation/layout.js"
import { listLines } from "../../src/presentation/list.js"
import { footer, statusLines, tabBar } from "../../src/presentation/chrome.js"
import { listCursor } from "../../src/widgets/listCursor.js"
import { plain } from "../support/plain.js"

describe("layout", () => {
  it("splits widths and drops columns that do not fit, from the right", () => {
    expect(split(80, [1, 1])).toEqual([40, 40])
    expect(split(81, [34, 22, 44], 14).reduce((a, b) => a + b)).toBe(81)
    const cols = [
      { title: "#", min: 3 },
      { title: "Bot", min: 10, flex: true },
      { title: "A", min: 20 },
      { title: "B", min: 20 }
    ]
    expect(columnWidths(cols, 80)).toEqual([3, 34, 20, 20])
    expect(columnWidths(cols, 40)).toEqual([3, 15, 20, 0])
  })

  it("rounds a number that does not fit its column instead of cutting it (298.7 in four cells is 299, not 298…)", () => {
    const cols = [{ title: "a", min: 4, align: "right" as const }, { title: "b", min: 4, align: "right" as const }, { title: "c", min: 4 }]
    expect(plain(row(cols, [4, 4, 4], ["298.7", "-12.25", "Gamma"], 14))).toBe(" 299  -12 Gam…")
    expect(plain(row(cols, [4, 4, 4], ["12.25", "1,234.5", "x"], 14))).toBe("12.3 1,2… x   ")
  })

  it("draws frames and rows exactly as wide as asked", () => {
    const f = frame("Title {x}", 30, 5, (iw) => [row([{ title: "a", min: 5 }, { title: "b", min: 5, flex: true }], [5, iw - 6], ["x", "y"], iw)], true)
    expect(f).toHaveLength(5)
    for (const l of f) expect(plain(l)).toHaveLength(30)
    expect(plain(f[0]!)).toContain("Title {x}")
    const j = hjoin({ w: 3, lines: ["aaa"] }, { w: 2, lines: ["bb", "cc"] })
    expect(j).toEqual(["aaabb", "   cc"])
  })

  it("draws only the visible window of a long list", () => {
    let calls = 0
    const lines = listLines(10_000, { selected: 9_999, top: 0 }, 20, 5, true, (i, w) => {
      calls++
      return String(i).padEnd(w)
    })
    expect(calls).toBe(5)
    expect(plain(lines[4]!)).toBe("9999".padEnd(20))
    expect(lines[4]).toContain("{inverse}")
    expect(plain(listLines(0, listCursor(), 10, 2, true, () => "", "empty")[0]!)).toBe("empty     ")
  })

  it("shows an input with its cursor, scrolled to keep the cursor in view", () => {
    expect(plain(inputLine("hello", 5, 10, true))).toBe("hello     ")
    expect(inputLine("hello", 1, 10, true)).toContain("{inverse}e{/inverse}")
    expect(plain(inputLine("a very long value indeed", 24, 10, true))).toHaveLength(10)
    expect(plain(inputLine("", 0, 10, false, "/ filter"))).toBe("/ filter  ")
  })

  it("builds the tab bar, the footer and the status lines", () => {
    const bar = tabBar([{ label: "Leaderboard", mark: 0, active: true }, { label: "Exporter", mark: 1, active: false }], 40, "F1 help")
    expect(plain(bar)).toHaveLength(40)
    expect(plain(bar)).toMatch(/^ Leaderboard  Exporter +F1 help$/)
    expect(bar).toContain("{underline}x{/underline}")
    expect(plain(footer([{ key: "^T", label: "send" }, { key: "F1", label: "help" }], 20))).toBe("^T send  F1 help    ")
    const status = statusLines({ text: "a long message ".repeat(10), kind: "error" }, 30)
    expect(status.length).toBe(3)
    for (const l of status) expect(plain(l)).toHaveLength(30)
  })
})
