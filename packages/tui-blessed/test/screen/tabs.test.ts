import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { DISABLE_SEQUENCES, ENABLE_SEQUENCES } from "../../src/keys/extended.js"
import { key } from "../support/keys.js"
import { scriptedProvider } from "../support/services.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** A bot with a complete demo run of Booting's first prompt, scored. */
const withScoredRun = async (w: OpenWorld, name: string, points: number, output: string) =>
  w.run(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const bot = yield* store.createBot({ name, provider: "demo", model: "demo-fast-3b", load: { contextLength: 8192, gpuLayers: -1 }, sampling: { temperature: 0.1 } })
      const prompt = (yield* store.listPrompts("booting"))[0]!
      const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output, tokensPerSecond: 40, ttftMs: 500 })
      yield* store.scoreRun({ runId: run.id, points, note: "ok" })
      return { bot, prompt, run }
    })
  )

describe("Leaderboard", () => {
  it.live("sorts by any column and filters by typing, at 120×40", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await withScoredRun(world, "alpha", 10, "a")
      await withScoredRun(world, "bravo", 35, "b")
      await world.run(addBot("charlie"))
      const h = await world.tui({ cols: 120, rows: 40 })
      let s = await h.waitFor("charlie")
      // from 120 columns the speeds show their p10–p90 (the provider column goes first to make room)
      expect(s).toContain("TTFT (p10–p90)")
      const order = (screen: string) => ["alpha", "bravo", "charlie"].sort((a, b) => screen.indexOf(` ${a} `) - screen.indexOf(` ${b} `))
      expect(order(s)).toEqual(["bravo", "alpha", "charlie"])
      // ← from Total: the last category; ← … to Bot sorts by name
      for (let i = 0; i < 7; i++) await h.press(key("leaderboard", "sortPrev"))
      s = await h.waitFor("sorted by Bot")
      expect(order(s)).toEqual(["alpha", "bravo", "charlie"])
      await h.press(key("leaderboard", "reverse"))
      s = await h.waitFor("sorted by Bot ▲")
      expect(order(s)).toEqual(["charlie", "bravo", "alpha"])
      await h.press(key("leaderboard", "filter"))
      await h.type("rav")
      s = await h.waitFor("1 of 3 bots")
      expect(s).toContain("bravo")
      expect(s).not.toContain(" alpha ")
      // q is typed into the filter, not taken as quit
      await h.type("q")
      await h.waitFor("0 of 3 bots")
      await h.press(key("leaderboard", "clear"))
      await h.waitFor("3 bots")
      // two bots marked (m), compared (c): the paired verdicts and A − B per prompt; Esc goes back
      await h.press(key("leaderboard", "compare"))
      await h.waitFor("Mark two bots")
      // the order is still by Bot, reversed: charlie, bravo, alpha
      await h.press(key("leaderboard", "home"))
      await h.press(key("leaderboard", "down"))
      await h.press(key("leaderboard", "mark"))
      await h.press(key("leaderboard", "down"))
      await h.press(key("leaderboard", "mark"))
      s = await h.waitFor((x) => x.split("◆").length === 3)
      await h.press(key("leaderboard", "compare"))
      s = await h.waitFor("too few prompts answered by both")
      expect(s).toContain("A: bravo")
      expect(s).toContain("B: alpha")
      expect(s).toMatch(/points\s+\+25\.0 .*can't tell yet/)
      expect(s).toMatch(/booting\s+.*35\s+10\s+25/)
      await h.press(key("leaderboard", "clear"))
      await h.waitFor("3 bots")
      await h.quit()
    })
  )
})

describe("Egressor", () => {
  it.live("shows the bot's parameters, per prompt its score and output start, and opens a whole output", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const long = Array.from({ length: 60 }, (_, i) => `line ${i + 1} of the answer`).join("\n")
      await withScoredRun(world, "alpha", 33, long)
      const h = await world.tui()
      await h.waitFor("alpha")
      await h.press(key("global", "tab.egressor"))
      let s = await h.waitFor("ctx 8192 · gpu layers -1")
      expect(s).toContain("temp 0.1")
      expect(s).toMatch(/Prompt 1: Teaching\s+33\/40\s+40\.0\s+1 line 1 of the answ/)
      await h.press(key("egressor", "open"))
      s = await h.waitFor("line 1 of the answer")
      expect(s).toContain("of 60 lines")
      await h.press(key("viewer", "end"))
      await h.waitFor("line 60 of the answer")
      await h.press(key("viewer", "close"))
      await h.waitFor("Run history")
      // the run history of the prompt
      await h.press(key("egressor", "right"))
      await h.waitFor(/#1 .* complete .* 33\*/)
      await h.quit()
    })
  )
})

describe("Exporter", () => {
  it.live("writes CSV to a path inside the workspace and says where it went", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await withScoredRun(world, "alpha", 33, "x")
      const h = await world.tui()
      await h.press(key("global", "tab.exporter"))
      await h.waitFor("exports/leaderboard.json")
      await h.press(key("exporter", "right"))
      await h.waitFor("exports/leaderboard.csv")
      await h.press(key("exporter", "write"))
      const file = path.join(world.root, "exports", "leaderboard.csv")
      await h.waitFor("Wrote CSV: 1 bot,")
      expect(h.screen()).toContain(file.slice(0, 40))
      expect(fs.readFileSync(file, "utf8")).toContain("alpha")
      // Markdown to a typed path
      await h.press(key("exporter", "right"))
      await h.press(key("exporter", "down"))
      for (let i = 0; i < 30; i++) await h.press("\x7f")
      await h.type("out/board.md")
      await h.press(key("global", "save"))
      await h.waitFor("Wrote Markdown")
      expect(fs.readFileSync(path.join(world.root, "out", "board.md"), "utf8")).toContain("# LLP leaderboard")
      await h.quit()
    })
  )
})

describe("Bot Manager", () => {
  it.live("creates a bot with checked fields, says what is wrong, searches as you type and deletes", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("existing-bot"))
      const h = await world.tui()
      await h.press(key("global", "tab.bots", 1))
      await h.waitFor("existing-bot")
      await h.press(key("bots", "new"))
      await h.waitFor("New bot")
      await h.type("my bot")
      await h.press(key("bots", "down"), key("bots", "down"))
      await h.type("qwen2.5-7b")
      await h.press(key("bots", "down"))
      await h.type("lots")
      await h.press(key("bots", "down"))
      await h.type("-5")
      await h.press(key("global", "save"))
      let s = await h.waitFor('"lots" is not a number')
      expect(s).toContain("must be -1 or more")
      expect(s).toContain("Not saved: Context")
      // the focus went to the first field in error: fix the fields
      for (let i = 0; i < 4; i++) await h.press("\x7f")
      await h.type("32768")
      await h.press(key("bots", "down"))
      await h.press("\x7f", "\x7f")
      await h.type("-1")
      await h.press(key("global", "save"))
      await h.waitFor('Created bot #2 "my bot"')
      s = await h.waitFor("my bot")
      expect(s).toMatch(/my bot\s+lmstudio\s+qwen2\.5-7b\s+32768/)
      // edit it: an emptied field removes the parameter
      await h.press(key("bots", "down"), key("bots", "enter"))
      await h.waitFor("Edit bot #2")
      for (let i = 0; i < 3; i++) await h.press(key("bots", "down"))
      for (let i = 0; i < 5; i++) await h.press("\x7f")
      await h.press(key("global", "save"))
      await h.waitFor('Saved bot #2 "my bot"')
      const edited = await world.run(Effect.flatMap(Store.Store, (st) => st.getBot(2)))
      expect(edited.load).toEqual({ gpuLayers: -1 })
      // a duplicate name is refused at the field
      await h.press(key("bots", "new"))
      await h.type("existing-bot")
      await h.press(key("bots", "down"), key("bots", "down"))
      await h.type("m")
      await h.press(key("global", "save"))
      await h.waitFor('a bot named "existing-bot" exists already')
      await h.press(key("bots", "escape"))
      // search as you type (full text)
      await h.press(key("bots", "search"))
      await h.type("qwen")
      s = await h.waitFor('1 match for "qwen"')
      expect(s).toMatch(/│\s+2 my bot/)
      expect(s).not.toMatch(/│\s+1 existing-bot/)
      await h.press(key("bots", "enter"))
      await h.press(key("bots", "delete"))
      await h.waitFor("Are you sure?")
      await h.press(key("confirm", "yes"))
      await h.waitFor('Deleted bot "my bot"')
      const bots = await world.run(Effect.flatMap(Store.Store, (st) => st.listBots()))
      expect(bots.map((b) => b.name)).toEqual(["existing-bot"])
      await h.quit()
    })
  )

  it.live("imports a provider's model list, and shows a provider error with its hint", () =>
    Effect.promise(async () => {
      world = await openWorld({ extra: [scriptedProvider("lab", ["x"])] })
      const h = await world.tui()
      await h.press(key("global", "tab.bots"))
      // the first open with no bots preloads them from every server that answers, a line for each
      await h.waitFor("✓ lab: 2 models; added 1 bot, skipped 1 embedding model")
      expect(h.screen()).toContain("✗ lmstudio: no model list — cannot connect")
      await h.waitFor("scripted-7b")
      await h.press(key("bots", "import"))
      await h.waitFor("Import the models of")
      // lmstudio first: it is not running here
      await h.press(key("chooser", "choose"))
      await h.waitFor("Import from lmstudio failed: lmstudio: cannot connect")
      expect(h.screen().replace(/\s+/g, " ")).toContain("Is the server running? Start it")
      await h.press(key("bots", "import"))
      for (let i = 0; i < 3; i++) await h.press(key("chooser", "down"))
      await h.press(key("chooser", "choose"))
      // already there: the import adds nothing twice
      await h.waitFor("lab: 2 models; added 0 bots; skipped 1 embedding model")
      await h.quit()
    })
  )
})

describe("Prompt Manager", () => {
  it.live("creates, edits (marks edited), searches as you type and deletes prompts", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui()
      await h.press(key("global", "tab.prompts"))
      await h.waitFor("Prompts of Booting")
      await h.press(key("prompts", "newPrompt"))
      await h.waitFor("New prompt")
      // Category, Id, Title, Points …: the form starts on the title, so typing goes there at once
      await h.type("Haiku about tea")
      await h.press(key("prompts", "down"))
      for (let i = 0; i < 2; i++) await h.press("\x7f")
      await h.type("zero")
      await h.press(key("global", "save"))
      await h.waitFor("Not saved: Points")
      await h.press(key("prompts", "up"), key("prompts", "down"))
      for (let i = 0; i < 4; i++) await h.press("\x7f")
      await h.type("15")
      for (let i = 0; i < 4; i++) await h.press(key("prompts", "down"))
      await h.type("Write a haiku about green tea.")
      await h.press(key("prompts", "down"))
      await h.type("[10] 5-7-5\n[5] tea")
      await h.press(key("global", "save"))
      await h.waitFor('Created prompt #')
      const created = (await world.run(Effect.flatMap(Store.Store, (s) => s.listPrompts("booting")))).find((p) => p.title === "Haiku about tea")!
      expect(created.slug).toBe("haiku-about-tea")
      expect(created.rubric).toEqual([{ points: 10, text: "5-7-5" }, { points: 5, text: "tea" }])
      // edit a suite prompt: search for it, open it, change the title; it is marked edited
      const teaching = (await world.run(Effect.flatMap(Store.Store, (st) => st.listPrompts("booting"))))[0]!
      expect(teaching.edited).toBe(false)
      await h.press(key("prompts", "search"))
      await h.type("nephew")
      await h.waitFor('Prompts matching "nephew" — 1')
      await h.press(key("prompts", "enter"), key("prompts", "enter"))
      await h.waitFor("(marks it edited)")
      await h.type(" (v2)")
      await h.press(key("global", "save"))
      await h.waitFor("Saved (marked edited)")
      await h.waitFor(/✎ booting: Prompt 1: Teaching \(v2\)/)
      const edited = await world.run(Effect.flatMap(Store.Store, (st) => st.getPrompt(teaching.id)))
      expect(edited.title).toBe("Prompt 1: Teaching (v2)")
      expect(edited.edited).toBe(true)
      // search as you type, then delete the new prompt
      await h.press(key("prompts", "escape"), key("prompts", "search"))
      await h.type("green tea")
      await h.waitFor(/Prompts matching "green tea"[^\n]*\n[^\n]*Haiku about tea/)
      await h.press(key("prompts", "enter"))
      await h.press(key("prompts", "delete"))
      await h.press(key("confirm", "yes"))
      await h.waitFor('Deleted prompt "Haiku about tea"')
      expect((await world.run(Effect.flatMap(Store.Store, (st) => st.listPrompts("booting")))).map((p) => p.title)).not.toContain("Haiku about tea")
      await h.quit()
    })
  )
})

describe("Keys and terminal", () => {
  it.live("asks for extended keys and paste, tells Ctrl+I from Tab, and puts the terminal back on quit", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("alpha"))
      const h = await world.tui()
      await h.waitFor("alpha")
      expect(h.written()).toContain(ENABLE_SEQUENCES)
      // xterm modifyOtherKeys' Ctrl+I
      await h.press("\x1b[27;5;105~")
      await h.waitFor("Scoring alpha")
      // Tab is Tab: it moves between fields and stays on the tab
      await h.press(key("global", "focus.next"))
      await h.settle()
      expect(h.screen()).toContain("Scoring alpha")
      // Alt+letter and F-keys switch tabs too
      await h.press(key("global", "tab.exporter", 2))
      await h.waitFor("Export the leaderboard")
      await h.press(key("global", "tab.leaderboard", 1))
      await h.waitFor("Filter:")
      // q outside a text field quits; the terminal gets its modes back
      const exit = await (async () => {
        await h.press("q")
        return h.done()
      })()
      expect(exit._tag).toBe("Success")
      const raw = h.written()
      expect(raw.lastIndexOf(DISABLE_SEQUENCES)).toBeGreaterThan(raw.lastIndexOf(ENABLE_SEQUENCES))
      expect(raw).toContain("\x1b[?1049l")
    })
  )

  it.live("follows a resize from 80×24 to 120×40 and back", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("alpha"))
      const h = await world.tui()
      let s = await h.waitFor("alpha")
      expect(s).not.toContain("TTFT (p10–p90)")
      await h.resize(120, 40)
      s = await h.waitFor("TTFT (p10–p90)")
      expect(h.lines()[39]).toContain("F1 help")
      await h.resize(80, 24)
      s = await h.waitFor((x) => !x.includes("TTFT (p10–p90)"))
      expect(h.lines()[23]).toContain("F1 help")
      await h.quit()
    })
  )
})
