import { describe, expect, it } from "vitest"
import { markdownText, toMarkdown } from "../src/index.js"
import { categories, rows } from "./fixture.js"

/** A GFM table row's cells: split on pipes that are not escaped. */
const cells = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim())

describe("toMarkdown", () => {
  const md = toMarkdown(rows, categories)
  const table = md.split("\n").filter((l) => l.startsWith("|"))

  it("has a title, one table row per bot and one header, all with the same number of cells", () => {
    expect(md.startsWith("# LLP leaderboard\n")).toBe(true)
    expect(table).toHaveLength(rows.length + 2)
    const width = cells(table[0]!).length
    expect(width).toBe(4 + categories.length + 6)
    for (const line of table) expect(cells(line)).toHaveLength(width)
  })

  it("shows the same numbers as the other formats", () => {
    const first = cells(table[2]!)
    expect(first).toEqual(["1", 'Llama "3.3", 70B', "lmstudio", "llama-3.3-70b-instruct", "300", "910.5", "402", "1612.5", "1.6", "17.26", "1234", "3 / 40", "4"])
  })

  it("keeps names as text: one line, markup escaped", () => {
    expect(markdownText("a | b")).toBe("a \\| b")
    expect(markdownText("two\nlines\r\nhere")).toBe("two lines here")
    expect(markdownText("back\\slash")).toBe("back\\\\slash")
    expect(markdownText("<img src=x onerror=alert(1)>")).toBe("\\<img src\\=x onerror\\=alert(1)\\>")
    expect(markdownText("*bold* _it_ `code` [link](x) ~~s~~ $x$ %%c%% &amp;")).toBe(
      "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ \\$x\\$ \\%\\%c\\%\\% \\&amp;"
    )
    expect(markdownText("Mô hình tiếng Việt 🦙")).toBe("Mô hình tiếng Việt 🦙")
    expect(markdownText("see https://x.example or www.y.example, qwen2.5:7b")).toBe("see https\\://x.example or www\\.y.example, qwen2.5:7b")
  })

  it("has the two Mermaid bar charts, with a legend for the stacked one, and the frontier's quadrant charts", () => {
    expect(md.match(/```mermaid\nquadrantChart/g)?.length).toBeGreaterThan(0)
    expect(md.match(/```mermaid\n%%\{init/g)).toHaveLength(2)
    expect(md).toContain("Each bar stacks the categories from left to right: Booting (blue), Programming \\| Code \\& \\*more\\* (orange), Dịch thuật (red).")
  })
})
