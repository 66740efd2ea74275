import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store, pairPromptKey, type ArenaVote } from "@llp/core"
import { key } from "../support/keys.js"
import { openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const BOTS = [
  { name: "Zephyrsecret", model: "zz-hidden-model-one" },
  { name: "Quokkacovert", model: "qq-hidden-model-two" },
  { name: "Wombatmasked", model: "ww-hidden-model-three" }
]
const SECRETS = BOTS.flatMap((b) => [b.name, b.model])

/** Three bots with long, distinct answers to the first two Booting prompts. */
const seedDuels = Effect.gen(function* () {
  const store = yield* Store.Store
  const prompts = (yield* store.listPrompts("booting")).slice(0, 2)
  for (const [i, b] of BOTS.entries()) {
    const bot = yield* store.createBot({ name: b.name, provider: "demo", model: b.model })
    for (const p of prompts) {
      const lines = Array.from({ length: 60 }, (_, k) => `answer ${i + 1} line ${k + 1} to prompt ${p.id}`)
      yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: lines.join("\n") })
    }
  }
})

const votes = () => world!.run(Effect.flatMap(Store.Store, (s) => s.listArenaVotes()))
const keyOf = (v: ArenaVote) => pairPromptKey(v.leftBotId, v.rightBotId, v.promptId)
const blind = (screen: string) => SECRETS.filter((s) => screen.includes(s))

describe("the Arena tab", () => {
  it.live("shows duels blind, stores one vote per duel, reveals the names after it, never repeats a pair on a prompt, and undoes", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(seedDuels)
      const h = await world.tui({ cols: 120, rows: 32 })
      await h.press(key("global", "tab.arena", 1)) // F9
      await h.waitFor("Left — 1 / ←")
      expect(h.screen()).toContain("Right — 2 / →")
      expect(blind(h.screen())).toEqual([])

      // a double press stores one vote; the names show only once it is stored
      await h.press(key("arena", "voteLeft"), key("arena", "voteLeft"))
      await h.waitFor("Vote stored")
      expect(await votes()).toHaveLength(1)
      const first = (await votes())[0]!
      expect(first).toMatchObject({ verdict: "left", source: "manual" })
      const shown = blind(h.screen())
      expect(shown.length).toBeGreaterThanOrEqual(2)

      // vote on several more duels: each blind, none repeating the previous pair on the same prompt
      const verdicts = ["voteRight", "voteTie", "voteBad", "voteLeft", "voteRight", "voteLeft"] as const
      for (const [i, v] of verdicts.entries()) {
        await h.press(key("arena", "next"))
        await h.waitFor((s) => s.includes("Left — 1 / ←") && !s.includes("Vote stored"))
        expect(blind(h.screen()), `duel ${i + 2}`).toEqual([])
        expect(h.titles().join(" ")).not.toMatch(/Zephyr|Quokka|Wombat|hidden-model/)
        await h.press(key("arena", v))
        await h.waitFor((s) => s.includes("Vote stored") && s.includes(`${i + 2} votes this session`))
      }
      const all = await votes()
      expect(all).toHaveLength(7)
      for (let i = 1; i < all.length; i++) expect(keyOf(all[i]!), `vote ${i + 1}`).not.toBe(keyOf(all[i - 1]!))
      expect(all.map((v) => v.verdict)).toEqual(["left", "right", "tie", "bad", "left", "right", "left"])

      // undo removes the last vote and shows its duel again, blind
      await h.press(key("arena", "undo"))
      await h.waitFor("Vote removed")
      const after = await votes()
      expect(after.map((v) => v.id)).toEqual(all.slice(0, -1).map((v) => v.id))
      expect(blind(h.screen())).toEqual([])
      // and it can be voted again
      await h.press(key("arena", "voteTie"))
      await h.waitFor("Vote stored")
      expect((await votes()).at(-1)).toMatchObject({ verdict: "tie", leftRunId: all.at(-1)!.leftRunId, rightRunId: all.at(-1)!.rightRunId })
      await h.quit()
    })
  )

  it.live("stacks the answers below 100 columns and scrolls each on its own", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(seedDuels)
      const h = await world.tui({ cols: 90, rows: 40 })
      await h.press(key("global", "tab.arena"))
      await h.waitFor("Top — 1 / ←")
      expect(h.screen()).toContain("Bottom — 2 / →")
      expect(h.screen()).toMatch(/Top — 1 \/ ← — lines 1–\d+ of 60/)
      await h.press(key("arena", "down"), key("arena", "down"), key("arena", "down"))
      await h.waitFor(/Top — 1 \/ ← — lines 4–/)
      expect(h.screen()).toMatch(/Bottom — 2 \/ → — lines 1–/)
      await h.press(key("global", "focus.next"), key("arena", "pageDown"))
      await h.waitFor(/Bottom — 2 \/ → — lines (?!1–)\d+–/)
      expect(h.screen()).toMatch(/Top — 1 \/ ← — lines 4–/)
      expect(blind(h.screen())).toEqual([])
      await h.quit()
    })
  )

  it.live("says so when there is no duel to show", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui({ cols: 100, rows: 24 })
      await h.press(key("global", "tab.arena"))
      await h.waitFor("No duel to show")
      await h.quit()
    })
  )
})
