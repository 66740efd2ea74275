import { describe, expect, it } from "vitest"
import { parseSortColumn, rank, stars, type Category, type LeaderboardTotals } from "../src/index.js"

const categories: Array<Category> = [
  { key: "booting", title: "Booting", systemPrompt: "", temperature: 0.5, order: 1 },
  { key: "swe", title: "SWE", systemPrompt: "", temperature: 0.1, order: 2 }
]
const t = (botId: number, bot: string, points: Record<string, number>, speed: number | null, ttft: number | null = null): LeaderboardTotals => ({
  botId, bot, provider: "lmstudio", model: bot, points, scored: Object.keys(points).length, runs: 3, avgTokensPerSecond: speed, avgTtftMs: ttft
})

describe("rank", () => {
  const totals = [t(1, "beta", { booting: 100 }, 10, 500), t(2, "Alpha", { booting: 50, swe: 50 }, 10, 200), t(3, "gamma", { swe: 300 }, null), t(4, "delta", {}, 30, 100)]

  it("sums categories, fills missing ones with 0 and sorts by total with a stable tie order", () => {
    const rows = rank(totals, categories, 7)
    expect(rows.map((r) => r.bot)).toEqual(["gamma", "Alpha", "beta", "delta"])
    expect(rows[1]).toMatchObject({ total: 100, stars: 0.1, points: { booting: 50, swe: 50 }, prompts: 7 })
    expect(rows[3]!.points).toEqual({ booting: 0, swe: 0 })
  })

  it("sorts by speed (unknown last), time to first token (low first), name and category", () => {
    expect(rank(totals, categories, 7, "speed").map((r) => r.bot)).toEqual(["delta", "Alpha", "beta", "gamma"])
    expect(rank(totals, categories, 7, "ttft").map((r) => r.bot)).toEqual(["delta", "Alpha", "beta", "gamma"])
    expect(rank(totals, categories, 7, "bot").map((r) => r.bot)).toEqual(["Alpha", "beta", "delta", "gamma"])
    expect(rank(totals, categories, 7, "category:booting").map((r) => r.bot)).toEqual(["beta", "Alpha", "gamma", "delta"])
  })

  it("gives the 5-star equivalent with one decimal", () => {
    expect(stars(5000)).toBe(5)
    expect(stars(3249)).toBe(3.2)
    expect(stars(3250)).toBe(3.3)
  })

  it("parses sort columns", () => {
    expect(parseSortColumn("swe", categories)).toBe("category:swe")
    expect(parseSortColumn("speed", categories)).toBe("speed")
    expect(parseSortColumn("nope", categories)).toBeUndefined()
  })
})
