import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { EIGHT, EIGHT_VRAM, writeFixture } from "./frontier-fixture.js"
import { llp, llpJson, tempDir, writeConfig } from "./helpers.js"

const root = tempDir()
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const workspace = (name: string, bots = EIGHT) => {
  const ws = path.join(root, name)
  writeConfig(ws, {})
  const r = llp(ws, ["import", writeFixture(path.join(root), bots)])
  expect(r.code, r.stderr).toBe(0)
  return ws
}

describe("llp frontier", () => {
  const ws = workspace("eight")

  it("lists the hand-computed Pareto set per category, the dominated bots and by whom, and a pick under the limits", () => {
    const doc = llpJson<any>(ws, ["frontier", "--category", "alpha", "--min-tps", "10"])
    expect(doc.axis).toBe("tps")
    const alpha = doc.categories[0]
    expect(alpha.category).toBe("alpha")
    expect(alpha.optimal.map((e: any) => e.bot)).toEqual(["A", "B", "C", "F", "G"])
    expect(alpha.dominated.map((e: any) => [e.bot, e.dominatedBy])).toEqual([
      ["E", ["B"]],
      ["D", ["C"]],
      ["H", ["C", "D", "F", "G"]]
    ])
    // one scored run each: the statistics' interval is the one figure
    expect(alpha.optimal[1]).toMatchObject({ bot: "B", points: 850, tokensPerSecond: 12, interval: { low: 850, high: 850 }, vramBytes: null })
    expect(alpha.dominated[0]).toMatchObject({ bot: "E", withinInterval: false })
    expect(alpha.recommendation).toMatchObject({ bot: "B" })
    expect(alpha.recommendation.reason).toMatch(/^most points \(850, 12\.0 tok\/s\) of the 7 bots meeting ≥ 10 tok\/s/)

    // beta: H 800 at 20 tok/s, G 700 at 40; F (600 at 40) is G's twin but with fewer points
    const all = llpJson<any>(ws, ["frontier"])
    expect(all.categories.map((c: any) => c.category)).toEqual(expect.arrayContaining(["total", "alpha", "beta"]))
    const beta = all.categories.find((c: any) => c.category === "beta")
    expect(beta.optimal.map((e: any) => e.bot)).toEqual(["H", "G"])
    expect(beta.dominated.find((e: any) => e.bot === "F").dominatedBy).toEqual(["G"])
  })

  it("prints a table with the frontier marked, and explains bots left off an axis with no figures", () => {
    const text = llp(ws, ["frontier", "--category", "alpha"])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^alpha — points against tok\/s/m)
    expect(text.stdout).toMatch(/★\s+B\s+850 ±0\s+12\.0/)
    expect(text.stdout).toMatch(/DOMINATED BY/)
    expect(text.stdout).toMatch(/ E\s+850 ±0\s+10\.0\s+B\n/)
    expect(text.stdout).toMatch(/Recommendation: A — most points \(900/)
    const vram = llp(ws, ["frontier", "--category", "alpha", "--by", "vram", "--max-vram", "9GB"])
    expect(vram.code, vram.stderr).toBe(0)
    expect(vram.stdout).toContain("left off (no VRAM figure measured yet): A, B, E, C, D, F, G, H")
    expect(vram.stdout).toContain("Recommendation: none — no bot meets ≤ 9.0 GB VRAM (8 have no figure for a limited axis)")
  })

  it("with the runs' VRAM peaks: the hand-computed frontier against VRAM, and the hand-picked bot under --min-tps 10 --max-vram 9GB", () => {
    const vram = workspace("vram", EIGHT_VRAM)
    const doc = llpJson<any>(vram, ["frontier", "--category", "alpha", "--by", "vram", "--min-tps", "10", "--max-vram", "9GB"])
    const alpha = doc.categories[0]
    expect(alpha.optimal.map((e: any) => e.bot)).toEqual(["A", "B", "C", "D", "F", "H"])
    expect(alpha.dominated.map((e: any) => [e.bot, e.dominatedBy])).toEqual([
      ["E", ["B"]],
      ["G", ["F"]]
    ])
    expect(alpha.optimal[1]).toMatchObject({ bot: "B", vramBytes: 8 * 1024 ** 3 })
    expect(alpha.recommendation.bot).toBe("B")
    expect(alpha.recommendation.reason).toContain("meeting ≥ 10 tok/s and ≤ 9.0 GB VRAM")
    const text = llp(vram, ["frontier", "--category", "alpha", "--by", "vram"])
    expect(text.stdout).toMatch(/★\s+B\s+850 ±0\s+8\.0 GB/)
  })

  it("says what is wrong with a bad flag", () => {
    expect(llp(ws, ["frontier", "--by", "speed"]).stderr).toContain('--by must be one of tps, ttft, vram, energy, got "speed"')
    expect(llp(ws, ["frontier", "--max-vram", "lots"]).stderr).toContain('--max-vram must be a size such as 9GB')
    expect(llp(ws, ["frontier", "--category", "nope"]).stderr).toMatch(/^llp: frontier: --category must be one of total, .*alpha, beta, got "nope"\n$/)
  })
})

describe("llp regressions, another name for llp compare --regressions", () => {
  it("lists per-prompt gains and losses between two bots, biggest first, with the net", () => {
    const ws = workspace("regressions")
    // llp compare (the statistics issue) lists the prompts both answered; --regressions orders them by the change, biggest first
    const plain = llpJson<any>(ws, ["compare", "A", "H"])
    expect(plain.prompts.map((p: any) => [p.category, p.difference])).toEqual([
      ["alpha", 400],
      ["beta", -700]
    ])
    const sorted = llpJson<any>(ws, ["compare", "A", "H", "--regressions"])
    expect(sorted.prompts.map((p: any) => [p.category, p.difference])).toEqual([
      ["beta", -700],
      ["alpha", 400]
    ])
    // the alias prints the very same, JSON and text
    expect(llpJson<any>(ws, ["regressions", "A", "H"])).toEqual(sorted)
    const text = llp(ws, ["regressions", "A", "H"])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toBe(llp(ws, ["compare", "A", "H", "--regressions"]).stdout)
    expect(text.stdout).toContain("net A − B: −300.0 points over 2 prompts, biggest change first")
    expect(text.stdout).toMatch(/beta\s.*−700\.0/)
    expect(llp(ws, ["regressions", "A", "H", "X"]).stderr).toMatch(/^llp: regressions: compares two bots, got 3; usage: llp regressions BOT_A BOT_B/)
  })
})
