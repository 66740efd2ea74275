import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpJsonAsync as llpJson, miniSuite, tempDir, writeConfig } from "./helpers.js"

const SUITE = miniSuite(2, (n) => `What is ${n} + ${n}?\n\n## Rubric\n\n- [10] Says ${n * 2}.`)

let sim: Simulator
const root = tempDir()

beforeAll(async () => {
  sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 1 })
})
afterAll(async () => {
  await sim.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("llp bots sweep", () => {
  it("makes 12 variants of 3 × 2 × 2 values once, grouped; a tournament over the group runs all 12, loading each load setting once", async () => {
    const ws = path.join(root, "sweep")
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 5000, idleMs: 3000 } })
    const suite = path.join(root, "mini.md")
    fs.writeFileSync(suite, SUITE)
    expect((await llp(ws, ["suites", "load", suite])).code).toBe(0)
    expect((await llp(ws, ["bots", "add", "--name", "Qwen2.5 7B", "--model", "qwen2.5-7b-instruct", "--provider", "lmstudio"])).code).toBe(0)

    const sweep = ["bots", "sweep", "Qwen2.5 7B", "--temp", "0.1,0.5,0.9", "--ctx", "8192,32768", "--gpu-layers", "20,-1"]
    const first = await llpJson<any>(ws, sweep)
    expect(first.created).toHaveLength(12)
    expect(first.group.name).toBe("Qwen2.5 7B sweep")
    expect(first.group.botIds).toHaveLength(12)
    const names = first.created.map((b: any) => b.name)
    expect(names).toContain("Qwen2.5 7B · t0.5 · ctx32k · gpu-all")
    expect(names).toContain("Qwen2.5 7B · t0.1 · ctx8k · gpu20")
    expect(new Set(names).size).toBe(12)
    const variant = first.created.find((b: any) => b.name === "Qwen2.5 7B · t0.9 · ctx8k · gpu-all")
    expect(variant).toMatchObject({ model: "qwen2.5-7b-instruct", load: { contextLength: 8192, gpuLayers: -1 }, sampling: { temperature: 0.9 } })

    const again = await llpJson<any>(ws, sweep)
    expect(again.created).toHaveLength(0)
    expect(again.kept).toHaveLength(12)
    expect(await llpJson<Array<unknown>>(ws, ["bots", "list"])).toHaveLength(13)
    const text = await llp(ws, sweep)
    expect(text.stdout).toContain('Group "Qwen2.5 7B sweep": 12 variants of Qwen2.5 7B; 0 added, 12 already there.')

    sim.requests.length = 0
    const t = await llp(ws, ["tournament", "--bots", "Qwen2.5 7B sweep", "--category", "mini", "--json"])
    expect(t.code, t.stderr).toBe(0)
    const runs = t.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((x) => x.type === "run")
    expect(runs).toHaveLength(24)
    expect(new Set(runs.map((r: any) => r.bot)).size).toBe(12)
    expect(runs.every((r: any) => r.status === "complete")).toBe(true)
    // 2 context lengths × 2 GPU settings: four loads, and an unload only when the load parameters change
    const paths = sim.requests.map((q) => `${q.method} ${q.path}`)
    expect(paths.filter((p) => p === "POST /api/v1/models/load")).toHaveLength(4)
    const loads = paths.flatMap((p, i) => (p === "POST /api/v1/models/load" ? [i] : []))
    for (let k = 1; k < loads.length; k++) expect(paths.slice(loads[k - 1], loads[k])).toContain("POST /api/v1/models/unload")
    expect(paths.slice(loads[3]!)).toContain("POST /api/v1/models/unload")
    expect(t.stderr.match(/already loaded with these load parameters/g)).toHaveLength(8)
  })

  it("says what is wrong with a bad sweep", async () => {
    const ws = path.join(root, "bad")
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } } })
    await llp(ws, ["bots", "add", "--name", "Base", "--model", "qwen2.5-7b-instruct"])
    const none = await llp(ws, ["bots", "sweep", "Base"])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("give at least one of --temp")
    const bad = await llp(ws, ["bots", "sweep", "Base", "--temp", "0.1,hot"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--temp must be a number from 0 to 2, got "hot"')
    const missing = await llp(ws, ["tournament", "--bots", "Nobody", "--all"])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("no bot or group named Nobody")
  })
})
