import { describe, expect, it } from "vitest"
import type { Bot } from "@llp/core"
import { foldVariants } from "../../src/tabs/bots/fold.js"

const bot = (id: number, name: string): Bot => ({ id, name, provider: "demo", model: "m", load: {}, sampling: {}, meta: {}, notes: "", createdAt: "", updatedAt: "" })

describe("foldVariants", () => {
  const bots = [bot(1, "a"), bot(2, "a · t0.1"), bot(3, "a · t0.9"), bot(4, "b"), bot(5, "orphan")]
  const groups = [
    { id: 1, name: "a sweep", baseBotId: 1, botIds: [3, 2] },
    { id: 2, name: "gone", baseBotId: null, botIds: [5] }
  ]
  it("hides a closed base's variants and counts them", () => {
    const items = foldVariants(bots, groups, new Set())
    expect(items.map((i) => [i.bot.name, i.fold?.variants ?? null])).toEqual([
      ["a", 2],
      ["b", null],
      ["orphan", null]
    ])
  })
  it("shows an open base's variants under it, in the group's order", () => {
    const items = foldVariants(bots, groups, new Set([1]))
    expect(items.map((i) => [i.bot.name, i.variantOf ?? null])).toEqual([
      ["a", null],
      ["a · t0.9", 1],
      ["a · t0.1", 1],
      ["b", null],
      ["orphan", null]
    ])
  })
})
