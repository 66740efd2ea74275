import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpJsonAsync as llpJson, llpWatch, miniSuite, serverAway, tempDir, writeConfig } from "./helpers.js"

/** A small suite so that a tournament takes seconds. */
const SUITE = miniSuite(4, (n) => `What is ${n} + ${n}? Explain in a few sentences.\n\n## Rubric\n\n- [10] Says ${n * 2}.`)

let sim: Simulator
const root = tempDir()

const setup = async (name: string, config: Record<string, unknown> = {}) => {
  const ws = path.join(root, name)
  writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 5000, idleMs: 3000 }, ...config })
  const suite = path.join(root, `${name}-mini.md`)
  fs.writeFileSync(suite, SUITE)
  expect((await llp(ws, ["suites", "load", suite])).code).toBe(0)
  await llp(ws, ["bots", "sync", "--provider", "lmstudio"])
  return ws
}

const runsOf = (ws: string) => llpJson<Array<any>>(ws, ["runs", "list", "--category", "mini", "--limit", "1000"])
const BOTS = "qwen2.5-7b-instruct,llama-3.2-1b-instruct"

beforeAll(async () => {
  sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 3 })
})
afterAll(async () => {
  await sim.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("llp tournament", () => {
  it("runs two bots over a category: load, warm-up, every prompt, unload; JSON lines for scripts", async () => {
    const ws = await setup("basic")
    sim.requests.length = 0
    const r = await llp(ws, ["tournament", "--bots", BOTS, "--category", "mini", "--json"])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split("\n").filter((l) => l.startsWith("{\"type\""))
    expect(lines.filter((l) => JSON.parse(l).type === "run")).toHaveLength(8)
    const runs = await runsOf(ws)
    expect(runs).toHaveLength(8)
    expect(runs.every((x) => x.status === "complete")).toBe(true)
    const paths = sim.requests.map((q) => `${q.method} ${q.path}`)
    expect(paths.filter((p) => p === "POST /api/v1/models/load")).toHaveLength(2)
    expect(paths.filter((p) => p === "POST /api/v1/models/unload").length).toBeGreaterThanOrEqual(1)
    // 8 counted runs + one uncounted warm-up per bot
    expect(paths.filter((p) => p === "POST /api/v1/chat")).toHaveLength(10)
    expect(r.stderr).toMatch(/warm-up/)
    expect(r.stderr).toMatch(/BOT\s+PLANNED\s+COMPLETE/)

    const again = await llp(ws, ["tournament", "--bots", BOTS, "--category", "mini"])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/0 runs to do, 8 already complete/)
    expect(await runsOf(ws)).toHaveLength(8)
  })

  it("runs a prompt again when the bot's parameters changed since its runs (issue 12), and records what each run was sent", async () => {
    const ws = await setup("params")
    const bot = "qwen2.5-7b-instruct"
    expect((await llp(ws, ["tournament", "--bots", bot, "--category", "mini"])).code).toBe(0)
    expect(await runsOf(ws)).toHaveLength(4)
    // nothing left to do with the same parameters
    expect((await llp(ws, ["tournament", "--bots", bot, "--category", "mini"])).code).toBe(0)
    expect(await runsOf(ws)).toHaveLength(4)
    expect((await llp(ws, ["bots", "edit", bot, "--top-k", "7"])).code).toBe(0)
    expect((await llp(ws, ["tournament", "--bots", bot, "--category", "mini"])).code).toBe(0)
    const runs = await runsOf(ws)
    expect(runs).toHaveLength(8)
    expect(new Set(runs.map((r) => r.paramsKey)).size).toBe(2)
    expect(runs.filter((r) => r.sentParams.sampling.topK === 7)).toHaveLength(4)
  })

  it("resumes after the process is killed: no duplicate runs, none lost", async () => {
    const ws = await setup("crash")
    const t = llpWatch(ws, ["tournament", "--bots", BOTS, "--category", "mini", "--json"])
    await t.lines("run", 3, 50)
    t.child.kill("SIGKILL")
    await t.exited
    const before = await runsOf(ws)
    const complete = before.filter((x) => x.status === "complete").length
    expect(complete).toBeGreaterThanOrEqual(3)
    expect(complete).toBeLessThan(8)

    const r = await llp(ws, ["tournament", "--bots", BOTS, "--category", "mini"])
    expect(r.code, r.stderr).toBe(0)
    const after = (await runsOf(ws)).filter((x) => x.status === "complete")
    expect(after).toHaveLength(8)
    const pairs = new Set(after.map((x) => `${x.botId}/${x.promptId}`))
    expect(pairs.size).toBe(8)
    // what was saved before the crash is still there, untouched
    for (const old of before.filter((x) => x.status === "complete")) expect(after.find((x) => x.id === old.id)).toMatchObject({ status: "complete", outputChars: old.outputChars })
  })

  it("stops cleanly on Ctrl+C, keeping the run in flight as cancelled", async () => {
    const ws = await setup("sigint", { timeouts: { firstTokenMs: 60_000, idleMs: 60_000 } })
    // past the warm-up's few tokens, so that the first counted run stalls
    sim.setFaults([{ kind: "stall", afterTokens: 12, ms: 30_000 }])
    try {
      const t = llpWatch(ws, ["tournament", "--bots", BOTS, "--category", "mini"])
      await t.until((s) => s.err.includes("warm-up"), 50)
      await new Promise((r) => setTimeout(r, 1000))
      t.child.kill("SIGINT")
      const code = await t.exited
      expect(code).toBe(130)
      const runs = await runsOf(ws)
      expect(runs[0].status).toBe("cancelled")
    } finally {
      sim.setFaults([])
    }
  })

  it("waits for a server that went away and carries on when it is back", async () => {
    const ws = await setup("away", { retryForMs: 20_000 })
    const t = llpWatch(ws, ["tournament", "--bots", BOTS, "--category", "mini", "--json"])
    await t.lines("run", 2)
    await serverAway(sim, 2500)
    const code = await t.exited
    const err = t.seen.err
    expect(err).toMatch(/is not answering .* retrying in/)
    expect(code, err).toBe(1) // the run that was cut counts as failed; the tournament still finished
    const complete = (await runsOf(ws)).filter((x) => x.status === "complete")
    expect(new Set(complete.map((x) => `${x.botId}/${x.promptId}`)).size).toBe(8)
  })

  it("stops with a clear message when the server does not come back", async () => {
    const ws = await setup("gone", { retryForMs: 2000 })
    await sim.stop()
    try {
      const r = await llp(ws, ["tournament", "--bots", BOTS, "--category", "mini"])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/tournament stopped: lmstudio did not come back within 2s/)
      expect(r.stderr).toMatch(/Run the same command again to resume/)
    } finally {
      await sim.start()
    }
  })
})
