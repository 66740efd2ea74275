import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeArena } from "../../src/tabs/arena/index.js"
import { fakeContext } from "../support/fakeContext.js"
import { plain } from "../support/plain.js"
import { readSuiteDir } from "@llp/workspace"
import { fileURLToPath } from "node:url"

const SUITES = fileURLToPath(new URL("../../../../suites", import.meta.url))

/** Two bots with answers to one Booting and one General prompt; `choose` picks the item given. */
const world = (pick: number) => {
  const fake = fakeContext()
  Effect.runSync(
    Effect.gen(function* () {
      const store = fake.store
      for (const suite of readSuiteDir(SUITES).suites) yield* store.loadSuite(suite)
      const prompts = [(yield* store.listPrompts("booting"))[0]!, (yield* store.listPrompts("general"))[0]!]
      for (const name of ["one", "two"]) {
        const bot = yield* store.createBot({ name: `bot-${name}`, provider: "demo", model: "demo-fast-3b" })
        for (const p of prompts) yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: `${name} answers ${p.category}` })
      }
    })
  )
  const ctx = { ...fake.ctx, choose: (_title: string, items: ReadonlyArray<string>, onChoose: (i: number) => void) => onChoose(pick < 0 ? items.length + pick : pick) }
  return { fake, tab: makeArena(ctx) }
}

describe("the Arena tab's category filter", () => {
  it("duels only within the chosen category", () => {
    const { tab } = world(3) // All, Booting, Programming, General …
    tab.show()
    tab.actions.category!()
    const text = () => tab.lines({ width: 120, height: 30 }).map(plain).join("\n")
    expect(text()).toContain("Arena — General (c)")
    expect(text()).toMatch(/Prompt — general —/)
    expect(text()).not.toMatch(/bot-one|bot-two/)
    // General has one prompt: once its only duel was shown, it does not come straight back …
    tab.actions.skip!()
    expect(text()).toContain("No other duel here: the one just shown is the only one left")
    // … unless asked for
    tab.actions.next!()
    expect(text()).toMatch(/Prompt — general —/)
  })

  it("goes back to every category", () => {
    const { tab } = world(0)
    tab.show()
    tab.actions.category!()
    const text = () => tab.lines({ width: 120, height: 30 }).map(plain).join("\n")
    const seen = new Set<string>()
    for (let i = 0; i < 12; i++) {
      expect(text()).toContain("Arena — all categories (c)")
      seen.add(/Prompt — (\w+) —/.exec(text())![1]!)
      tab.actions.skip!()
    }
    expect([...seen].sort()).toEqual(["booting", "general"])
  })
})
