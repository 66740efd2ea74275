import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { botInput, withStore } from "./helpers.js"

describe("bot groups", () => {
  it.effect("keep a sweep's variants in order, once each; removing bots updates them", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const base = yield* store.createBot(botInput("Qwen"))
        const v1 = yield* store.createBot(botInput("Qwen · t0.1"))
        const v2 = yield* store.createBot(botInput("Qwen · t0.9"))
        const g = yield* store.ensureGroup("Qwen sweep", base.id)
        expect(g).toMatchObject({ name: "Qwen sweep", baseBotId: base.id, botIds: [] })
        yield* store.addToGroup(g.id, v2.id)
        yield* store.addToGroup(g.id, v1.id)
        expect((yield* store.addToGroup(g.id, v2.id)).botIds).toEqual([v2.id, v1.id])
        expect((yield* store.ensureGroup("qwen SWEEP", base.id)).id).toBe(g.id)
        expect((yield* store.findGroup(" qwen sweep ")).botIds).toEqual([v2.id, v1.id])

        yield* store.removeBot(v2.id)
        expect((yield* store.findGroup("Qwen sweep")).botIds).toEqual([v1.id])
        yield* store.removeBot(base.id)
        expect(yield* store.listGroups()).toEqual([{ id: g.id, name: "Qwen sweep", baseBotId: null, botIds: [v1.id] }])
      })
    )
  )

  it.effect("refuse a group named like a bot, another base's group name, and say so", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const a = yield* store.createBot(botInput("Alpha"))
        const b = yield* store.createBot(botInput("Beta"))
        const clash = yield* Effect.flip(store.ensureGroup("alpha", a.id))
        expect(clash.message).toContain("is a bot's name")
        yield* store.ensureGroup("mine", a.id)
        const other = yield* Effect.flip(store.ensureGroup("Mine", b.id))
        expect(other.message).toContain("variants of another bot")
        expect((yield* Effect.flip(store.findGroup("nope"))).message).toContain("no group named nope")
      })
    )
  )
})
