import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BIN, llpAsync, tempDir, writeConfig } from "./helpers.js"

/**
 * The built `llp` in a real terminal (tmux), against the LM Studio simulator: open the Conducer,
 * send a prompt, watch the text arrive, save it, score it in the Ingressor, see the Leaderboard change.
 */
const hasTmux = spawnSync("tmux", ["-V"]).status === 0
const SESSION = `llp-e2e-${process.pid}`
const root = tempDir()
const ws = path.join(root, "ws")
let sim: Simulator

const tmux = (...args: Array<string>) => execFileSync("tmux", ["-L", SESSION, ...args], { encoding: "utf8" })
const screen = () => tmux("capture-pane", "-p", "-t", SESSION)
const keys = (...k: Array<string>) => tmux("send-keys", "-t", SESSION, ...k)
const waitFor = async (what: string | RegExp, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const s = screen()
    if (typeof what === "string" ? s.includes(what) : what.test(s)) return s
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(!hasTmux)("llp in tmux", () => {
  beforeAll(async () => {
    sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 15 })
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } } })
    const add = await llpAsync(ws, ["bots", "add", "--provider", "lmstudio", "--model", "qwen2.5-7b-instruct", "--name", "Qwen 7B"])
    expect(add.code, add.stderr).toBe(0)
    tmux("-f", "/dev/null", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", `${process.execPath} ${BIN} --workspace ${ws}; echo EXIT=$?; sleep 60`)
  })
  afterAll(async () => {
    try {
      tmux("kill-server")
    } catch {}
    await sim.close()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it("sends, saves, scores and ranks from the keyboard", async () => {
    await waitFor("Leaderboard —")
    keys("F8")
    await waitFor("Ctrl+T sends")
    keys("C-t")
    // the simulator streams slowly: the text arrives while the run is still streaming
    await waitFor(/streaming/)
    const done = await waitFor(/complete · \d+ tokens/)
    expect(done).toMatch(/tok\/s/)
    keys("C-s")
    await waitFor("Saved run #1")
    const archived = fs.readdirSync(path.join(ws, "llm_outputs"), { recursive: true }).map(String)
    expect(archived.some((f) => f.endsWith("Qwen-7B.md"))).toBe(true)

    keys("F2")
    await waitFor(/Qwen 7B\s+0\s+0/)
    keys("F3")
    await waitFor("Scoring Qwen 7B")
    // category, prompt, bot, run, points
    keys("Tab", "Tab", "Tab", "Tab")
    keys("35")
    keys("C-s")
    await waitFor("Saved 35/")
    keys("F2")
    const board = await waitFor(/Qwen 7B\s+35\s+/)
    expect(board).toMatch(/1\/95/)
    keys("q")
    await waitFor("EXIT=0")
  }, 90_000)
})
