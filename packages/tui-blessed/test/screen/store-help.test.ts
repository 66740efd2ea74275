import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { key } from "../support/keys.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

describe("the help screen names the store", () => {
  it.live("F1 shows the store the app describes (the TUI opens none itself); without one it says nothing of it", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui({ cols: 100, rows: 30, options: { store: "postgres at postgres://llp@db.example:5432/{llp}" } })
      await h.press(key("global", "help"))
      const s = await h.waitFor("Keys: Leaderboard")
      // inert: the braces are text
      expect(s).toMatch(/store\s+postgres at postgres:\/\/llp@db\.example:5432\/\{llp\}/)
      expect(s.indexOf("Workspace")).toBeLessThan(s.indexOf("Leaderboard: actions"))
      await h.quit()
      await world.close()

      world = await openWorld()
      const plain = await world.tui({ cols: 100, rows: 30 })
      await plain.press(key("global", "help"))
      expect(await plain.waitFor("Keys: Leaderboard")).not.toContain("Workspace")
      await plain.quit()
    }),
    60_000
  )
})
