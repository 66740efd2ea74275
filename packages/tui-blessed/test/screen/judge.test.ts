import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Store } from "@llp/core"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const rowOf = (screen: string, bot: string) => screen.split("\n").find((l) => l.includes(` ${bot} `)) ?? ""

/** A run of `contestant` on the first Booting prompt, and a suggestion of `Judge` for it: every item met but the last. */
const judged = Effect.gen(function* () {
  const store = yield* Store.Store
  const contestant = yield* addBot("contestant")
  // of another family than the contestant: the family warning (judge-family.test.ts) would take the verdict's line
  const judge = yield* addBot("Judge", "demo", "mistral-7b")
  const prompt = (yield* store.listPrompts("booting"))[0]!
  const run = yield* store.addManualRun({ botId: contestant.id, promptId: prompt.id, output: "An answer." })
  const last = prompt.rubric.length - 1
  const items = prompt.rubric.map((c, index) => ({
    index,
    points: c.points,
    text: c.text,
    verdict: index === last ? ("not met" as const) : ("met" as const),
    // model text: tags and escape sequences must show inertly
    reason: index === 0 ? 'It says "{red-fg}boot{/red-fg}\x1b[2J".' : "It covers it.",
    awarded: index === last ? 0 : c.points
  }))
  const points = items.reduce((s, i) => s + i.awarded, 0)
  yield* store.saveJudgeScore({ runId: run.id, judgeBotId: judge.id, status: "scored", points, maxPoints: prompt.points, partial: false, items, raw: ["{}"], error: null, seed: 1, order: items.map((i) => i.index) })
  return { prompt, run, points }
})

describe("the judge in the terminal app", () => {
  it.live("Leaderboard counts suggestions only with w, in a Judge column; the Ingressor shows them with reasons and Ctrl+O makes one the manual score; the Egressor shows the judge's record", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const { prompt, run, points } = await world.run(judged)
      const h = await world.tui({ cols: 140 })
      await h.waitFor("contestant")
      expect(rowOf(h.screen(), "contestant")).toMatch(/0\/95\s+1/)
      await h.press(key("leaderboard", "toggleJudge"))
      await h.waitFor("counting judge suggestions")
      // counted in the total, and shown apart in the Judge column
      expect(rowOf(h.screen(), "contestant")).toMatch(new RegExp(`\\s${points}\\s.*1/95\\s+1\\s+${points}[\\s│]`))
      expect(h.screen()).toMatch(/Runs\s+Judge/)
      await h.press(key("leaderboard", "toggleJudge"))
      await h.waitFor((s) => !s.includes("counting judge suggestions"))

      await h.press(key("leaderboard", "filter"))
      await h.type("contestant")
      await h.press(key("leaderboard", "open"))
      await h.press(key("global", "tab.ingressor", 1))
      await h.waitFor("Scoring contestant")
      await h.press(key("ingressor", "enter"), key("ingressor", "enter"))
      const screen = await h.waitFor(`Judge Judge suggests ${points} of ${prompt.points}`)
      expect(screen).toContain(`judge ${points}`)
      expect(screen).toMatch(/judge: met — It says "\{red-fg\}boot\{\/red-fg\}/)

      await h.press(key("ingressor", "acceptJudge"))
      await h.waitFor(`Accepted the judge's ${points}/${prompt.points}`)
      const scores = await world.run(Effect.flatMap(Store.Store, (s) => s.listScores()))
      expect(scores.map((s) => [s.run.id, s.score.points, s.score.source])).toEqual([[run.id, points, "manual"]])
      expect(scores[0]!.score.detail).toMatchObject({ acceptedJudgeScore: expect.any(Number), judge: "Judge" })

      // the judge's record: one run judged, its only manual match is its own accepted suggestion (left out)
      await h.press(key("global", "tab.leaderboard"))
      await h.press(key("leaderboard", "clear"))
      await h.press(key("leaderboard", "filter"))
      await h.type("Judge")
      // Enter leaves the filter, Enter again opens the Egressor
      await h.press(key("leaderboard", "open"), key("leaderboard", "open"))
      await h.waitFor("As a judge: 1 runs judged, 0 failed")
      await h.quit()
    })
  )

  it.live("Ctrl+G puts the suggestion in the form to change it before saving", () =>
    Effect.promise(async () => {
      world = await openWorld()
      const { prompt, points } = await world.run(judged)
      const h = await world.tui()
      await h.waitFor("contestant")
      await h.press(key("leaderboard", "filter"))
      await h.type("contestant")
      await h.press(key("leaderboard", "open"))
      await h.press(key("global", "tab.ingressor", 1))
      await h.waitFor("Scoring contestant")
      await h.press(key("ingressor", "enter"), key("ingressor", "enter"))
      await h.waitFor("Judge Judge suggests")
      await h.press(key("ingressor", "editJudge"))
      await h.waitFor(`judge Judge suggested ${points}`)
      await h.press("\x7f", "\x7f", "\x7f")
      await h.type("12")
      await h.press(key("global", "save"))
      await h.waitFor(`Saved 12/${prompt.points}`)
      const scores = await world.run(Effect.flatMap(Store.Store, (s) => s.listScores()))
      expect(scores.map((s) => [s.score.points, s.score.note])).toEqual([[12, `judge Judge suggested ${points}`]])
      await h.quit()
    })
  )
})
