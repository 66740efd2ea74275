import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BIN, llpAsync, tempDir, writeConfig } from "./helpers.js"
import { hasTmux, tmuxSession } from "./support/tmux.js"

/**
 * The built `llp` in a real terminal (tmux), against the LM Studio simulator: open the Conducer,
 * send a prompt, watch the text arrive, save it, score it in the Ingressor, see the Leaderboard change.
 */
const SESSION = `llp-e2e-${process.pid}`
const root = tempDir()
const ws = path.join(root, "ws")
let sim: Simulator

const { tmux, keys, waitFor, kill } = tmuxSession(SESSION)

describe.skipIf(!hasTmux)("llp in tmux", () => {
  beforeAll(async () => {
    sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 15 })
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } } })
    const add = await llpAsync(ws, ["bots", "add", "--provider", "lmstudio", "--model", "qwen2.5-7b-instruct", "--name", "Qwen 7B"])
    expect(add.code, add.stderr).toBe(0)
    tmux("-f", "/dev/null", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", `${process.execPath} ${BIN} --workspace ${ws}; echo EXIT=$?; sleep 60`)
  })
  afterAll(async () => {
    kill()
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

/**
 * What only a real terminal shows (issue 11): a large bracketed paste, emoji and CJK taking the cells
 * tmux gives them, and dim text in a readable colour, under TERM=tmux-256color.
 */
describe.skipIf(!hasTmux)("llp in tmux with TERM=tmux-256color", () => {
  const WIDE = `llp-e2e-wide-${process.pid}`
  const wideRoot = tempDir()
  const wideWs = path.join(wideRoot, "ws")
  const { tmux: t, screen: pane, kill: killWide } = tmuxSession(WIDE)
  /** The screen once it shows `what` and has stopped changing (data loads after a tab's first frame). */
  const until = async (what: string | RegExp, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs
    let last = ""
    for (;;) {
      const s = pane()
      if ((typeof what === "string" ? s.includes(what) : what.test(s)) && s === last) return s
      last = s
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const start = () =>
    t("respawn-pane", "-k", "-t", WIDE, `env -u NO_COLOR TERM=tmux-256color ${process.execPath} ${BIN} --workspace ${wideWs}; echo EXIT=$?; sleep 60`)
  /** Lines of a frame end in its right border: no character took more cells than LLP counted. */
  const brokenBorders = (screen: string) => screen.split("\n").filter((l) => l.startsWith("│") && !l.trimEnd().endsWith("│"))

  beforeAll(async () => {
    writeConfig(wideWs, { providers: {} })
    for (const name of ["Gamma 🦙", "漢字 e\u0301cole 👨‍👩‍👧"]) {
      const add = await llpAsync(wideWs, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", name])
      expect(add.code, add.stderr).toBe(0)
    }
    // the demo provider's answers end with 👋
    const run = await llpAsync(wideWs, ["run", "--bot", "Gamma 🦙", "--prompt", "1"])
    expect(run.code, run.stderr).toBe(0)
    expect((await llpAsync(wideWs, ["score", "1", "0"])).code).toBe(0)
    t("-f", "/dev/null", "new-session", "-d", "-s", WIDE, "-x", "100", "-y", "30", "sleep 60")
    start()
  })
  afterAll(() => {
    killWide()
    fs.rmSync(wideRoot, { recursive: true, force: true })
  })

  it("draws emoji and CJK in their cells, the same after a tour of the tabs as fresh, with gray hints", async () => {
    const fresh = await until("Leaderboard — 2 bots")
    expect(fresh).toMatch(/Gamma 🦙 .* 1\/95 /)
    expect(brokenBorders(fresh)).toEqual([])
    // gray (SGR 90), not black (SGR 30), for the hints
    const colored = pane("-e")
    expect(colored).toMatch(/\x1b\[90mF1 help/)
    expect(colored).not.toMatch(/\x1b\[30m(F1 help|\/ to filter)/)
    // a tour: Bots, Egressor (the run's answer with 👋), Conducer, back to the Leaderboard
    t("send-keys", "-t", WIDE, "F6")
    const bots = await until("Bots — 2 bots")
    expect(brokenBorders(bots)).toEqual([])
    t("send-keys", "-t", WIDE, "F4")
    const egressor = await until("Run history")
    expect(brokenBorders(egressor)).toEqual([])
    t("send-keys", "-t", WIDE, "F8")
    await until("Ctrl+T sends")
    t("send-keys", "-t", WIDE, "F2")
    const toured = await until("Leaderboard — 2 bots")
    expect(toured).toEqual(fresh)
    // and each tab, drawn again over others, equals its first draw
    t("send-keys", "-t", WIDE, "F6")
    expect(await until("Bots — 2 bots")).toEqual(bots)
    t("send-keys", "-t", WIDE, "F4")
    expect(await until("Run history")).toEqual(egressor)
  }, 60_000)

  it("takes a 200 KB paste into a one-line field at once, keeping what was typed", async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `pasted line ${i} with some words to make it long\n`).join("")
    const file = path.join(wideRoot, "paste.txt")
    fs.writeFileSync(file, text)
    t("send-keys", "-t", WIDE, "F7")
    await until("Categories")
    t("send-keys", "-t", WIDE, "n")
    await until("New prompt")
    t("send-keys", "-t", WIDE, "-l", "Hi ")
    t("load-buffer", file)
    t("paste-buffer", "-p", "-t", WIDE)
    await until(/Title .*words to make it long +Kept the first of 3,000 pasted lines/, 30_000)
    t("send-keys", "-t", WIDE, "Home")
    await until(/Title\s+Hi pasted line 0 with some words/)
    t("send-keys", "-t", WIDE, "Escape")
    await until("Prompts of Booting")
    t("send-keys", "-t", WIDE, "q")
    await until("EXIT=0")
  }, 60_000)
})
