import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { type Provider, Store } from "@llp/core"
import { savedComplete } from "../support/archive.js"
import { key } from "../support/keys.js"
import { botFields } from "../../src/tabs/bots/state.js"
import { scriptedProvider } from "../support/services.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const eraseField = async (h: Awaited<ReturnType<OpenWorld["tui"]>>) => {
  for (let i = 0; i < 40; i++) await h.press("\x7f")
}

describe("Conducer: a stopped re-run and the saved complete answer", () => {
  it.live("asks before the partial answer replaces the complete one; no keeps it, yes replaces it with `Stop: cancelled`", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 1 })
      await world.run(addBot("demo-fast"))
      const file = await savedComplete(world, "demo-fast", "THE COMPLETE ANSWER")
      const before = fs.readFileSync(file, "utf8")
      const h = await world.tui()
      await h.press(key("global", "tab.conducer"))
      await h.waitFor("Ctrl+T sends")
      await h.type("demo-fast")
      await h.press(key("conducer", "enter"), key("conducer", "enter"))
      await h.press(key("conducer", "send"))
      await h.waitFor("You asked")
      await h.press(key("conducer", "stop"))
      await h.waitFor("cancelled")
      await h.press(key("global", "save"))
      let s = await h.waitFor("Are you sure?")
      expect(s).toContain("demo-fast.md holds a")
      expect(s).toContain("complete answer to")
      expect(s).toContain("cancelled run's partial answer?")
      await h.press(key("confirm", "no"))
      // declining says what was kept
      s = await h.waitFor("Kept the complete answer")
      expect(s.split("\n").map((l) => l.trimEnd()).join("")).toContain(`Kept the complete answer in ${file}; run #`)
      expect(fs.readFileSync(file, "utf8")).toBe(before)
      await h.press(key("global", "save"))
      await h.waitFor("Are you sure?")
      await h.press(key("confirm", "yes"))
      s = await h.waitFor("Saved run #")
      const after = fs.readFileSync(file, "utf8")
      expect(after).not.toContain("THE COMPLETE ANSWER")
      expect(after).toContain("You asked")
      expect(after).toContain("Stop: cancelled")
      expect(after).not.toContain("Stop: unknown")
      await h.quit()
    })
  )
})

describe("Exporter: paths and existing files", () => {
  it.live("a folder the system cannot create ends in one clear line and the app keeps answering", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui()
      await h.press(key("global", "tab.exporter"))
      await h.waitFor("exports/leaderboard.json")
      await h.press(key("exporter", "down"))
      await eraseField(h)
      await h.type("/proc/llp-tui-test/board.json")
      await h.press(key("exporter", "write"))
      const s = await h.waitFor("Not written:")
      expect(s).toContain("cannot create the folder /proc/llp-tui-test")
      // still answering keys
      await h.press(key("global", "tab.bots"))
      await h.waitFor("No bots yet")
      expect((await h.quit())._tag).toBe("Success")
    })
  )

  it.live("asks before replacing a file: no keeps it, yes replaces it", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const file = path.join(world.root, "exports", "leaderboard.json")
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, "my own notes")
      const h = await world.tui()
      await h.press(key("global", "tab.exporter"))
      await h.waitFor("exports/leaderboard.json")
      await h.press(key("exporter", "write"))
      const s = await h.waitFor("Are you sure?")
      expect(s.replace(/[│\s]+/g, " ")).toMatch(/leaderboard\.json exists \(12 bytes, .*\)\. Replace it\?/)
      await h.press(key("confirm", "no"))
      await h.settle()
      expect(fs.readFileSync(file, "utf8")).toBe("my own notes")
      await h.press(key("global", "save"))
      await h.waitFor("Are you sure?")
      await h.press(key("confirm", "yes"))
      await h.waitFor("Wrote JSON")
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toHaveProperty("leaderboard")
      await h.quit()
    })
  )
})

describe("Bot Manager: deleting a bot", () => {
  it.live("names the bot's files in llm_outputs/ in the dialog and removes them; another bot's stay", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("gone"))
      await world.run(addBot("kept"))
      const gone = await savedComplete(world, "gone", "answer of gone")
      const kept = await savedComplete(world, "kept", "answer of kept")
      // a blind vote between the two bots' answers goes with the deleted bot: the dialog says so
      await world.run(
        Effect.gen(function* () {
          const st = yield* Store.Store
          const [a, b] = yield* st.listRuns()
          yield* st.addArenaVote({ duel: null, leftRunId: a!.id, rightRunId: b!.id, verdict: "left", source: "manual" })
        })
      )
      const h = await world.tui({ cols: 120, rows: 30 })
      await h.press(key("global", "tab.bots"))
      await h.waitFor("kept")
      await h.press(key("bots", "search"))
      await h.type("gone")
      await h.waitFor('1 match for "gone"')
      await h.press(key("bots", "enter"))
      await h.press(key("bots", "delete"))
      const s = await h.waitFor("Are you sure?")
      expect(s.replace(/[│\s]+/g, " ")).toContain("with all its runs and scores, its Arena vote and its file in llm_outputs/ (booting/gone.md)?")
      await h.press(key("confirm", "yes"))
      await h.waitFor('Deleted bot "gone" and its file in llm_outputs/')
      expect(fs.existsSync(gone)).toBe(false)
      expect(fs.existsSync(kept)).toBe(true)
      await h.quit()
    })
  )
})

describe("Bot Manager: the form offers every parameter the CLI takes", () => {
  it.live("GPU offload, mlock, keep-alive, frequency and presence penalties are saved, checked, and shown when editing", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const ids = botFields(["lmstudio", "demo"]).map((f) => f.id)
      const h = await world.tui({ cols: 100, rows: 30 })
      await h.press(key("global", "tab.bots"))
      await h.waitFor("No bots yet")
      await h.press(key("bots", "new"))
      await h.waitFor("New bot")
      let at = 0
      const goTo = async (id: string) => {
        const to = ids.indexOf(id)
        expect(to, id).toBeGreaterThanOrEqual(0)
        while (at < to) await h.press(key("bots", "down")), at++
      }
      await h.type("full")
      await goTo("model")
      await h.type("qwen2.5-7b-instruct")
      await goTo("gpuOffload")
      await h.type("0.5")
      await goTo("mlock")
      await h.press(key("bots", "right"))
      await goTo("keepAlive")
      await h.type("soon")
      await goTo("frequencyPenalty")
      await h.type("0.3")
      await goTo("presencePenalty")
      await h.type("-3")
      await h.press(key("global", "save"))
      let s = await h.waitFor("Not saved")
      // the form scrolled back to the first field in error
      expect(s).toContain('"soon" is not a duration')
      for (let i = 0; i < 4; i++) await h.press("\x7f")
      await h.type("10m")
      at = ids.indexOf("keepAlive")
      await goTo("presencePenalty")
      await h.press("\x7f", "\x7f")
      await h.type("-0.2")
      await h.press(key("global", "save"))
      await h.waitFor('Created bot #1 "full"')
      const bot = await world.run(Effect.flatMap(Store.Store, (st) => st.getBot(1)))
      expect(bot.load).toEqual({ gpuOffload: 0.5, mlock: true, keepAlive: "10m" })
      expect(bot.sampling).toEqual({ frequencyPenalty: 0.3, presencePenalty: -0.2 })
      // editing shows them
      await h.press(key("bots", "enter"))
      await h.waitFor("Edit bot #1")
      for (let i = 0; i < ids.length; i++) await h.press(key("bots", "down"))
      s = h.screen()
      expect(s).toMatch(/Presence pen\.\s+-0\.2/)
      expect(s).toMatch(/Freq\. pen\.\s+0\.3/)
      await h.quit()
    })
  )
})

describe("Bot Manager: preloaded from the servers on its first open", () => {
  it.live("fills an empty list from the servers that answer, says which did not, and keeps answering keys while it asks", () =>
    Effect.promise(async () => {
      let open!: () => void
      const gate = new Promise<void>((r) => (open = r))
      const slow: Provider.Service = {
        ...scriptedProvider("slowlab", []),
        listModels: () => Effect.promise(() => gate).pipe(Effect.as([{ id: "slow-13b", type: "llm", meta: { maxContext: 65536 } }]))
      }
      world = await openWorld({ extra: [slow, scriptedProvider("lab", [])] })
      const h = await world.tui({ cols: 120, rows: 30 })
      await h.press(key("global", "tab.bots"))
      let s = await h.waitFor("Asking lmstudio, ollama, slowlab, lab for their models")
      // the screen is not held: other tabs and back
      await h.press(key("global", "tab.prompts"))
      await h.waitFor("Prompts of Booting")
      await h.press(key("global", "tab.bots"))
      await h.waitFor("Asking")
      open()
      s = await h.waitFor("slow-13b")
      expect(s).toContain("✓ slowlab: 1 model; added 1 bot")
      expect(s).toContain("✓ lab: 2 models; added 1 bot, skipped 1 embedding model")
      expect(s).toContain("✗ ollama: no model list")
      expect(s).toContain("scripted-7b")
      const bots = await world.run(Effect.flatMap(Store.Store, (st) => st.listBots()))
      expect(bots.map((b) => [b.provider, b.model, b.load.contextLength]).sort()).toEqual([
        ["lab", "scripted-7b", undefined],
        ["slowlab", "slow-13b", 32768]
      ])
      await h.quit()
    })
  )

  it.live("does not preload when there are bots already", () =>
    Effect.promise(async () => {
      world = await openWorld({ extra: [scriptedProvider("lab", [])] })
      await world.run(addBot("mine"))
      const h = await world.tui()
      await h.press(key("global", "tab.bots"))
      await h.waitFor("mine")
      await h.settle(200)
      expect(h.screen()).not.toContain("Asking")
      expect((await world.run(Effect.flatMap(Store.Store, (st) => st.listBots()))).map((b) => b.name)).toEqual(["mine"])
      await h.quit()
    })
  )
})

describe("Ingressor: category → prompt → bot inside the tab", () => {
  it.live("scores a bot chosen in the tab, with no Leaderboard row selected first; ←/→ cycles, Enter lists the bots", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("alpha"))
      await world.run(addBot("bravo"))
      await world.run(addBot("charlie"))
      const h = await world.tui({ options: { initialTab: "ingressor" } })
      let s = await h.waitFor("Scoring: choose a category, a prompt, then the bot")
      expect(s).toMatch(/Bot\s+◀ choose a bot/)
      // category → prompt (the second) → bot
      await h.press(key("ingressor", "enter"), key("ingressor", "down"), key("ingressor", "enter"))
      await h.press(key("ingressor", "right"))
      await h.waitFor("Scoring alpha")
      await h.press(key("ingressor", "right"))
      await h.waitFor("Scoring bravo")
      // the prompt stayed: Booting's second
      expect(h.screen()).toMatch(/Score: Prompt 2/)
      await h.press(key("ingressor", "enter"))
      await h.waitFor("Score which bot?")
      // the list starts at the bot chosen now
      await h.press(key("chooser", "down"), key("chooser", "choose"))
      await h.waitFor("Scoring charlie")
      s = await h.waitFor(/Run\s+◀ new run/)
      expect(s).toMatch(/Score: Prompt 2/)
      // the focus is on Run: down to the points and the pasted output
      await h.press(key("ingressor", "down"))
      await h.type("7")
      for (let i = 0; i < 4; i++) await h.press(key("ingressor", "down"))
      await h.press("\x1b[200~an answer made elsewhere\x1b[201~")
      await h.press(key("global", "save"))
      await h.waitFor("Saved 7/45")
      const runs = await world.run(Effect.flatMap(Store.Store, (st) => st.listRuns()))
      const bots = await world.run(Effect.flatMap(Store.Store, (st) => st.listBots()))
      const prompt = (await world.run(Effect.flatMap(Store.Store, (st) => st.listPrompts("booting"))))[1]!
      expect(runs.map((r) => [bots.find((b) => b.id === r.botId)?.name, r.promptId, r.output])).toEqual([["charlie", prompt.id, "an answer made elsewhere"]])
      // the choice is the app's selection: the Egressor shows charlie
      await h.press(key("global", "tab.egressor"))
      await h.waitFor("charlie")
      await h.quit()
    })
  )
})
