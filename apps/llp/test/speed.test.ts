import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, tempDir, writeConfig } from "./helpers.js"

let ollama: Simulator
let llamacpp: Simulator
let ws: string
const root = tempDir()
const fakeBin = path.join(root, "bin")

beforeAll(async () => {
  ollama = await startSimulator({ kind: "ollama", tokenDelayMs: 2, faults: [{ kind: "cold-start", ms: 400 }] })
  llamacpp = await startSimulator({ kind: "llamacpp", tokenDelayMs: 2 })
  ws = path.join(root, "ws")
  writeConfig(ws, {
    providers: { ollama: { baseUrl: ollama.url }, llamacpp: { type: "openai-compatible", baseUrl: `${llamacpp.url}/v1` }, lmstudio: { baseUrl: "http://127.0.0.1:9" } },
    timeouts: { firstTokenMs: 5000, idleMs: 3000 }
  })
  // a fake nvidia-smi, answering what LLP asks in the formats the real one uses
  fs.mkdirSync(fakeBin)
  fs.writeFileSync(
    path.join(fakeBin, "nvidia-smi"),
    `#!/bin/sh\ncase "$*" in\n  *memory.used*) echo "2048, 35.0";;\n  *) echo "NVIDIA GeForce RTX 3080, 10240, 550.54.14";;\nesac\n`,
    { mode: 0o755 }
  )
})
afterAll(async () => {
  await ollama.close()
  await llamacpp.close()
  fs.rmSync(root, { recursive: true, force: true })
})

// every command sees the same machine: the one with the fake GPU (without it, it is another machine profile)
const env = () => ({ PATH: `${fakeBin}:/usr/bin:/bin` })
const llpJson = async <A = any>(workspace: string, args: ReadonlyArray<string>): Promise<A> => {
  const r = await llp(workspace, [...args, "--json"], env())
  if (r.code !== 0) throw new Error(`llp ${args.join(" ")} failed (${r.code}): ${r.stderr}`)
  return JSON.parse(r.stdout) as A
}

describe("speed you can trust", () => {
  it("llp machine lists the GPU nvidia-smi reports, and the servers' versions", async () => {
    const r = await llp(ws, ["machine", "--json"], env())
    expect(r.code, r.stderr).toBe(0)
    const m = JSON.parse(r.stdout)
    expect(m.gpus).toEqual([{ vendor: "nvidia", name: "NVIDIA GeForce RTX 3080", vramMb: 10240, driver: "550.54.14" }])
    expect(m.fingerprint).toMatch(/^[0-9a-f]{14}$/)
    expect(m.servers.find((s: any) => s.provider === "ollama")).toMatchObject({ name: "ollama", version: "0.12.6" })
    expect(m.servers.find((s: any) => s.provider === "llamacpp")).toMatchObject({ name: "llama.cpp", version: "b5000-llpsim" })
    // the same machine is stored once
    const again = JSON.parse((await llp(ws, ["machine", "--json"], env())).stdout)
    expect(again.id).toBe(m.id)
    const text = await llp(ws, ["machine"], env())
    expect(text.stdout).toContain("NVIDIA GeForce RTX 3080")
  })

  it("llama.cpp: the run's prompt and generation speeds are the server's timings; the manifest names the server and machine", async () => {
    expect((await llp(ws, ["bots", "add", "--provider", "llamacpp", "--model", "qwen2.5-0.5b-instruct-q4_k_m.gguf", "--name", "Qwen cpp", "--ctx", "8192"], env())).code).toBe(0)
    const r = await llp(ws, ["run", "--bot", "Qwen cpp", "--prompt", "1"], env())
    expect(r.code, r.stderr).toBe(0)
    const id = Number(/run (\d+) \(complete\)/.exec(r.stderr)![1])
    const run = await llpJson<any>(ws, ["runs", "show", String(id)])
    const timings = run.serverStats.timings
    expect(run.tokensPerSecond).toBe(timings.predicted_per_second)
    expect(run.speedSource).toBe("server")
    expect(run.promptMs).toBe(timings.prompt_ms)
    expect(run.promptEvalTokens).toBe(timings.prompt_n)
    expect((run.promptEvalTokens * 1000) / run.promptMs).toBeCloseTo(timings.prompt_per_second, 9)
    expect(run.cachedPromptTokens).toBe(timings.cache_n)
    expect(run.serverGenerationMs).toBe(timings.predicted_ms)
    expect(run).toMatchObject({ serverVersion: "llama.cpp b5000-llpsim", contextLength: 8192, seed: null, cold: null })
    const machine = await llpJson<any>(ws, ["machine"])
    expect(run.machineId).toBe(machine.id)
    // GPU figures from the fake nvidia-smi: memory read; energy needs an idle draw and samples, so it may be small but is never a made-up 0 for unknown
    expect(run.peakVramMb).toBe(2048)
    const shown = await llp(ws, ["runs", "show", String(id)], env())
    expect(shown.stdout).toMatch(/prompt \d+ tok in [\d.]+ s, [\d.]+ tok\/s, \d+ cached/)
    expect(shown.stdout).toContain("server llama.cpp b5000-llpsim")
    expect(shown.stdout).toContain("context 8192")
    // the parameters exactly as sent (the run records them: issue 12)
    expect(shown.stdout).toMatch(/sent \{.*"contextLength":8192/)
  })

  it("Ollama cold start: load time apart, warm TTFT leaves it out; the next run is warm; the leaderboard shows warm TTFT and load time", async () => {
    expect((await llp(ws, ["bots", "add", "--provider", "ollama", "--model", "llama3.2:latest", "--name", "Llama"], env())).code).toBe(0)
    const ids: Array<number> = []
    for (let i = 0; i < 2; i++) {
      const r = await llp(ws, ["run", "--bot", "Llama", "--prompt", "2"], env())
      expect(r.code, r.stderr).toBe(0)
      ids.push(Number(/run (\d+) \(complete\)/.exec(r.stderr)![1]))
    }
    const [cold, warm] = await Promise.all(ids.map((id) => llpJson<any>(ws, ["runs", "show", String(id)])))
    expect(cold.cold).toBe(true)
    expect(cold.loadMs).toBe(cold.serverStats.load_duration / 1e6)
    expect(cold.loadMs).toBeGreaterThanOrEqual(390)
    expect(cold.promptMs).toBe(cold.serverStats.prompt_eval_duration / 1e6)
    expect(cold.warmTtftMs).toBeCloseTo(cold.ttftMs - cold.loadMs, 6)
    expect(cold.warmTtftMs).toBeLessThan(cold.ttftMs)
    expect(warm.cold).toBe(false)
    expect(warm.warmTtftMs).toBe(warm.ttftMs)
    const board = await llpJson<any>(ws, ["leaderboard"])
    const row = board.leaderboard.find((r: any) => r.bot === "Llama")
    expect(row.avgTtftMs).toBe(Math.round((cold.warmTtftMs + warm.warmTtftMs) / 2))
    expect(row.avgLoadMs).toBe(Math.round(cold.loadMs))
    expect(board.machine.fingerprint).toMatch(/^[0-9a-f]{14}$/)
    const text = await llp(ws, ["leaderboard"], env())
    expect(text.stdout).toContain("LOAD S")
    // with no GPU tool on the machine, the GPU memory is the server's figure for the model (Ollama /api/ps size_vram)
    const bare = await llp(ws, ["run", "--bot", "Llama", "--prompt", "3", "--json"], { PATH: "/usr/bin:/bin" })
    expect(bare.code, bare.stderr).toBe(0)
    const ps = (await (await fetch(`${ollama.url}/api/ps`)).json()) as { models: Array<{ size_vram: number }> }
    expect(JSON.parse(bare.stdout).peakVramMb).toBe(Math.round(ps.models[0]!.size_vram / 2 ** 20))
    expect(JSON.parse(bare.stdout).energyJ).toBeNull()
    expect(text.stderr).toMatch(/runs on this machine \(\d+\) only/)
  })

  it("llp bench on the simulator: mean ± sd over 5 repeats per depth, the server's figures, stored per bot and machine", async () => {
    const r = await llp(ws, ["bench", "Llama", "--pp", "64", "--tg", "16", "--depth", "0,256", "--repeat", "5", "--json"], env())
    expect(r.code, r.stderr).toBe(0)
    const b = JSON.parse(r.stdout)
    expect(b).toMatchObject({ pp: 64, tg: 16, repeat: 5, serverVersion: "ollama 0.12.6" })
    expect(b.machineId).toBe(b.machine.id)
    expect(b.depths.map((d: any) => d.depth)).toEqual([0, 256])
    for (const d of b.depths) {
      expect(d.ppSamples).toHaveLength(5)
      expect(d.tgSamples).toHaveLength(5)
      expect(d.ppSource).toBe("server")
      expect(d.tgSource).toBe("server")
      const mean = d.tgSamples.reduce((a: number, x: number) => a + x, 0) / 5
      expect(d.tgMean).toBeCloseTo(mean, 9)
      const sd = Math.sqrt(d.tgSamples.reduce((a: number, x: number) => a + (x - mean) ** 2, 0) / 4)
      expect(d.tgSd).toBeCloseTo(sd, 9)
      expect(d.tgTokens).toEqual([16, 16, 16, 16, 16])
    }
    // at depth 256 the context came from the server's prompt cache: each repeat processed only its new tokens
    const deep = b.depths[1]
    expect(Math.max(...deep.ppTokens)).toBeLessThan(128)
    const history = await llpJson<Array<any>>(ws, ["bench", "Llama", "--history"])
    expect(history[0].id).toBe(b.id)
    const text = await llp(ws, ["bench", "Llama", "--history"], env())
    expect(text.stdout).toMatch(/pp64\s+[\d.]+ ± [\d.]+\s+5\s+server/)
    expect(text.stdout).toMatch(/tg16 @ d256\s+[\d.]+ ± [\d.]+\s+5\s+server/)
    const bad = await llp(ws, ["bench", "Llama", "--depth", "0,-4"], env())
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toBe('llp: bench: --depth must be a whole number ≥ 0, got "-4"\n')
  })
})
