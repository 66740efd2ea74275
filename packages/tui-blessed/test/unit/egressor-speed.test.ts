import { describe, expect, it } from "vitest"
import type { BenchResult, Run } from "@llp/core"
import { benchLine, loadCell } from "../../src/tabs/egressor/view.js"

const depth = (d: number, source: "server" | "llp") => ({
  depth: d,
  ppMean: 1234.56,
  ppSd: 3.14,
  ppSource: source,
  tgMean: 45.6,
  tgSd: 0.44,
  tgSource: "server" as const,
  ppTokens: [512],
  tgTokens: [128],
  ppSamples: [1, 2, 3, 4, 5],
  tgSamples: [1, 2, 3, 4, 5]
})

describe("the Egressor's speed figures", () => {
  it("the bench line names each test like llama-bench, with mean ± sd, and whose figures they are", () => {
    const b: BenchResult = { id: 1, botId: 1, machineId: 2, serverVersion: "ollama 0.12.6", pp: 512, tg: 128, repeat: 5, depths: [depth(0, "server"), depth(4096, "llp")], createdAt: "2026-01-02T03:04:05.000Z" }
    expect(benchLine(b)).toBe(
      "Bench tok/s: pp512 1234.6 ± 3.1 · tg128 45.6 ± 0.4 · pp512 @ d4096 1234.6 ± 3.1 · tg128 @ d4096 45.6 ± 0.4 (server's timings and LLP's clock, 5 repeats, machine 2, 2026-01-02)"
    )
  })

  it("the load column: the load time of a cold run, warm, or unknown", () => {
    const run = (over: Partial<Run>) => ({ cold: null, loadMs: null, ...over }) as Run
    expect(loadCell(run({ cold: true, loadMs: 2500 }))).toMatch(/2\.5/)
    expect(loadCell(run({ cold: false, loadMs: 3 }))).toBe("warm")
    expect(loadCell(run({}))).toBe("–")
  })
})
