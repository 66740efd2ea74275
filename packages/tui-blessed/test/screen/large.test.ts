import { afterEach, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { key } from "../support/keys.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const N = 10_000
const pad = (i: number) => String(i).padStart(5, "0")

/** 10,000 bots in the real SQLite store. */
const bigWorld = async () => {
  const w = await openWorld({ suites: false })
  await w.run(Effect.flatMap(Store.Store, (s) => Effect.forEach(Array.from({ length: N }, (_, i) => i), (i) => s.createBot({ name: `bot-${pad(i)}`, provider: "demo", model: `model-${pad(i)}` }), { discard: true })))
  return w
}

// How fast it scrolls is measured by `npm run bench` (bench/tui.ts); this checks that it does.
describe("10,000 rows", () => {
  it.live("the Leaderboard and the Bot Manager scroll 10,000 bots to either end and page by page", () =>
    Effect.promise(async () => {
      world = await bigWorld()
      const h = await world.tui({ cols: 120, rows: 40 })
      await h.waitFor(`${N} bots`, 90_000)
      await h.press(key("leaderboard", "end"))
      await h.waitFor(`${N}/${N}`)
      await h.press(key("leaderboard", "pageUp"))
      await h.waitFor(new RegExp(`${N - 33}/${N}|${N - 32}/${N}|${N - 34}/${N}`))
      await h.press(key("leaderboard", "home"))
      await h.waitFor(`1/${N}`)
      for (let i = 2; i <= 6; i++) {
        await h.press(key("leaderboard", "down"))
        await h.waitFor(` ${i}/${N}`)
      }
      await h.press(key("global", "tab.bots"))
      await h.waitFor(`${N} bots`, 90_000)
      await h.press(key("bots", "end"))
      await h.waitFor("bot-09999")
      await h.press(key("bots", "pageUp"))
      await h.waitFor(/bot-099[67]\d/)
      await h.press(key("bots", "home"))
      await h.waitFor("bot-00000")
      await h.quit()
    }),
    // a loaded 2-core CI machine with three test files at once took over 30 s to create and rank 10,000 bots
    180_000
  )
})
