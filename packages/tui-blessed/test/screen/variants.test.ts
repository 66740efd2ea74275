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

describe("Bot Manager: a sweep's variants", () => {
  it.live("are folded under their base; Space shows and hides them", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          const base = yield* store.createBot({ name: "Qwen base", provider: "demo", model: "demo-fast-3b" })
          yield* store.createBot({ name: "Other bot", provider: "demo", model: "demo-fast-3b" })
          const group = yield* store.ensureGroup("Qwen base sweep", base.id)
          for (const t of [0.1, 0.9]) {
            const v = yield* store.createBot({ name: `Qwen base · t${t}`, provider: "demo", model: "demo-fast-3b", sampling: { temperature: t } })
            yield* store.addToGroup(group.id, v.id)
          }
        })
      )
      const h = await world.tui({ cols: 120, rows: 30 })
      await h.press(key("global", "tab.bots", 1))
      let s = await h.waitFor("▸ Qwen base (2 variants)")
      expect(s).toContain("Bots — 4 bots")
      expect(s).not.toContain("Qwen base · t0.1")
      expect(s).toContain("Other bot")
      // the list is sorted by name: "Other bot" first, then the base
      await h.press(key("bots", "down"))
      await h.press(key("bots", "fold"))
      s = await h.waitFor("└ Qwen base · t0.9")
      expect(s).toContain("▾ Qwen base (2 variants)")
      expect(s).toContain("└ Qwen base · t0.1")
      await h.press(key("bots", "down"))
      await h.press(key("bots", "fold"))
      s = await h.waitFor("▸ Qwen base (2 variants)")
      expect(s).not.toContain("└ Qwen base")
      await h.quit()
    })
  )
})
