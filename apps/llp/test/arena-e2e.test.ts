import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { duelsDocument, SECRET } from "./arenaFixture.js"
import { BIN, llp, llpJson, tempDir } from "./helpers.js"
import { hasTmux, tmuxSession } from "./support/tmux.js"

/**
 * The Arena in a real terminal (tmux), with the built `llp`: duels are blind (screen and window
 * title), a double key press stores one vote, undo removes it, and a vote survives kill -9 the moment
 * its reveal shows.
 */
const SESSION = `llp-arena-${process.pid}`
const root = tempDir()
const ws = path.join(root, "ws")

const { tmux, keys, title, waitFor, kill } = tmuxSession(SESSION, 50)
const votes = () => llpJson<Array<{ verdict: string; leftRunId: number; rightRunId: number }>>(ws, ["arena", "votes"])

describe.skipIf(!hasTmux)("the Arena in tmux", () => {
  beforeAll(() => {
    fs.mkdirSync(ws, { recursive: true })
    expect(llp(ws, ["init"]).code).toBe(0)
    const file = path.join(root, "duels.json")
    fs.writeFileSync(file, JSON.stringify(duelsDocument()))
    const imported = llp(ws, ["import", file])
    expect(imported.code, imported.stderr).toBe(0)
    tmux("-f", "/dev/null", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", `${process.execPath} ${BIN} --workspace ${ws}; echo EXIT=$?; sleep 60`)
  })
  afterAll(() => {
    kill()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it("is blind until the vote, stores a double press once, undoes, and keeps a vote through kill -9", async () => {
    await waitFor("Leaderboard —")
    keys("F9")
    let s = await waitFor("Left — 1 / ←")
    expect(s).not.toMatch(SECRET)
    expect(title()).not.toMatch(SECRET)

    keys("1", "1")
    s = await waitFor("Vote stored")
    expect(s).toMatch(SECRET) // the names, revealed
    expect(votes()).toHaveLength(1)

    keys("u")
    s = await waitFor("Vote removed")
    expect(s).not.toMatch(SECRET)
    expect(votes()).toHaveLength(0)
    keys("=")
    await waitFor("Vote stored")
    expect(votes().map((v) => v.verdict)).toEqual(["tie"])

    keys("Enter")
    s = await waitFor((x) => x.includes("Left — 1 / ←") && !x.includes("Vote stored"))
    expect(s).not.toMatch(SECRET)
    expect(title()).not.toMatch(SECRET)

    // the reveal shows only once the vote is committed: kill -9 at that moment loses nothing
    const panePid = tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").trim()
    const pid = execFileSync("pgrep", ["-P", panePid], { encoding: "utf8" }).trim().split("\n")[0]!
    keys("Right")
    await waitFor("Vote stored", 10_000)
    process.kill(Number(pid), "SIGKILL")
    await waitFor("EXIT=137")
    const after = votes()
    expect(after.map((v) => v.verdict)).toEqual(["tie", "right"])
    const check = llp(ws, ["arena", "ratings", "--json"])
    expect(check.code, check.stderr).toBe(0)
    expect(JSON.parse(check.stdout).votes).toBe(2)
  }, 90_000)
})
