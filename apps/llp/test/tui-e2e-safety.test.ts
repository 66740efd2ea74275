import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { BIN, tempDir } from "./helpers.js"
import { hasTmux, tmuxSession } from "./support/tmux.js"

/**
 * The built `llp` in a real terminal (tmux): an export to a folder the system cannot create (under
 * /proc) used to spin at 100 % CPU, deaf to SIGTERM and SIGHUP. Now it says why in one line, keeps
 * answering keys, and a SIGTERM ends it.
 */
const SESSION = `llp-e2e-safety-${process.pid}`
const root = tempDir()
const ws = path.join(root, "ws")

const { tmux, screen, keys, waitFor, kill } = tmuxSession(SESSION)

describe.skipIf(!hasTmux)("llp in tmux, writing where it cannot", () => {
  afterAll(() => {
    kill()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it("an export under /proc ends in one line, keys still work, and SIGTERM ends the app", async () => {
    const pidFile = path.join(root, "pid")
    tmux("-f", "/dev/null", "new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", `echo $$ > ${pidFile}; exec ${process.execPath} ${BIN} --workspace ${ws}`)
    tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
    await waitFor("Leaderboard —")
    keys("F5")
    await waitFor("Export the leaderboard")
    keys("Down")
    for (let i = 0; i < 30; i++) keys("BSpace")
    keys("-l", "/proc/llp-e2e/board.json")
    keys("Enter")
    const s = await waitFor("Not written:")
    expect(s).toContain("cannot create the folder /proc/llp-e2e")
    keys("F6")
    await waitFor(/Bots — /)
    // the shell exec'd node: the pid written is the app's
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim())
    process.kill(pid, "SIGTERM")
    // tmux's own flag, not its "Pane is dead" line, which a capture does not always show (seen in CI)
    const deadline = Date.now() + 30_000
    while (tmux("list-panes", "-t", SESSION, "-F", "#{pane_dead}").trim() !== "1") {
      if (Date.now() > deadline) throw new Error(`the app is still running 30 s after SIGTERM; the screen:\n${screen()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    // ended: gone, or a zombie tmux has not reaped yet
    const state = fs.existsSync(`/proc/${pid}/status`) ? /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] : "gone"
    expect(["gone", "Z", "X"]).toContain(state)
  }, 120_000)
})
