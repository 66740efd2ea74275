import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { key } from "../support/keys.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** Bots with one scored run of Booting's first prompt each, at known points and speeds. */
const bots = (w: OpenWorld, list: ReadonlyArray<[name: string, points: number, tps: number]>) =>
  w.run(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const prompt = (yield* store.listPrompts("booting"))[0]!
      for (const [name, points, tps] of list) {
        const bot = yield* store.createBot({ name, provider: "demo", model: "demo-fast-3b" })
        const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "answer", tokensPerSecond: tps, ttftMs: 300 })
        yield* store.scoreRun({ runId: run.id, points, note: "" })
      }
    })
  )

describe("Leaderboard: the frontier view", () => {
  it.live("f draws points against tok/s in braille, frontier bots marked and the dominated ones with who beats them; c moves through the categories", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await bots(world, [
        ["strong-slow", 30, 5],
        ["balanced", 25, 20],
        ["quick-weak", 10, 60],
        ["beaten {bold}", 8, 15]
      ])
      const h = await world.tui({ cols: 120, rows: 36 })
      await h.waitFor("quick-weak")
      await h.press(key("leaderboard", "frontier"))
      let s = await h.waitFor("Frontier — Total — 3 bots on it, 1 dominated")
      expect(s).toMatch(/★ strong-slow/)
      expect(s).toMatch(/★ balanced/)
      expect(s).toMatch(/★ quick-weak/)
      // the name is shown as text, not taken as a tag
      expect(s).toContain("· beaten {bold} (balanced +1)")
      expect(s).toMatch(/[\u2801-\u28ff]/)
      expect(s).toContain("tok/s")
      await h.press(key("leaderboard", "frontierNext"))
      s = await h.waitFor("Frontier — Booting")
      expect(s).toContain("★ strong-slow")
      await h.press(key("leaderboard", "frontierNext"))
      s = await h.waitFor("No bot has points and a speed here yet")
      await h.press(key("leaderboard", "frontierPrev"))
      await h.waitFor("Frontier — Booting")
      await h.press(key("leaderboard", "frontier"))
      // back to the table (at 120 columns its speeds show p10–p90; the provider column makes room)
      s = await h.waitFor("TTFT (p10–p90)")
      expect(s).not.toContain("Frontier —")
      await h.quit()
    })
  )
})
