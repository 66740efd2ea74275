import { JSDOM } from "jsdom"
import type { Mermaid } from "mermaid"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { categoriesChart, type CategorySummary, frontierQuadrant, frontierQuadrants, mermaidText, toMarkdown, totalsChart } from "../src/index.js"
import { categories, rows } from "./fixture.js"
import { rank } from "@llp/core"

/**
 * Mermaid 11 parses in Node once there is a DOM for its HTML sanitizer (DOMPurify): jsdom gives it one.
 * Drawing needs a browser's text measurement, so these tests parse and read back what the diagram
 * holds; the drawn result was checked by hand in headless Chromium (see README).
 */
let mermaid: Mermaid
beforeAll(async () => {
  const dom = new JSDOM("<!doctype html><html><body></body></html>")
  Object.assign(globalThis, { window: dom.window, document: dom.window.document })
  mermaid = (await import("mermaid")).default
}, 20000)
afterAll(() => {
  delete (globalThis as { window?: unknown }).window
  delete (globalThis as { document?: unknown }).document
})

/** What a label shows once drawn: Mermaid's entity codes decoded the way its renderer does. */
const shown = (label: string) => {
  const html = label.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";")
  const el = (globalThis as unknown as { document: Document }).document.createElement("span")
  el.innerHTML = html
  return el.textContent
}

interface XYData {
  readonly xAxis: { readonly categories: ReadonlyArray<string> }
  readonly yAxis: { readonly min: number; readonly max: number }
  readonly plots: ReadonlyArray<{ readonly type: string; readonly fill: string; readonly data: ReadonlyArray<[string, number]> }>
}

const diagram = async (text: string) => {
  const parsed = await mermaid.parse(text)
  expect(parsed).toMatchObject({ diagramType: "xychart" })
  const d = (await mermaid.mermaidAPI.getDiagramFromText(text)) as unknown as { db: { getXYChartData(): XYData; getDiagramTitle(): string } }
  return { data: d.db.getXYChartData(), title: d.db.getDiagramTitle() }
}

const blocks = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!)

/** The name on one line, without control and bidi characters: what a chart label shows, if not cut. */
const oneLine = (name: string) => name.replace(/[\u202e]/g, "").replace(/\s+/g, " ").trim()

/** A label shows the name, or a cut of it that ends with an ellipsis. */
const expectLabel = (shownLabel: string | null, name: string) => {
  const full = oneLine(name)
  if (shownLabel === full || (full === "" && shownLabel === "\u00a0")) return
  expect(shownLabel?.endsWith("…"), `${JSON.stringify(shownLabel)} for ${JSON.stringify(name)}`).toBe(true)
  expect(full.startsWith(shownLabel!.slice(0, -1)), `${JSON.stringify(shownLabel)} for ${JSON.stringify(name)}`).toBe(true)
}

describe("Mermaid charts", () => {
  it("the parser is real: a broken chart fails", async () => {
    await expect(mermaid.parse('xychart-beta\n  x-axis ["a "b", c"]\n  bar [1]')).rejects.toThrow()
  })

  it("both charts of the Markdown export parse, and show every awkward name exactly", async () => {
    const charts = blocks(toMarkdown(rows, categories)).filter((b) => b.includes("xychart-beta"))
    expect(charts).toHaveLength(2)
    for (const chart of charts) {
      const { data } = await diagram(chart)
      const labels = data.xAxis.categories.map(shown)
      labels.forEach((l, i) => expectLabel(l, rows[i]!.bot))
      expect(labels).toContain('Llama "3.3", 70B')
      expect(labels).toContain("Mô hình tiếng Việt 🦙")
      expect(labels).toContain("two lines ] [x] #1; 100% a:b")
    }
  })

  it("the totals chart has the totals, on an axis up to the most points there are", async () => {
    const { data, title } = await diagram(totalsChart(rows, categories)!)
    expect(title).toBe("Total points")
    expect(data.yAxis).toMatchObject({ min: 0, max: 2215 })
    expect(data.plots).toHaveLength(1)
    expect(data.plots[0]!.data.map(([, v]) => v)).toEqual(rows.map((r) => r.total))
  })

  it("the stacked chart's segments are the points per category, in the legend's colors", async () => {
    const { data } = await diagram(categoriesChart(rows, categories)!)
    expect(data.plots.map((p) => p.fill)).toEqual(["#e15759", "#f28e2b", "#4e79a7"])
    // series are running sums, largest first; a segment is the difference of two neighbours
    const series = [...data.plots].reverse().map((p) => p.data.map(([, v]) => v))
    rows.forEach((row, b) => {
      categories.forEach((c, i) => {
        const below = i === 0 ? 0 : series[i - 1]![b]!
        expect(series[i]![b]! - below).toBeCloseTo(row.points[c.key] ?? 0, 6)
      })
    })
  })

  it("no name can break a chart or change what it says", async () => {
    const hostile = [
      'a "b", c',
      "]] ] [ [",
      "line\nbreak\r\nand\ttab",
      "%%{init: {'theme': 'dark'}}%%",
      "%% comment",
      "#quot; #35; #lt;b#gt; &amp; &#60;",
      "<script>alert(1)</script><img src=x onerror=alert(1)>",
      "style fill:#f00; classDef x fill:#0f0;",
      "Freestyle:\"x\" C#;",
      "x-axis [1] \n bar [2]",
      "`code` \\ back \\\\ slash; semi: colon",
      "ends with a quote\"",
      "🦙‍🔥 Mô hình tiếng Việt ‮reversed",
      "=1+2 @SUM(A1) -3 +4",
      "a".repeat(120),
      "W".repeat(60),
      "中文模型名字很长很长很长很长很长很长很长很长很长很长很长",
      "a & b < c > d",
      " ",
      "accTitle: x"
    ]
    const cats: ReadonlyArray<CategorySummary> = [{ key: "c", title: "C", points: 10 }]
    const hostileRows = rank(
      hostile.map((bot, i) => ({ botId: i + 1, bot, provider: "p", model: "m", points: { c: i % 10 }, scored: 1, runs: 1, avgTokensPerSecond: null, avgTtftMs: null })),
      [{ key: "c" }],
      1
    )
    for (const chart of [totalsChart(hostileRows, cats)!, categoriesChart(hostileRows, cats)!]) {
      const { data } = await diagram(chart)
      expect(data.xAxis.categories).toHaveLength(hostile.length)
      data.xAxis.categories.forEach((c, i) => expectLabel(shown(c), hostileRows[i]!.bot))
      // what fits is not cut
      const notCut = hostileRows.flatMap((r, i) => (r.bot.length < 25 && !/[<>"]/.test(r.bot) ? [i] : []))
      expect(notCut.length).toBeGreaterThan(5)
      for (const i of notCut) expect(shown(data.xAxis.categories[i]!)).toBe(oneLine(hostileRows[i]!.bot) || "\u00a0")
      expect(data.plots).toHaveLength(1)
      // the palette stayed ours: no name slipped in a directive
      expect(data.plots[0]!.fill).toBe("#4e79a7")
    }
  })

  it("cuts a label by its width, counting entity codes as Mermaid measures them", () => {
    expect(mermaidText("a".repeat(44))).toBe("a".repeat(44))
    expect(mermaidText("a".repeat(45))).toBe(`${"a".repeat(43)}…`)
    expect(mermaidText('"'.repeat(10))).toBe(`${"#34;".repeat(6)}…`)
    expect(mermaidText("🦙".repeat(30))).toBe(`${"🦙".repeat(21)}…`)
  })

  it("escapes as little as it can", () => {
    expect(mermaidText("Qwen2.5-Coder-32B-Instruct:Q5_K_M (mlx)")).toBe("Qwen2.5-Coder-32B-Instruct:Q5_K_M (mlx)")
    expect(mermaidText('a "b", c]')).toBe("a #34;b#34;, c]")
    expect(mermaidText("C# and #35;")).toBe("C# and #35;35;")
    expect(mermaidText("100%% <b>")).toBe("100#37;% #60;b#62;")
  })

  it("has no chart for an empty leaderboard", () => {
    expect(totalsChart([], categories)).toBeNull()
    expect(categoriesChart(rows, [])).toBeNull()
    expect(toMarkdown([], categories)).toBe("# LLP leaderboard\n\n_No bots on the leaderboard yet._\n")
  })
})

describe("the frontier as a Mermaid quadrant chart", () => {
  interface QuadrantPoint {
    readonly x: number
    readonly y: number
    readonly text: { readonly text: string }
  }
  const quadrant = async (text: string) => {
    expect(await mermaid.parse(text)).toMatchObject({ diagramType: "quadrantChart" })
    const d = (await mermaid.mermaidAPI.getDiagramFromText(text)) as unknown as { db: { getQuadrantData(): { points: ReadonlyArray<QuadrantPoint> } } }
    return d.db.getQuadrantData().points.map((p) => p.text.text)
  }

  it("every quadrant of the Markdown export parses, with one point per bot that has points and a speed, names shown whole", async () => {
    const md = toMarkdown(rows, categories)
    const charts = blocks(md).filter((b) => b.startsWith("quadrantChart"))
    expect(charts.length).toBe(frontierQuadrants(rows, categories).length)
    const total = await quadrant(charts[0]!)
    const placed = rows.filter((r) => r.total > 0 && r.avgTokensPerSecond !== null)
    expect(total).toHaveLength(placed.length)
    // Mermaid lists the points last first: match each label to its bot
    const fits = (label: string | null, name: string) => label === oneLine(name) || (label !== null && label.endsWith("…") && oneLine(name).startsWith(label.slice(0, -1)))
    const matched = total.map((label) => placed.filter((r) => fits(shown(label), r.bot)).map((r) => r.botId))
    expect(matched.every((ids) => ids.length === 1)).toBe(true)
    expect(new Set(matched.flat()).size).toBe(placed.length)
    for (const chart of charts.slice(1)) await quadrant(chart)
    expect(md).toContain("## Quality against speed")
    expect(md).toMatch(/On the frontier: /)
  })

  it("puts the fastest bot at the right edge and no name can break it", async () => {
    const mk = (botId: number, bot: string, total: number, tps: number) =>
      rank([{ botId, bot, provider: "p", model: "m", points: { a: total }, scored: 1, runs: 1, avgTokensPerSecond: tps, avgTtftMs: null }], [{ key: "a" }], 1)[0]!
    const awkward = ['x-axis "quoted" [1]: 2', "`tick` first", "%%{init: {}}%%", "quadrant-1 here", "title", "a\nb"]
    const many = awkward.map((name, i) => mk(i + 1, name, 100 * (i + 1), 10 * (i + 1)))
    const q = frontierQuadrant(many, "a", "A", 1000)!
    const names = await quadrant(q.chart)
    expect(names).toHaveLength(awkward.length)
    expect(q.chart).toMatch(/: \[1, 0\.909\]$/m) // 600 points of a top at 660
    expect(q.chart).toMatch(/: \[0\.167, 0\.152\]$/m) // 10 tok/s of 60, 100 points of 660
    expect(q.frontier).toEqual([awkward[5]])
  })
})
