import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

export const groupContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): bot groups`, () => {
    const test = storeIt(target)
    test("keep a sweep's variants in order, once each; removing bots updates them", (store) =>
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

    test("refuse a group named like a bot, another base's group name, and say so", (store) =>
      Effect.gen(function* () {
        const a = yield* store.createBot(botInput("Alpha"))
        const b = yield* store.createBot(botInput("Beta"))
        const clash = yield* Effect.flip(store.ensureGroup("alpha", a.id))
        expect(clash.message).toContain("is a bot's name")
        expect(clash).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        yield* store.ensureGroup("mine", a.id)
        const other = yield* Effect.flip(store.ensureGroup("Mine", b.id))
        expect(other.message).toContain("variants of another bot")
        expect(other).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        const missing = yield* Effect.flip(store.findGroup("nope"))
        expect(missing.message).toContain("no group named nope")
        expect(missing).toMatchObject({ _tag: "StoreError", reason: "NotFound" })
        expect(yield* Effect.flip(store.ensureGroup("  ", a.id))).toMatchObject({ _tag: "InvalidInput", field: "group" })
        expect(yield* Effect.flip(store.addToGroup(999, b.id))).toMatchObject({ reason: "NotFound" })
        expect((yield* store.listGroups()).map((g) => g.name)).toEqual(["mine"])
      })
    )

    test("lists groups oldest first, each with its members in the order they joined", (store) =>
      Effect.gen(function* () {
        const z = yield* store.createBot(botInput("Zeta"))
        const a = yield* store.createBot(botInput("Alpha"))
        const first = yield* store.ensureGroup("zeta sweep", z.id)
        const second = yield* store.ensureGroup("Alpha sweep", a.id)
        yield* store.addToGroup(second.id, z.id)
        yield* store.addToGroup(second.id, a.id)
        yield* store.addToGroup(first.id, a.id)
        expect(yield* store.listGroups()).toEqual([
          { id: first.id, name: "zeta sweep", baseBotId: z.id, botIds: [a.id] },
          { id: second.id, name: "Alpha sweep", baseBotId: a.id, botIds: [z.id, a.id] }
        ])
        expect(yield* store.findGroup("ALPHA SWEEP")).toEqual((yield* store.listGroups())[1])
      })
    )
  })
}
