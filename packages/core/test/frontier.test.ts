import { describe, expect, it } from "vitest"
import { frontier, parseBytes, promptDiffs, recommend, resourceFigures, type FrontierInput } from "../src/index.js"

const GB = 1024 ** 3
const bot = (botId: number, name: string, points: number, tps: number | null, vramGb: number | null, ttftMs: number | null = null): FrontierInput => ({
  botId,
  bot: name,
  points,
  tps,
  ttftMs,
  vramBytes: vramGb === null ? null : vramGb * GB
})

// Eight bots with known points, speeds and sizes; the Pareto sets below were worked out by hand.
const eight = [
  bot(1, "A", 900, 5, 20),
  bot(2, "B", 850, 12, 8),
  bot(3, "C", 800, 30, 6),
  bot(4, "D", 700, 25, 5),
  bot(5, "E", 850, 10, 9), // B: as many points, faster, smaller
  bot(6, "F", 600, 40, 4),
  bot(7, "G", 600, 40, 4.5), // F's twin on speed; F is smaller
  bot(8, "H", 500, 20, 3)
]
const names = (xs: ReadonlyArray<{ input: FrontierInput }>) => xs.map((x) => x.input.bot)

describe("frontier", () => {
  it("points against tok/s: the hand-computed Pareto set, and who dominates the rest", () => {
    const f = frontier(eight, "tps")
    expect(names(f.optimal)).toEqual(["A", "B", "C", "F", "G"])
    expect(f.dominated.map((d) => [d.input.bot, d.dominatedBy.map((x) => x.bot)])).toEqual([
      ["E", ["B"]],
      ["D", ["C"]],
      ["H", ["C", "D", "F", "G"]]
    ])
    expect(f.unknown).toEqual([])
  })

  it("points against VRAM: smaller is better", () => {
    const f = frontier(eight, "vram")
    expect(names(f.optimal)).toEqual(["A", "B", "C", "D", "F", "H"])
    expect(f.dominated.map((d) => [d.input.bot, d.dominatedBy.map((x) => x.bot)])).toEqual([
      ["E", ["B"]],
      ["G", ["F"]]
    ])
  })

  it("leaves a bot without a figure on the axis off the frontier, and lists it", () => {
    const f = frontier([...eight, bot(9, "I", 1000, null, null)], "tps")
    expect(names(f.optimal)).toEqual(["A", "B", "C", "F", "G"])
    expect(f.unknown.map((u) => u.bot)).toEqual(["I"])
    expect(frontier(eight, "energy").unknown).toHaveLength(8)
  })

  it("time to first token: lower is better", () => {
    const f = frontier([bot(1, "slow-start", 900, 10, null, 900), bot(2, "quick", 800, 10, null, 100), bot(3, "worse", 700, 10, null, 500)], "ttft")
    expect(names(f.optimal)).toEqual(["slow-start", "quick"])
    expect(names(f.dominated)).toEqual(["worse"])
  })

  it("marks a bot dominated only within the points' intervals", () => {
    const f = frontier(
      [
        { ...bot(1, "top", 900, 30, null), interval: { low: 850, high: 950 } },
        { ...bot(2, "close", 880, 20, null), interval: { low: 820, high: 940 } },
        { ...bot(3, "far", 500, 10, null), interval: { low: 450, high: 550 } }
      ],
      "tps"
    )
    expect(f.dominated.map((d) => [d.input.bot, d.withinInterval])).toEqual([
      ["close", true],
      ["far", false]
    ])
  })
})

describe("recommend", () => {
  it("picks the hand-picked bot under --min-tps 10 --max-vram 9GB (B: ties E on points, is faster)", () => {
    const r = recommend(eight, { minTps: 10, maxVramBytes: 9 * GB })
    expect(r.pick?.bot).toBe("B")
    expect(r.eligible).toBe(7)
    expect(r.reason).toContain("most points (850")
    expect(r.reason).toContain("1 bot(s) with more points miss the limits")
    expect(r.reason).not.toContain("\n")
  })

  it("tighter limits pick another bot; none meeting them says why", () => {
    expect(recommend(eight, { minTps: 26, maxVramBytes: 9 * GB }).pick?.bot).toBe("C")
    expect(recommend(eight, { minTps: 20, maxVramBytes: 5 * GB }).pick?.bot).toBe("D")
    expect(recommend(eight, { minTps: 26, maxVramBytes: 5 * GB }).pick?.bot).toBe("F")
    const none = recommend(eight, { minTps: 100 })
    expect(none.pick).toBeNull()
    expect(none.reason).toBe("no bot meets ≥ 100 tok/s (8 miss the limits)")
  })

  it("a bot with no VRAM figure does not meet a VRAM limit", () => {
    const r = recommend([bot(1, "unknown size", 990, 50, null), ...eight], { maxVramBytes: 9 * GB })
    expect(r.pick?.bot).toBe("B")
    expect(r.reason).toContain("1 left out for want of a figure")
    expect(recommend([bot(1, "unknown size", 990, 50, null)], {}).pick?.bot).toBe("unknown size")
  })
})

describe("parseBytes", () => {
  it("reads sizes", () => {
    expect(parseBytes("9GB")).toBe(9 * GB)
    expect(parseBytes("512 MiB")).toBe(512 * 1024 ** 2)
    expect(parseBytes("1024")).toBe(1024)
    expect(parseBytes("nine")).toBeNull()
  })
})

describe("promptDiffs", () => {
  const s = (promptId: number, points: number, category = "booting") => ({ promptId, category, title: `p${promptId}`, max: 100, points })
  it("lists gains and losses, biggest first, and counts the rest", () => {
    const d = promptDiffs([s(1, 50), s(2, 80), s(3, 10), s(4, 30), s(5, 0)], [s(1, 60), s(2, 40), s(3, 10), s(4, 70), s(6, 5)])
    expect(d.changed.map((c) => [c.promptId, c.delta])).toEqual([
      [4, 40],
      [2, -40],
      [1, 10]
    ])
    expect(d).toMatchObject({ unchanged: 1, onlyA: 1, onlyB: 1, net: 10 })
  })
})

describe("resourceFigures", () => {
  it("takes the highest VRAM peak and joules per 1,000 tokens over the runs that measured them", () => {
    const f = resourceFigures([
      { botId: 1, peakVramMb: 5000, energyJ: 10, completionTokens: 500 },
      { botId: 1, peakVramMb: 6000, energyJ: 30, completionTokens: 1500 },
      { botId: 1, peakVramMb: null, energyJ: 99, completionTokens: null },
      { botId: 2, completionTokens: 100 }
    ])
    expect(f.get(1)).toEqual({ vramBytes: 6000 * 1024 * 1024, energyJ: 20 })
    expect(f.get(2)).toEqual({ vramBytes: null, energyJ: null })
  })
})
