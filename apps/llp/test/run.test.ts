import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpJsonAsync as llpJson, llpWatch, tempDir, writeConfig } from "./helpers.js"

let sim: Simulator
let ws: string
const stop: Array<() => void> = []
const SIM_BIN = fileURLToPath(new URL("../../../packages/testkit/bin/llp-sim.js", import.meta.url))
const root = tempDir()

beforeAll(async () => {
  sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 2 })
  ws = path.join(root, "ws")
  writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 3000, idleMs: 1500 } })
})
afterAll(async () => {
  for (const f of stop) f()
  await sim.close()
  fs.rmSync(root, { recursive: true, force: true })
})

const runs = () => llpJson<Array<any>>(ws, ["runs", "list", "--limit", "1000"])

describe("llp with a server", () => {
  it("lists the server's models and makes a bot for each chat model", async () => {
    const models = await llpJson<Array<any>>(ws, ["models", "--provider", "lmstudio"])
    expect(models[0].models.map((m: any) => m.id)).toContain("qwen2.5-7b-instruct")
    const sync = await llpJson<any>(ws, ["bots", "sync", "--provider", "lmstudio"])
    expect(sync.skippedEmbeddings).toBe(1)
    expect(sync.added.map((b: any) => b.model)).not.toContain("text-embedding-nomic-embed-text-v1.5")
    expect((await llpJson<any>(ws, ["bots", "sync", "--provider", "lmstudio"])).added).toEqual([])
    // a provider named without --provider is refused, not ignored (it synced LM Studio's default URL instead)
    const bare = await llp(ws, ["bots", "sync", "lmstudio"])
    expect(bare.code).toBe(2)
    expect(bare.stderr.trim()).toBe('llp: bots sync: unexpected argument "lmstudio" (name the provider with --provider lmstudio)')
  })

  it("streams an answer, saves it to the database and llm_outputs/, and ends with the run id", async () => {
    const r = await llp(ws, ["run", "--bot", "qwen2.5-7b-instruct", "--prompt", "1"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.length).toBeGreaterThan(20)
    expect(r.stderr).toMatch(/tok\/sec • \d+ tokens • [\d.]+s to first token • Stop: /)
    const id = Number(/run (\d+) \(complete\)/.exec(r.stderr)![1])
    const run = await llpJson<any>(ws, ["runs", "show", String(id)])
    expect(run).toMatchObject({ status: "complete", provider: "lmstudio", model: "qwen2.5-7b-instruct" })
    expect(r.stdout).toContain(run.output.trim().slice(0, 50))
    expect(run.tokensPerSecond).toBeGreaterThan(0)
    expect(run.serverStats).toBeTruthy()
    const prompt = await llpJson<any>(ws, ["prompts", "show", "1"])
    const file = path.join(ws, "llm_outputs", prompt.category, "qwen2.5-7b-instruct.md")
    expect(fs.readFileSync(file, "utf8")).toContain(run.output.trim().slice(0, 50))
  })

  it("does not save with --no-save", async () => {
    const before = (await runs()).length
    const r = await llp(ws, ["run", "--bot", "qwen2.5-7b-instruct", "--prompt", "2", "--no-save"])
    expect(r.code, r.stderr).toBe(0)
    expect((await runs()).length).toBe(before)
  })

  it.each([
    [{ kind: "http-500" }, /HTTP 500|500/],
    [{ kind: "unknown-model" }, /not found|No models loaded/i],
    [{ kind: "cut", afterTokens: 5 }, /ended|interrupted|closed|terminated/i],
    [{ kind: "malformed-line", afterTokens: 5 }, /malformed|could not read|not JSON|decode/i],
    [{ kind: "mid-stream-error", afterTokens: 5 }, /error/i],
    [{ kind: "stall", afterTokens: 5, ms: 4000 }, /stalled for more than 2s \(timeouts\.idleMs\)/],
    [{ kind: "cold-start", ms: 5000 }, /no answer within 3s of the request \(timeouts\.firstTokenMs\)/]
  ])("ends a fault %j with a clear message and keeps the run as failed", async (fault, message) => {
    sim.setFaults([fault as any])
    try {
      const r = await llp(ws, ["run", "--bot", "qwen2.5-7b-instruct", "--prompt", "3"])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /)
      const last = (await runs())[0]
      expect(last.status).toBe("failed")
      expect(last.error).toBeTruthy()
    } finally {
      sim.setFaults([])
    }
  })

  it("says so plainly when the server is not running", async () => {
    await sim.stop()
    try {
      const r = await llp(ws, ["run", "--bot", "qwen2.5-7b-instruct", "--prompt", "3"])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/Is the server running\?/)
      const m = await llp(ws, ["models", "--provider", "lmstudio"])
      expect(m.code).toBe(1)
      expect(m.stderr.trim().split("\n")).toHaveLength(1)
    } finally {
      await sim.start()
    }
  })

  it("records the model that answered when the server answers with another", async () => {
    sim.setFaults([{ kind: "wrong-model", answeredModel: "gemma-3-1b-it-qat:2" }])
    try {
      const r = await llp(ws, ["run", "--bot", "qwen2.5-7b-instruct", "--prompt", "4"])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toMatch(/gemma-3-1b-it-qat:2 answered/)
      expect((await runs())[0].answeredModel).toBe("gemma-3-1b-it-qat:2")
    } finally {
      sim.setFaults([])
    }
  })

  /**
   * Starts a run that streams a few tokens, then stalls; resolves once text has arrived. The stalling
   * server runs in a process of its own (the testkit's llp-sim), as a real server would.
   */
  const stalledRun = async () => {
    const server = spawn(process.execPath, [SIM_BIN, "lmstudio", "--delay", "2", "--fault", JSON.stringify({ kind: "stall", afterTokens: 8, ms: 120_000 })], { stdio: ["ignore", "pipe", "inherit"] })
    const url = await new Promise<string>((resolve) => server.stdout!.once("data", (d) => resolve(String(d).trim())))
    stop.push(() => server.kill("SIGKILL"))
    const ws = path.join(root, `stall-${stop.length}`)
    writeConfig(ws, { providers: { lmstudio: { baseUrl: url } }, timeouts: { firstTokenMs: 60_000, idleMs: 60_000 } })
    expect((await llp(ws, ["bots", "add", "--provider", "lmstudio", "--model", "qwen2.5-7b-instruct", "--name", "q"])).code).toBe(0)
    const run = llpWatch(ws, ["run", "--bot", "q", "--prompt", "5"])
    await run.until((s) => s.out.length > 0, 50)
    const lastRun = async () => (await llpJson<Array<any>>(ws, ["runs", "list", "--limit", "1"]))[0]
    return { child: run.child, exited: run.exited, lastRun }
  }

  it("keeps the partial output of a run whose process is killed mid-stream", async () => {
    const { child, exited, lastRun } = await stalledRun()
    await new Promise((r) => setTimeout(r, 1500)) // at least one flush
    child.kill("SIGKILL")
    await exited
    const last = await lastRun()
    expect(last.status).toBe("streaming")
    expect(last.outputChars).toBeGreaterThan(0)
  })

  it("keeps the partial output as cancelled on Ctrl+C", async () => {
    const { child, exited, lastRun } = await stalledRun()
    child.kill("SIGINT")
    const code = await exited
    expect(code).toBe(130)
    const last = await lastRun()
    expect(last.status).toBe("cancelled")
    expect(last.outputChars).toBeGreaterThan(0)
  })
})
