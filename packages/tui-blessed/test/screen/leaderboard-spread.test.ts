import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

// issue 12: the tab shows `41.2 tok/s (38–44)` — tok/s and TTFT as the median with p10–p90 —
// already at 120 columns, dropping lower-priority columns (provider, stars) to make room
describe("Leaderboard speed spreads", () => {
  it.live("show tok/s and TTFT with p10–p90 at 120 columns", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          const prompts = (yield* store.listPrompts("booting")).slice(0, 5)
          const bot = yield* store.createBot({ name: "Spread bot", provider: "demo", model: "spread-7b" })
          for (const [i, prompt] of prompts.entries()) {
            const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "ok", tokensPerSecond: 38 + 2 * i, ttftMs: 400 + 20 * i })
            yield* store.scoreRun({ runId: run.id, points: 1, note: "" })
          }
        })
      )
      const h = await world.tui({ cols: 120, rows: 30 })
      const screen = await h.waitFor(/Spread bot/)
      expect(screen).toMatch(/tok\/s \(p10–p90\)/)
      expect(screen).toMatch(/TTFT \(p10–p90\)/)
      // median 42 with p10–p90 spread, 0.44 s with its spread
      expect(screen).toMatch(/42 \(3\d–4\d\)/)
      expect(screen).toMatch(/0\.44 s \(0\.4\d–0\.4\d\)/)
      // the categories and the total stay
      expect(screen).toMatch(/Booting/)
      expect(screen).toMatch(/Total/)
      await h.quit()
    }),
    60_000
  )
})
