import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** A leaderboard line of the screen, by bot name. */
const rowOf = (screen: string, bot: string) => screen.split("\n").find((l) => l.includes(` ${bot} `)) ?? ""

describe("Ingressor and Leaderboard", () => {
  it.live("scores a run made in the Conducer, and the Leaderboard row changes", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 0.05 })
      await world.run(addBot("demo-fast"))
      await world.run(addBot("other-bot"))
      // 100 columns: at 80 the intervals leave no room for the Runs column this test follows
      const h = await world.tui({ cols: 100, rows: 24 })
      await h.waitFor("demo-fast")
      expect(rowOf(h.screen(), "demo-fast")).toMatch(/0\/95\s+0/)
      // send prompt 1 of Booting to demo-fast
      await h.press(key("global", "tab.conducer"))
      await h.waitFor("Ctrl+T sends")
      await h.type("demo-fast")
      await h.press(key("conducer", "enter"), key("conducer", "enter"), key("conducer", "send"))
      await h.waitFor("complete")
      // back on the Leaderboard: one run, nothing scored
      await h.press(key("global", "tab.leaderboard"))
      await h.waitFor((s) => /0\/95\s+1/.test(rowOf(s, "demo-fast")))
      // select demo-fast (it may not be the first row) by filtering
      await h.press(key("leaderboard", "filter"))
      await h.type("demo-fast")
      await h.press(key("leaderboard", "open"))
      // Ctrl+I as the kitty keyboard protocol reports it
      await h.press("\x1b[105;5u")
      await h.waitFor("Scoring demo-fast")
      // category → prompt → bot (the Leaderboard's row) → run (the newest is chosen) → points
      await h.press(key("ingressor", "enter"), key("ingressor", "enter"))
      await h.waitFor(/Bot\s+◀ demo-fast/)
      await h.press(key("ingressor", "down"))
      await h.waitFor(/Run\s+◀ #1 .* complete/)
      await h.press(key("ingressor", "enter"))
      await h.type("99")
      await h.press(key("global", "save"))
      await h.waitFor("Not saved: Points: must be between 0 and 40")
      expect(h.screen()).toContain("✗ must be between 0 and 40")
      await h.press(bytes("backspace"), bytes("backspace"))
      await h.type("30")
      await h.press(key("ingressor", "down"))
      await h.type("clear and correct")
      await h.press(key("global", "save"))
      await h.waitFor("Saved 30/40")
      expect(h.screen()).toMatch(/✓ Prompt 1: Teachi\S*\s+30\/40/)
      const scoreFile = path.join(world.root, "llm_outputs", "booting", "scores", "score-demo-fast.json")
      expect(JSON.parse(fs.readFileSync(scoreFile, "utf8")).totals.pointsScored).toBe(30)
      await h.press(key("global", "tab.leaderboard"))
      await h.press(key("leaderboard", "clear"))
      const lb = await h.waitFor((s) => /^│\s+1 demo-fast\s+30\s+0\s+0\s+0\s+0\s+0\s+30 ±0\s+0\.0\s+[\d.]+\s+[\d.]+s\s+1\/95\s+1/m.test(s))
      expect(rowOf(lb, "other-bot")).toMatch(/0\/95\s+0/)
      const scores = await world.run(Effect.flatMap(Store.Store, (s) => s.listScores()))
      expect(scores.map((s) => [s.score.points, s.score.note])).toEqual([[30, "clear and correct"]])
      await h.quit()
    })
  )

  it.live("enters a run made outside LLP: pasted output, speed, points; Ctrl+Y copies the prompt with OSC 52", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("manual-bot", "lmstudio", "qwen2.5-7b"))
      const h = await world.tui({ options: { env: { TMUX: "/tmp/tmux-0/default,1,0" } } })
      await h.waitFor("manual-bot")
      await h.press(key("global", "tab.ingressor", 1))
      await h.waitFor("Scoring manual-bot")
      await h.press(key("ingressor", "enter"), key("ingressor", "down"), key("ingressor", "enter"), key("ingressor", "down"))
      await h.waitFor(/Run\s+◀ new run/)
      await h.press(key("ingressor", "copy"))
      await h.waitFor("Copied the prompt")
      const prompt = (await world.run(Effect.flatMap(Store.Store, (s) => s.listPrompts("booting"))))[1]!
      const b64 = Buffer.from(prompt.text, "utf8").toString("base64")
      const raw = h.written()
      expect(raw).toContain(`\x1b]52;c;${b64}\x07`)
      expect(raw).toContain(`\x1bPtmux;\x1b\x1b]52;c;${b64}\x07\x1b\\`)
      await h.press(key("ingressor", "enter"))
      await h.type("12")
      await h.press(key("ingressor", "down"), key("ingressor", "down"))
      await h.type("25.5")
      await h.press(key("ingressor", "down"))
      await h.type("0.8")
      await h.press(key("ingressor", "down"))
      // bracketed paste: q, Tab and newlines inside are text, not keys
      await h.press("\x1b[200~def solve():\r\tq = 1\r\x1b[201~")
      await h.press(key("global", "save"))
      await h.waitFor("Saved 12/45")
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs).toHaveLength(1)
      expect(runs[0]!.output).toBe("def solve():\n\tq = 1\n")
      expect(runs[0]!.tokensPerSecond).toBe(25.5)
      expect(runs[0]!.ttftMs).toBe(800)
      await h.press(key("global", "tab.leaderboard"))
      await h.waitFor((s) => /manual-bot\s+12\s/.test(s))
      await h.quit()
    })
  )
})

function bytes(name: string) {
  return name === "backspace" ? "\x7f" : name
}
