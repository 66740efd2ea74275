import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const MB = 1024 * 1024
/** About 1 MB of text in lines of ~70 characters. */
const manyLines = (() => {
  const parts: Array<string> = []
  let n = 0
  for (let i = 0; n < MB; i++) {
    const l = `line ${i} of a long paste, with words enough to fill a row of the terminal\n`
    parts.push(l)
    n += l.length
  }
  return parts.join("")
})()
/** 1 MB on one line. */
const oneLine = "x".repeat(MB)
const bracketed = (text: string) => `\x1b[200~${text}\x1b[201~`

// A paste of 20 KB used to take 25 s in a one-line field (quadratic); each of these is a megabyte.
// The test has no clock: a freeze shows as the screen never answering the next key.
describe("a 1 MB paste", () => {
  it.live("into the prompt form's one-line and multi-line fields keeps what was typed, and the app answers", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const h = await world.tui({ cols: 120, rows: 40 })
      await h.press(key("global", "tab.prompts"))
      await h.waitFor("Categories")
      await h.press(key("prompts", "newPrompt"))
      await h.waitFor("New prompt")
      // the form starts on the title: typed text is not dropped on the category's choice field
      await h.type("Hi ")
      await h.press(bracketed(manyLines))
      await h.waitFor(/Title\s+words enough to fill a row of the terminal +Kept the first of 13,944 pasted lines/, 20_000)
      await h.press("\x1b[H")
      let s = await h.waitFor(/Title\s+Hi line 0 of a long paste/)
      // one line of a megabyte is refused, and the title is unchanged
      await h.press(bracketed(oneLine))
      s = await h.waitFor("Not pasted", 20_000)
      expect(s).toMatch(/Title\s+Hi line 0 of a long paste/)
      // the multi-line Text field takes all of it; typing goes on at its end
      for (let i = 0; i < 5; i++) await h.press("\t")
      await h.waitFor(/Text {2,}/)
      await h.type("abc")
      await h.press(bracketed(manyLines))
      await h.type("END")
      s = await h.waitFor(/▏line 13943 of a long paste, with words enough to fill a row of the terminal *│\n│▏END/, 20_000)
      // and the field holds everything, in order
      await h.press(key("global", "tab.leaderboard"))
      await h.waitFor("Leaderboard —")
      await h.quit()
    }),
    60_000
  )

  it.live("into the Leaderboard filter, the Conducer's pickers, the Bot Manager's search and the Exporter's path takes the first line or refuses", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("Gamma"))
      const paste = bracketed(`gamma\n${manyLines}`)
      const h = await world.tui({ cols: 120, rows: 30 })
      await h.press(key("leaderboard", "filter"))
      await h.press(paste)
      await h.waitFor("Kept the first of", 20_000)
      await h.waitFor("1 of 1 bot")
      await h.press(key("global", "tab.conducer"))
      await h.waitFor("Ctrl+T sends")
      await h.press(paste)
      // the status still says what the Leaderboard's paste did: wait for the filter itself
      let s = await h.waitFor(/│gamma /, 20_000)
      expect(s).toContain("Kept the first of")
      await h.press(bracketed(oneLine))
      await h.waitFor("Not pasted", 20_000)
      await h.press(key("global", "tab.bots"))
      await h.waitFor("Bots")
      await h.press(key("bots", "search"))
      await h.press(paste)
      s = await h.waitFor(/Search: gamma/, 20_000)
      expect(s).toContain("Kept the first of")
      // the Exporter's path: a megabyte on one line is refused, the path stays
      await h.press(key("global", "tab.exporter"))
      await h.waitFor("exports/leaderboard.json")
      await h.press(key("exporter", "down"))
      await h.press(bracketed(oneLine))
      s = await h.waitFor("Not pasted", 20_000)
      expect(s).toMatch(/Path\s+exports\/leaderboard\.json/)
      await h.quit()
    }),
    60_000
  )
})
