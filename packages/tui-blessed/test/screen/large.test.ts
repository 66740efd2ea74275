import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Store } from "@llp/core"
import { key } from "../support/keys.js"
import { makeMemoryStore } from "../support/memoryStore.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const N = 10_000
const pad = (i: number) => String(i).padStart(5, "0")

/**
 * 10,000 bots. The store here is the in-memory one: inserting 10,000 bots into SQLite one by one
 * takes several seconds, and what is measured is the screen, not the database.
 */
const bigWorld = async () => {
  const store = makeMemoryStore()
  await Effect.runPromise(
    Effect.forEach(Array.from({ length: N }, (_, i) => i), (i) => store.createBot({ name: `bot-${pad(i)}`, provider: "demo", model: `model-${pad(i)}` }), { discard: true })
  )
  return openWorld({ store: Layer.succeed(Store.Store, store) })
}

/** Presses a key and measures until the screen shows `expected`. */
const timed = async (h: Awaited<ReturnType<OpenWorld["tui"]>>, seq: string, expected: string | RegExp) => {
  const t = performance.now()
  await h.press(seq)
  await h.waitFor(expected)
  return performance.now() - t
}

describe("10,000 rows", () => {
  it.live("the Leaderboard and the Bot Manager scroll 10,000 bots without lag", () =>
    Effect.promise(async () => {
      world = await bigWorld()
      const h = await world.tui({ cols: 120, rows: 40 })
      await h.waitFor(`${N} bots`, 15_000)
      const times: Array<number> = []
      times.push(await timed(h, key("leaderboard", "end"), `${N}/${N}`))
      times.push(await timed(h, key("leaderboard", "pageUp"), new RegExp(`${N - 33}/${N}|${N - 32}/${N}|${N - 34}/${N}`)))
      times.push(await timed(h, key("leaderboard", "home"), `1/${N}`))
      for (let i = 2; i <= 21; i++) times.push(await timed(h, key("leaderboard", "down"), ` ${i}/${N}`))
      await h.press(key("global", "tab.bots"))
      await h.waitFor(`${N} bots`, 15_000)
      times.push(await timed(h, key("bots", "end"), "bot-09999"))
      times.push(await timed(h, key("bots", "pageUp"), /bot-099[67]\d/))
      for (let i = 0; i < 10; i++) times.push(await timed(h, key("bots", "pageDown"), "bot-09999"))
      const frames = h.frames().map((f) => f.ms).sort((a, b) => a - b)
      const median = frames[Math.floor(frames.length / 2)]!
      const p95 = frames[Math.floor(frames.length * 0.95)]!
      const keys = [...times].sort((a, b) => a - b)
      console.log(
        `10k rows: ${times.length} keys, key→screen median ${keys[Math.floor(keys.length / 2)]!.toFixed(0)} ms, max ${keys[keys.length - 1]!.toFixed(0)} ms; frame draw median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`
      )
      expect(median).toBeLessThan(25)
      expect(keys[Math.floor(keys.length / 2)]!).toBeLessThan(120)
      await h.quit()
    })
  )
})
