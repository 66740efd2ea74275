import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store, type Bot } from "@llp/core"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const count = (text: string, part: string) => text.split(part).length - 1
/** The Ingressor's rubric pane (the rightmost) as one line of text, its wrapped lines joined. */
const rubricText = (screen: string) =>
  screen
    .split("\n")
    .map((l) => (l.includes("││") ? l.split("││").pop()!.replace(/│\s*$/, "") : ""))
    .join(" ")
    .replace(/\s+/g, " ")

/** A run of `bot` on Booting's first prompt with a suggestion of `judge`: every item met; and a pairwise verdict so the record has every figure. */
const suggest = (judge: Bot, bot: Bot) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const prompt = (yield* store.listPrompts("booting"))[0]!
    const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "An answer." })
    const items = prompt.rubric.map((c, index) => ({ index, points: c.points, text: c.text, verdict: "met" as const, reason: "It covers it.", awarded: c.points }))
    yield* store.saveJudgeScore({ runId: run.id, judgeBotId: judge.id, status: "scored", points: prompt.points, maxPoints: prompt.points, partial: false, items, raw: ["{}"], error: null, seed: 1, order: items.map((i) => i.index) })
    return run
  })

describe("the judge's family in the terminal app", () => {
  it.live("the Ingressor warns once under a suggestion from a judge of the bot's family, not under another's; the Leaderboard says it on the status line while w counts suggestions", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(
        Effect.gen(function* () {
          // same base name "qwen"; the name carries tags that must show as text
          const judge = yield* addBot("Judge {red-fg}Q", "demo", "qwen3-14b-instruct")
          const kin = yield* addBot("kin", "demo", "Qwen2.5-7B-Instruct")
          const other = yield* addBot("stranger", "demo", "llama-3.1-8b")
          yield* suggest(judge, kin)
          yield* suggest(judge, other)
        })
      )
      const h = await world.tui({ cols: 120, rows: 40 })
      await h.waitFor("stranger")
      await h.press(key("leaderboard", "toggleJudge"))
      let s = await h.waitFor("counting judge suggestions")
      s = await h.waitFor("share a model family")
      expect(s).toContain("Judge {red-fg}Q judged kin (same base name qwen)")
      expect(s).not.toContain("judged stranger")
      // the warning goes with the judge's suggestions: off with them
      await h.press(key("leaderboard", "toggleJudge"))
      await h.waitFor((x) => !x.includes("share a model family") && !x.includes("counting judge suggestions"))

      await h.press(key("leaderboard", "filter"))
      await h.type("kin")
      await h.press(key("leaderboard", "open"))
      await h.press(key("global", "tab.ingressor", 1))
      await h.waitFor("Scoring kin")
      await h.press(key("ingressor", "enter"), key("ingressor", "enter"))
      s = rubricText(await h.waitFor((x) => rubricText(x).includes("share a model family")))
      expect(count(s, "share a model family")).toBe(1)
      expect(s).toContain("Judge {red-fg}Q judged kin (same base name qwen)")

      // the same judge on a bot of another family: its suggestion without a warning
      await h.press(key("global", "tab.leaderboard"))
      await h.press(key("leaderboard", "clear"), key("leaderboard", "filter"))
      await h.type("stranger")
      await h.press(key("leaderboard", "open"))
      await h.press(key("global", "tab.ingressor", 1))
      await h.waitFor("Scoring stranger")
      await h.press(key("ingressor", "enter"), key("ingressor", "enter"))
      s = rubricText(await h.waitFor("suggests"))
      expect(s).toContain("Judge Judge {red-fg}Q suggests")
      expect(s).not.toContain("share a model family")
      await h.quit()
    }),
    60_000
  )

  it.live("the Egressor lays a judge's record out on lines at 80 and 120 columns: no figure is cut", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(
        Effect.gen(function* () {
          const judge = yield* addBot("Judge", "demo", "mistral-7b")
          const bot = yield* addBot("contestant", "demo", "phi-3-mini")
          const run = yield* suggest(judge, bot)
          // a manual score too, so agreement figures have something to compare
          yield* (yield* Store.Store).scoreRun({ runId: run.id, points: 10, note: "" })
        })
      )
      const h = await world.tui({ cols: 120, rows: 40 })
      await h.waitFor("contestant")
      await h.press(key("leaderboard", "filter"))
      await h.type("Judge")
      await h.press(key("leaderboard", "open"), key("leaderboard", "open"))
      for (const cols of [120, 80]) {
        if (cols !== 120) await h.resize(cols, 40)
        const s = (await h.waitFor("As a judge: 1 runs judged")).replace(/\s+/g, " ")
        for (const figure of ["0 failed", "within 10%", "Spearman", "κ", "lenience", "swap-consistent –"]) expect(s, `${figure} at ${cols}`).toContain(figure)
      }
      await h.quit()
    }),
    60_000
  )
})
