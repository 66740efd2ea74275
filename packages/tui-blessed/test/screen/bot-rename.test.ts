import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { savedComplete } from "../support/archive.js"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const flat = (s: string) => s.replace(/[│\s]+/g, " ")

/** Opens the Bot Manager's form on the bot "old" and replaces its name with `name`, then saves. */
const rename = async (w: OpenWorld, name: string) => {
  const h = await w.tui({ cols: 120, rows: 30 })
  await h.press(key("global", "tab.bots"))
  await h.waitFor("old")
  await h.press(key("bots", "enter"))
  await h.waitFor("Edit bot #1")
  for (let i = 0; i < 10; i++) await h.press("\x7f")
  await h.type(name)
  await h.press(key("global", "save"))
  return h
}

const names = (w: OpenWorld) => w.run(Effect.map(Effect.flatMap(Store.Store, (s) => s.listBots()), (bots) => bots.map((b) => b.name)))

describe("Bot Manager: renaming a bot", () => {
  it.live("moves its files in llm_outputs/ to the new name and says so", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("old"))
      const file = await savedComplete(world, "old", "answer of old")
      const before = fs.readFileSync(file, "utf8")
      const h = await rename(world, "new")
      await h.waitFor('Saved bot #1 "new" and moved its file in llm_outputs/ to the new name')
      const moved = path.join(path.dirname(file), "new.md")
      expect(fs.existsSync(file)).toBe(false)
      expect(fs.readFileSync(moved, "utf8")).toBe(before.replace(/^# old — /, "# new — "))
      expect(await names(world)).toEqual(["new"])
      await h.quit()
    })
  )

  it.live("is refused when files are kept under the new name, renaming nothing", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("old"))
      const file = await savedComplete(world, "old", "answer of old")
      const stray = path.join(path.dirname(file), "taken.md")
      fs.writeFileSync(stray, "another bot's answers")
      const h = await rename(world, "taken")
      const s = flat(await h.waitFor("Not saved"))
      expect(s).toContain("✗ llm_outputs/ holds files of this name")
      expect(s).toContain("llm_outputs/ already holds files under the name taken")
      expect(await names(world)).toEqual(["old"])
      expect(fs.readFileSync(file, "utf8")).toContain("answer of old")
      expect(fs.readFileSync(stray, "utf8")).toBe("another bot's answers")
      // the form stays open with the name, so the person can choose another
      await h.press(key("global", "save"))
      await h.waitFor("Not saved")
      await h.quit()
    })
  )

  it.live("says which file is where when one cannot move", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("old"))
      const file = await savedComplete(world, "old", "answer of old")
      const scores = path.join(path.dirname(file), "scores")
      fs.mkdirSync(path.join(scores, "score-new.json"), { recursive: true })
      fs.writeFileSync(path.join(scores, "score-old.json"), "{}\n")
      const h = await rename(world, "new")
      const s = flat(await h.waitFor("Still under the old name"))
      expect(s).toContain('Saved bot #1 "new", but not all its files in llm_outputs/ moved: the list says which are where')
      // the viewer lists each file where it is: none is left to a cut toast
      expect(s).toContain('Bot #1 "new": not all its files moved')
      expect(s).toContain("Moved to the new name (1):")
      expect(s).toContain("booting/new.md")
      expect(s).toContain("Still under the old name (1):")
      expect(s).toContain("scores/score-old.json")
      expect(s).toMatch(/not moved to .*score-new\.json: something is already there/)
      expect(fs.existsSync(path.join(path.dirname(file), "new.md"))).toBe(true)
      expect(fs.existsSync(path.join(scores, "score-old.json"))).toBe(true)
      expect(await names(world)).toEqual(["new"])
      await h.quit()
    })
  )
})
