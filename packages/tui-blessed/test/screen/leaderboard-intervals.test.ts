import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { loadLeaderboard } from "@llp/exporters"
import { key } from "../support/keys.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const rowOf = (screen: string, bot: string) => screen.split("\n").find((l) => l.includes(` ${bot} `)) ?? ""

/** Two bots with repeats that disagree, in Booting and Writing: every category has an interval. */
const seed = Effect.gen(function* () {
  const store = yield* Store.Store
  for (const [name, base] of [["steady", 20], ["shaky", 10]] as const) {
    const bot = yield* store.createBot({ name, provider: "demo", model: `${name}-7b` })
    for (const category of ["booting", "writing"]) {
      for (const prompt of (yield* store.listPrompts(category)).slice(0, 3)) {
        for (const points of [base, base - 8, base + 6]) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "ok", tokensPerSecond: 30 + points, ttftMs: 300 })
          yield* store.scoreRun({ runId: run.id, points, note: "" })
        }
      }
    }
  }
})

describe("Leaderboard: every category's interval below 150 columns", () => {
  it.live("at 120 columns only the total has ±; i shows it for every category (the speeds' spreads make room), i again hides them", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(seed)
      const h = await world.tui({ cols: 120, rows: 30 })
      let s = await h.waitFor(/steady\s.*±/)
      // the total has its interval, a category none; the hint names the key
      expect(rowOf(s, "steady").match(/±/g)).toHaveLength(1)
      expect(s).toContain("i ± each")
      await h.press(key("leaderboard", "intervals"))
      s = await h.waitFor("i ± total only")
      // Booting, Writing and the total, each with its interval, for both bots
      for (const bot of ["steady", "shaky"]) expect(rowOf(s, bot).match(/\d ±\d/g)?.length, bot).toBeGreaterThanOrEqual(3)
      expect(s).not.toContain("(p10–p90)")
      expect(s).toMatch(/Booting/)
      expect(s).toMatch(/Writing/)
      for (const line of s.split("\n")) expect(line.length).toBeLessThanOrEqual(120)
      await h.press(key("leaderboard", "intervals"))
      s = await h.waitFor("i ± each")
      expect(rowOf(s, "steady").match(/±/g)).toHaveLength(1)
      await h.quit()
    }),
    60_000
  )

  it.live("the table shows core's loadLeaderboard: the same order, points and intervals as `llp leaderboard`", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(seed)
      const board = await world.run(loadLeaderboard("total", { arena: false }))
      const h = await world.tui({ cols: 160, rows: 30 })
      const s = await h.waitFor(/shaky\s.*±/)
      const order = board.rows.map((r) => r.bot)
      expect(order).toEqual(["steady", "shaky"])
      expect(s.indexOf(" steady ")).toBeLessThan(s.indexOf(" shaky "))
      for (const r of board.rows) {
        const half = (r.stats!.total.high - r.stats!.total.low) / 2
        expect(rowOf(s, r.bot)).toContain(`${r.total} ±${half < 10 ? half.toFixed(1) : Math.round(half)}`)
      }
      await h.quit()
    }),
    60_000
  )
})
