import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { bytesOf, key, keysOf } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** A bot with a complete run of Booting's first prompt, scored. */
const scored = (name: string, points: number) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const bot = yield* store.createBot({ name, provider: "demo", model: "demo-fast-3b" })
    const prompt = (yield* store.listPrompts("booting"))[0]!
    const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "answer", tokensPerSecond: 40, ttftMs: 500 })
    yield* store.scoreRun({ runId: run.id, points })
  })

/** A tab's F-key (Ctrl+I is Tab to a terminal). */
const fkey = (tab: string) => bytesOf(keysOf("global", tab).find((k) => /^f\d$/.test(k))!)

const header = (screen: string) => screen.split("\n").find((l) => l.includes("# Bot")) ?? ""

describe("narrow and wide terminals", () => {
  it.live("at 60×20 every tab is on the tab line and shows; the Leaderboard keeps tok/s and TTFT and drops the provider first", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(scored("alpha", 30))
      const h = await world.tui({ cols: 60, rows: 20 })
      const board = await h.waitFor("Leaderboard — 1 bot")
      const top = board.split("\n")[0]!
      for (const start of ["Lead", "Ingr", "Egre", "Expo", "Bots", "Prom", "Cond"]) expect(top).toContain(start)
      expect(header(board)).toMatch(/tok\/s +TTFT/)
      expect(header(board)).not.toContain("Provider")
      const tabs: ReadonlyArray<readonly [string, string | RegExp]> = [
        ["tab.ingressor", "Scoring alpha"],
        ["tab.egressor", "Run history"],
        ["tab.exporter", "Export the leaderboard"],
        ["tab.bots", "Bots — 1 bot"],
        ["tab.prompts", "Prompts of Booting"],
        ["tab.conducer", "Ctrl+T sends"],
        ["tab.leaderboard", "Leaderboard — 1 bot"]
      ]
      for (const [tab, shows] of tabs) {
        await h.press(fkey(tab))
        const s = await h.waitFor(shows)
        for (const start of ["Lead", "Ingr", "Egre", "Expo", "Bots", "Prom", "Cond"]) expect(s.split("\n")[0]).toContain(start)
      }
      await h.quit()
    })
  )

  it.live("at 80 columns bots whose names differ late are told apart; at 120 the categories carry their names", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(scored("Qwen2.5 Coder 32B Instruct GGUF Q4_K_M", 10))
      await world.run(scored("Qwen2.5 Coder 32B Instruct GGUF Q8_0", 20))
      const h = await world.tui({ cols: 80, rows: 24 })
      let s = await h.waitFor("Leaderboard — 2 bots")
      expect(s).toMatch(/Qwen2….*_K_M/)
      expect(s).toMatch(/Qwen2….*Q8_0/)
      await h.press(key("global", "tab.bots"))
      s = await h.waitFor("Bots — 2 bots")
      expect(s).toMatch(/Q4_K_M/)
      expect(s).toMatch(/Q8_0/)
      await h.resize(120, 30)
      await h.press(key("global", "tab.leaderboard"))
      s = await h.waitFor("Leaderboard — 2 bots")
      expect(header(s)).toMatch(/Booting +Programming +General +AGI +Writing +SWE +Total/)
      await h.quit()
    })
  )
})

describe("small things", () => {
  it.live("counts say 1 bot and 0 matches; an empty list's title ends without — 0", () =>
    Effect.promise(async () => {
      world = await openWorld()
      let h = await world.tui({ cols: 100, rows: 24 })
      let s = await h.waitFor("No bots yet")
      expect(s).toMatch(/Leaderboard — 0 bots — total of 5,000 ─/)
      await h.quit()
      await world.run(addBot("alpha"))
      h = await world.tui({ cols: 100, rows: 24 })
      s = await h.waitFor("Leaderboard — 1 bot —")
      expect(s).not.toContain("1 bots")
      await h.press(key("global", "tab.bots"))
      await h.waitFor("Bots — 1 bot — 1/1")
      await h.press(key("bots", "search"))
      await h.type("zzz")
      s = await h.waitFor('0 matches for "zzz"')
      expect(s).not.toMatch(/0 matches for "zzz" — 0/)
      await h.quit()
    })
  )

  it.live("the Conducer shows an empty category's prompt count and says where to add prompts", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("alpha"))
      await world.run(Effect.flatMap(Store.Store, (s) => s.saveCategory({ key: "aaa", title: "Empty one", systemPrompt: "", temperature: 0.5, order: 0 })))
      const h = await world.tui({ cols: 100, rows: 30 })
      await h.press(key("global", "tab.conducer"))
      const s = await h.waitFor("Ctrl+T sends")
      expect(s).toMatch(/Empty one +0│/)
      expect(s).toMatch(/Booting +6│/)
      expect(s).toContain("No prompts in this category")
      await h.quit()
    })
  )

  it.live("the Egressor shows a cancelled demo run's status whole; the prompt form's text uses the rows the screen has", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 1 })
      await world.run(addBot("alpha"))
      const h = await world.tui({ cols: 100, rows: 40 })
      await h.press(key("global", "tab.conducer"))
      await h.waitFor("Ctrl+T sends")
      await h.press(key("conducer", "enter"), key("conducer", "enter"))
      await h.press(key("conducer", "send"))
      await h.waitFor("You asked")
      await h.press(key("conducer", "stop"))
      await h.waitFor("cancelled")
      await h.press(key("global", "tab.egressor"))
      await h.waitFor("Run history")
      await h.press(key("egressor", "right"))
      await h.waitFor(/cancelled DEMO/)
      // a 30-line text in a new prompt: at 40 rows the form shows far more than the 5 rows it used to
      await h.press(key("global", "tab.prompts"))
      await h.waitFor("Prompts of Booting")
      await h.press(key("prompts", "newPrompt"))
      await h.waitFor("New prompt")
      for (let i = 0; i < 5; i++) await h.press("\t")
      await h.press(`\x1b[200~${Array.from({ length: 30 }, (_, i) => `text line ${i + 1}`).join("\n")}\x1b[201~`)
      const s = await h.waitFor("text line 30")
      expect(s.split("\n").filter((l) => /text line \d+/.test(l)).length).toBeGreaterThanOrEqual(10)
      await h.quit()
    })
  )
})
