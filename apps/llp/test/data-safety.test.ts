import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BIN, llp as llpSync, llpAsync as llp, llpJsonAsync as llpJson, llpWatch, oneLine, tempDir, writeConfig } from "./helpers.js"

let sim: Simulator
const root = tempDir("llp-safety-")

beforeAll(async () => {
  sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 2 })
})
afterAll(async () => {
  await sim.close()
  fs.rmSync(root, { recursive: true, force: true })
})


/** Runs llp with a short time limit: a command that spins ends the test instead of hanging it. */
const llpBounded = (args: ReadonlyArray<string>) => {
  // SIGKILL: a spinning llp ignored SIGTERM (the defect this guards against)
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL", env: { ...process.env, NO_COLOR: "1" } })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}

describe("output paths the system cannot create", () => {
  it("end `llp export` in one clear line, not a spin (a folder under /proc)", () => {
    const ws = path.join(root, "proc")
    expect(llpSync(ws, ["init"]).code).toBe(0)
    const r = llpBounded(["--workspace", ws, "export", "--out", "/proc/llp-test/out.json"])
    expect(r.signal, "llp export spun until it was killed").toBeNull()
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/cannot create the folder \/proc\/llp-test/)
    const file = llpBounded(["--workspace", ws, "export", "--out", "/proc/llp-test.json"])
    expect(file.code).toBe(1)
    oneLine(file.stderr)
    expect(file.stderr).toMatch(/cannot write \/proc\/llp-test\.json/)
  })

  it("end a workspace under /proc in one clear line", () => {
    const r = llpBounded(["--workspace", "/proc/llp-test-ws", "bots", "list"])
    expect(r.signal).toBeNull()
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/cannot create the workspace/)
  })
})

describe("llp export and llp report, and existing files", () => {
  it.each([
    ["export", "board.json", '"llp": "leaderboard"'],
    ["report", "page.html", "<html"]
  ])("llp %s replaces a named file only with --force, and refuses a folder", (command, name, content) => {
    const ws = path.join(root, command)
    const out = path.join(root, name)
    fs.writeFileSync(out, "mine")
    const refused = llpSync(ws, [command, "--out", out])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(`llp: ${command}: ${out} exists; add --force to replace it\n`)
    expect(fs.readFileSync(out, "utf8")).toBe("mine")
    const folder = llpSync(ws, [command, "--out", root, "--force"])
    expect(folder.code).toBe(1)
    expect(folder.stderr).toBe(`llp: ${command}: ${root} is a folder; --out takes a file name\n`)
    const forced = llpSync(ws, [command, "--out", out, "--force"])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toBe(`${out}\n`)
    expect(fs.readFileSync(out, "utf8")).toContain(content)
  })

  it("never reuses a default name", () => {
    const ws = path.join(root, "export")
    // two exports within the same second get two files
    const a = llpSync(ws, ["export"]).stdout.trim()
    const b = llpSync(ws, ["export"]).stdout.trim()
    const c = llpSync(ws, ["export"]).stdout.trim()
    expect(new Set([a, b, c]).size).toBe(3)
    for (const f of [a, b, c]) expect(fs.existsSync(f)).toBe(true)
  })
})

describe("a stopped re-run and the saved complete answer", () => {
  it("keeps the complete answer: llp runs save refuses without --force, and the header names the stop", async () => {
    const ws = path.join(root, "rerun")
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 60_000, idleMs: 60_000 } })
    expect((await llp(ws, ["bots", "add", "--provider", "lmstudio", "--model", "qwen2.5-7b-instruct", "--name", "q"])).code).toBe(0)
    const complete = await llp(ws, ["run", "--bot", "q", "--prompt", "1"])
    expect(complete.code, complete.stderr).toBe(0)
    const prompt = await llpJson<any>(ws, ["prompts", "show", "1"])
    const file = path.join(ws, "llm_outputs", prompt.category, "q.md")
    const saved = fs.readFileSync(file, "utf8")
    expect(saved).toContain("Stop: ")

    // the re-run stalls after a few tokens and is stopped with SIGTERM
    sim.setFaults([{ kind: "stall", afterTokens: 8, ms: 8000 }])
    let code: number | null
    try {
      const run = llpWatch(ws, ["run", "--bot", "q", "--prompt", "1"])
      await run.until((s) => s.out.length > 0, 30)
      run.child.kill("SIGTERM")
      code = await run.exited
      expect(run.seen.err).toMatch(/llp: stopped/)
    } finally {
      sim.setFaults([])
    }
    expect(code).toBe(143)
    const stopped = (await llpJson<Array<any>>(ws, ["runs", "list", "--limit", "1"]))[0]
    expect(stopped.status).toBe("cancelled")
    expect(fs.readFileSync(file, "utf8")).toBe(saved)

    const refused = await llp(ws, ["runs", "save", String(stopped.id)])
    expect(refused.code).toBe(1)
    oneLine(refused.stderr)
    expect(refused.stderr).toMatch(/holds a complete answer to .*cancelled run's partial answer does not replace it \(add --force to replace it\)/)
    expect(fs.readFileSync(file, "utf8")).toBe(saved)

    const forced = await llp(ws, ["runs", "save", String(stopped.id), "--force"])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout.trim()).toBe(file)
    const partial = fs.readFileSync(file, "utf8")
    expect(partial).toContain("Stop: cancelled")
    expect(partial).not.toContain("Stop: unknown")

    // a complete answer replaces a partial one without a question
    const again = await llp(ws, ["run", "--bot", "q", "--prompt", "1"])
    expect(again.code, again.stderr).toBe(0)
    expect(fs.readFileSync(file, "utf8")).not.toContain("Stop: cancelled")
  })
})

describe("llp bots rm", () => {
  it("removes the bot's files in llm_outputs/ and says which; other bots' files stay", async () => {
    const ws = path.join(root, "rm")
    for (const name of ["Gone", "Kept"]) expect(llpSync(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", name]).code).toBe(0)
    for (const name of ["Gone", "Kept"]) {
      const r = await llp(ws, ["run", "--bot", name, "--prompt", "1"])
      expect(r.code, r.stderr).toBe(0)
      const id = Number(/run (\d+) \(complete\)/.exec(r.stderr)![1])
      expect(llpSync(ws, ["score", String(id), "1"]).code).toBe(0)
    }
    const prompt = await llpJson<any>(ws, ["prompts", "show", "1"])
    const filesOf = (name: string) => [path.join(ws, "llm_outputs", prompt.category, `${name}.md`), path.join(ws, "llm_outputs", prompt.category, "scores", `score-${name}.json`)]
    for (const f of [...filesOf("Gone"), ...filesOf("Kept")]) expect(fs.existsSync(f), f).toBe(true)

    const rm = llpSync(ws, ["bots", "rm", "Gone"])
    expect(rm.code, rm.stderr).toBe(0)
    expect(rm.stdout).toMatch(/Removed bot \d+ "Gone" with its runs and scores and its 2 files in llm_outputs\//)
    expect(rm.stdout).toContain(`${prompt.category}/Gone.md`)
    for (const f of filesOf("Gone")) {
      expect(fs.existsSync(f), f).toBe(false)
      expect(rm.stderr).toContain(`removed ${f}`)
    }
    for (const f of filesOf("Kept")) expect(fs.existsSync(f), f).toBe(true)
  })
})
