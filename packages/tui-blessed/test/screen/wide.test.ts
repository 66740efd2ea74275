import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import type { Harness } from "../support/harness.js"
import { key } from "../support/keys.js"
import { scriptedProvider } from "../support/services.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

// emoji, CJK, a combining mark, a ZWJ sequence, variation selectors, a skin tone
const NAMES = ["Gamma 🦙", "漢字ボット", "e\u0301cole 👨‍👩‍👧", "❤️ heart 👋🏽"]
const ANSWER = "Hello 👋 from 🦙!\n漢字 and かな, e\u0301, 👨‍👩‍👧 family, ❤️ and ☀️.\nThe end 🚀"

const COLS = 100
const ROWS = 30

/** Every framed row ends in a border at the last column: nothing on the line took more cells than counted. */
const bordersInPlace = (h: Harness): Array<string> => {
  const bad: Array<string> = []
  const buf = h.term.buffer.active
  for (let y = 0; y < ROWS; y++) {
    const line = buf.getLine(buf.viewportY + y)
    const text = line?.translateToString(true) ?? ""
    if (!text.startsWith("│")) continue
    const last = line?.getCell(COLS - 1)?.getChars()
    if (last !== "│") bad.push(`${y}: ${text}`)
  }
  return bad
}

const seed = async (w: OpenWorld) =>
  w.run(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const prompt = (yield* store.listPrompts("booting"))[0]!
      for (const [i, name] of NAMES.entries()) {
        const bot = yield* store.createBot({ name, provider: "emoji", model: "scripted-7b" })
        const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: ANSWER, tokensPerSecond: 40 + i, ttftMs: 500 })
        if (i % 2 === 0) yield* store.scoreRun({ runId: run.id, points: 0, note: "🦙 ok" })
      }
    })
  )

/** A tab's screen after a tour of the other tabs (so old frames were drawn over) equals a fresh app's first draw of it. */
const sameAsFresh = async (w: OpenWorld, h: Harness, tab: string, ready: string | RegExp) => {
  for (const other of ["tab.bots", "tab.egressor", "tab.conducer", "tab.prompts", "tab.leaderboard", tab]) {
    await h.press(key("global", other))
    await h.settle(40)
  }
  await h.waitFor(ready)
  // (trailing blanks differ only in whether a space was written there or the cell was never touched)
  const text = (x: Harness) => x.lines().map((l) => l.trimEnd())
  const toured = text(h)
  const fresh = await w.tui({ cols: COLS, rows: ROWS })
  await fresh.press(key("global", tab))
  await fresh.waitFor(ready)
  const first = text(fresh)
  expect(bordersInPlace(fresh)).toEqual([])
  await fresh.quit()
  expect(toured).toEqual(first)
  expect(bordersInPlace(h)).toEqual([])
}

describe("wide characters", () => {
  it.live("take the cells the terminal gives them on the Leaderboard, the Bot Manager, the Egressor and the Conducer", () =>
    Effect.promise(async () => {
      world = await openWorld({ extra: [scriptedProvider("emoji", ANSWER.split(/(?<= )/), { delayMs: 1 })] })
      await seed(world)
      const h = await world.tui({ cols: COLS, rows: ROWS })
      const board = await h.waitFor("Gamma 🦙")
      // a real 0/95 stays 0/95 (it once showed as 40/95–)
      expect(board).toMatch(/Gamma 🦙 .* 1\/95 /)
      await sameAsFresh(world, h, "tab.leaderboard", "Leaderboard — 4 bots")
      await sameAsFresh(world, h, "tab.bots", "Bots — 4 bots")
      await sameAsFresh(world, h, "tab.egressor", /Run history[\s\S]*#\d+ \d{4}-/)

      // the Conducer streams an answer with them; after it, a full redraw changes nothing
      await h.press(key("global", "tab.conducer"))
      await h.waitFor("Ctrl+T sends")
      await h.type("gamma")
      await h.press(key("conducer", "enter"), key("conducer", "enter"))
      await h.press(key("conducer", "send"))
      const done = await h.waitFor(/complete · \d+ tokens/)
      expect(done).toContain("Hello 👋 from 🦙!")
      expect(done).toContain("👨👩👧 family") // the ZWJ sequence is drawn as its three people
      expect(bordersInPlace(h)).toEqual([])
      const streamed = h.lines().map((l) => l.trimEnd())
      await h.resize(COLS - 1, ROWS)
      await h.resize(COLS, ROWS)
      await h.waitFor(/complete · \d+ tokens/)
      expect(h.lines().map((l) => l.trimEnd())).toEqual(streamed)
      await h.quit()
    }),
    60_000
  )

  it.live("Ctrl+R redraws the whole screen over whatever else wrote to the terminal", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui({ cols: COLS, rows: ROWS })
      await h.waitFor("No bots yet") // loaded (before, the table says Loading…)
      // the status line then says "Reloaded": compare the rest
      const body = () => h.lines().slice(0, ROWS - 4)
      const clean = body()
      // another program writes into the terminal
      await new Promise<void>((r) => h.term.write("\x1b[8;10HSTRAY TEXT FROM ELSEWHERE", () => r()))
      expect(h.screen()).toContain("STRAY TEXT")
      await h.press(key("global", "refresh"))
      await h.waitFor((s) => !s.includes("STRAY TEXT") && s.includes("No bots yet"))
      expect(body()).toEqual(clean)
      await h.quit()
    })
  )
})
