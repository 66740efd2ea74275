import { SqliteStore } from "@llp/store-sqlite"
import { Store } from "@llp/core"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llp, llpJson, tempDir } from "./helpers.js"

/**
 * Issue 12 through the real `llp`: a workspace where bot A beats bot B on every booting prompt, with three
 * repeats each (one prompt of A's flaky), B slower; then the leaderboard, its exports and `llp compare`.
 */
describe("honest numbers: llp leaderboard and llp compare", () => {
  let ws = ""
  beforeAll(async () => {
    ws = tempDir("llp-stats-")
    fs.writeFileSync(path.join(ws, "llp.config.json"), '{ "providers": {} }\n')
    expect(llp(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "Alpha"]).code).toBe(0)
    expect(llp(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "Beta"]).code).toBe(0)
    await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const [a, b] = [yield* store.findBot("Alpha"), yield* store.findBot("Beta")]
        const prompts = yield* store.listPrompts("booting")
        for (const p of prompts) {
          for (let r = 0; r < 3; r++) {
            const flaky = p.order === 2
            const pointsA = flaky ? (r === 0 ? 0 : p.points) : Math.round(p.points * (0.8 - 0.05 * r))
            const runA = yield* store.addManualRun({ botId: a.id, promptId: p.id, output: "a", tokensPerSecond: 40 + r, ttftMs: 300 + 10 * r })
            yield* store.scoreRun({ runId: runA.id, points: pointsA })
            const runB = yield* store.addManualRun({ botId: b.id, promptId: p.id, output: "b", tokensPerSecond: 20 + r, ttftMs: 900 + 10 * r })
            yield* store.scoreRun({ runId: runB.id, points: Math.round(p.points * (0.4 + 0.05 * r)) })
          }
        }
      }).pipe(Effect.provide(SqliteStore.layer(path.join(ws, "db", "llp.sqlite"))))
    )
  })
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))

  it("shows points with ± intervals, speeds with p10–p90, and only counts runs with the current parameters unless --all-params", () => {
    const text = llp(ws, ["leaderboard"])
    expect(text.code).toBe(0)
    const alpha = text.stdout.split("\n").find((l) => l.includes("Alpha"))!
    expect(alpha).toMatch(/^\s*1\s+Alpha\s+\d+ ±\d+/)
    expect(alpha).toMatch(/41 tok\/s \(40–42\)/)
    expect(text.stdout).toContain("± is half the 95 % interval")

    const json = llpJson(ws, ["leaderboard"])
    const row = json.leaderboard.find((r: any) => r.bot === "Alpha")
    expect(row.stats.tied).toBe(false)
    expect(row.stats.total.low).toBeLessThan(row.total)
    expect(row.stats.total.high).toBeGreaterThan(row.total)
    expect(row.stats.repeats).toBe(18)
    expect(row.stats.flaky).toEqual([{ category: "booting", prompt: expect.any(String) }])
    expect(row.stats.tokensPerSecond).toMatchObject({ median: 41, n: 18 })
    // the same data prints the same interval; another seed, another
    expect(llpJson(ws, ["leaderboard"]).leaderboard).toEqual(json.leaderboard)
    expect(llpJson(ws, ["leaderboard", "--seed", "7", "--resamples", "500"]).leaderboard.find((r: any) => r.bot === "Alpha").stats.total).not.toEqual(row.stats.total)

    // new parameters: the old runs no longer count, unless asked
    expect(llp(ws, ["bots", "edit", "Alpha", "--temp", "0.9"]).code).toBe(0)
    const after = llpJson(ws, ["leaderboard"]).leaderboard.find((r: any) => r.bot === "Alpha")
    expect(after.total).toBe(0)
    expect(after.stats.tokensPerSecond).toBeNull()
    expect(llpJson(ws, ["leaderboard", "--all-params"]).leaderboard.find((r: any) => r.bot === "Alpha").total).toBe(row.total)
    expect(llp(ws, ["bots", "edit", "Alpha", "--temp", "default"]).code).toBe(0)
    expect(llpJson(ws, ["leaderboard"]).leaderboard.find((r: any) => r.bot === "Alpha").total).toBe(row.total)

    expect(llp(ws, ["leaderboard", "--resamples", "abc"]).stderr).toContain('--resamples must be a whole number from 100 to 100000, got "abc"')
  })

  it("exports the intervals to CSV and Markdown", () => {
    const csv = llp(ws, ["leaderboard", "--format", "csv"]).stdout
    const [header, first] = csv.replace(/^\uFEFF/, "").split("\r\n")
    const cols = header!.split(",")
    const cells = first!.split(",")
    expect(cols).toEqual(expect.arrayContaining(["rank_label", "total_low", "total_high", "tokens_per_second_median", "ttft_ms_p90", "repeats", "flaky"]))
    expect(cells[cols.indexOf("bot")]).toBe("Alpha")
    expect(Number(cells[cols.indexOf("total_low")])).toBeLessThan(Number(cells[cols.indexOf("total")]))
    const md = llp(ws, ["leaderboard", "--format", "md"]).stdout
    expect(md).toMatch(/\| 1 \| Alpha \|.*\| \d[\d,]* ±\d+ \|.*\| 41 \(40–42\) \|/)
    expect(md).toContain("## Flaky prompts")
  })

  it("compares two bots: better, with a p-value and interval, the same for speed; flaky prompts marked", () => {
    const c = llpJson(ws, ["compare", "Alpha", "Beta"])
    expect(c.points).toMatchObject({ prompts: 6, verdict: "better", moreRepeats: 0 })
    expect(c.points.pValue).toBeLessThan(0.05)
    expect(c.points.low).toBeGreaterThan(0)
    expect(c.tokensPerSecond.verdict).toBe("better")
    expect(c.ttftMs.verdict).toBe("better") // lower is better
    expect(c.prompts.filter((p: any) => p.flakyA).length).toBe(1)
    expect(llpJson(ws, ["compare", "Beta", "Alpha"]).points.verdict).toBe("worse")
    const one = llpJson(ws, ["compare", "Alpha", "Beta", "--category", "general"])
    expect(one.points).toMatchObject({ prompts: 0, verdict: "can't tell yet" })
    const text = llp(ws, ["compare", "Alpha", "Beta"])
    expect(text.stdout).toMatch(/points\s+\+\d+\.\d \(95 %: \+[\d.]+ … \+[\d.]+\), p = 0\.0\d+: better/)
    expect(text.stdout).toMatch(/Prompt 2.*A\s*$/m)
    // the leaderboard's ranks next to the verdict: A's total interval is clear of B's, so A is surely ahead there too
    expect(c.board).toMatchObject({ a: { rank: 1, tied: false }, b: { rank: 2, tied: false }, order: "a ahead" })
    expect(text.stdout).toContain("leaderboard: A 1, B 2: A surely ahead there too (total intervals apart)")
    expect(one.board).toBeNull()
    expect(llp(ws, ["compare", "Alpha"]).stderr).toContain("compare")
    expect(llp(ws, ["compare", "Alpha", "Nobody"]).stderr).toContain("no bot named Nobody")
    expect(llp(ws, ["compare", "Alpha", "Beta", "--category", "nope"]).stderr).toContain("--category must be one of")
  })
})
