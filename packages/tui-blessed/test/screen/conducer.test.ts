import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoAnswer, ProviderError, Store } from "@llp/core"
import { DISABLE_SEQUENCES } from "../../src/keys/extended.js"
import { key } from "../support/keys.js"
import { scriptedProvider } from "../support/services.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** Opens the Conducer with the bot chosen (typed into its filter), the first category and prompt. */
const ready = async (w: OpenWorld, bot: string, size = { cols: 80, rows: 24 }) => {
  const h = await w.tui(size)
  await h.press(key("global", "tab.conducer"))
  await h.waitFor("Ctrl+T sends")
  await h.type(bot)
  await h.press(key("conducer", "enter"), key("conducer", "enter"))
  return h
}

describe("Conducer", () => {
  it.live("streams a demo answer, Esc stops it and keeps what came, Ctrl+S saves it to llm_outputs/", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 1 })
      await world.run(addBot("demo-fast"))
      const h = await ready(world, "demo-fast")
      await h.press(key("conducer", "send"))
      await h.waitFor(/DEMO · (waiting|streaming)/)
      await h.waitFor("You asked")
      await h.press(key("conducer", "stop"))
      const screen = await h.waitFor("cancelled")
      expect(screen).toContain("DEMO")
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs).toHaveLength(1)
      const run = runs[0]!
      expect(run.status).toBe("cancelled")
      expect(run.output).toContain("You asked")
      const prompt = await world.run(Effect.flatMap(Store.Store, (s) => s.getPrompt(run.promptId)))
      const full = demoAnswer({ model: "demo-fast-3b", prompt: prompt.text, load: {}, sampling: {} })
      expect(run.output.length).toBeGreaterThan(0)
      expect(run.output.length).toBeLessThan(full.length)
      expect(full.startsWith(run.output)).toBe(true)
      // the partial answer is what the screen shows
      expect(screen).toContain("You asked")
      await h.press(key("global", "save"))
      await h.waitFor("Saved to")
      const file = path.join(world.root, "llm_outputs", "booting", "demo-fast.md")
      expect(fs.existsSync(file)).toBe(true)
      expect(fs.readFileSync(file, "utf8")).toContain("You asked")
      expect(fs.readFileSync(file, "utf8")).toContain("DEMO provider")
      expect((await h.quit())._tag).toBe("Success")
    })
  )

  it.live("shows live figures while streaming, keeps the frame rate at or below ~30 fps and answers keys", () =>
    Effect.promise(async () => {
      const pieces = Array.from({ length: 450 }, (_, i) => (i % 12 === 11 ? `word${i}\n` : `word${i} `))
      world = await openWorld({ extra: [scriptedProvider("fast", pieces, { delayMs: 2 })] })
      await world.run(addBot("speedy", "fast", "scripted-7b"))
      const h = await ready(world, "speedy", { cols: 120, rows: 40 })
      await h.press(key("conducer", "send"))
      await h.waitFor(/streaming · \d+ tokens · [\d.]+ tok\/s · TTFT [\d.]+s · [\d.]+s/)
      const start = performance.now()
      // a key while streaming is answered (how fast: npm run bench)
      const before = performance.now()
      await h.press(key("global", "help"))
      await h.waitFor("Keys: Conducer")
      const keyLatency = performance.now() - before
      await h.press(key("help", "close"))
      await h.waitFor(/complete · 450 tokens/, 20_000)
      const end = performance.now()
      const during = h.frames().filter((f) => f.at >= start && f.at <= end)
      const seconds = (end - start) / 1000
      const fps = during.length / seconds
      const slowest = Math.max(...during.map((f) => f.ms))
      console.log(`streaming: ${during.length} frames in ${seconds.toFixed(2)}s = ${fps.toFixed(1)} fps; slowest frame ${slowest.toFixed(1)} ms; key answered in ${keyLatency.toFixed(0)} ms`)
      // a count, not a speed: the throttle allows no more than one frame per 33 ms however fast the machine
      expect(fps).toBeLessThanOrEqual(31)
      // the end of the answer is in view (the view follows it)
      expect(h.screen()).toContain("word449")
      await h.quit()
    })
  )

  it.live("renders a hostile answer inertly: no escape sequence or blessed tag takes effect", () =>
    Effect.promise(async () => {
      const hostile = [
        "start ",
        "\x1b[2J\x1b[H",
        "{red-fg}RED{/red-fg} ",
        "\x1b]0;pwned\x07",
        "\x1b]52;c;SGVsbG8=\x07",
        "\x1b[31mansi-red\x1b[0m ",
        "\x9b2J",
        "\x1bP+q544e\x1b\\",
        "bell\x07 back\x08space\r\n",
        "{/}{bold}{open}tags{close} ",
        "\u202eevil",
        " end"
      ]
      world = await openWorld({ extra: [scriptedProvider("evil", hostile, { delayMs: 3 })] })
      await world.run(addBot("evil {bold}bot\x1b[31m", "evil", "scripted-7b"))
      const h = await ready(world, "evil")
      await h.press(key("conducer", "send"))
      const screen = await h.waitFor("complete")
      expect(screen).toContain("start")
      expect(screen).toContain("{red-fg}RED{/red-fg}")
      expect(screen).toContain("{/}{bold}{open}tags{close}")
      expect(screen).toContain("ansi-red")
      expect(screen).toContain("end")
      expect(screen).toContain("evil {bold}bot")
      // the tab bar is still there: nothing cleared the screen
      expect(h.lines()[0]).toContain("Leaderboard")
      const raw = h.written()
      expect(raw).not.toContain("\x1b]0;pwned")
      expect(raw).not.toContain("\x1b]52;c;SGVsbG8=")
      expect(raw).not.toContain("\x1bP+q")
      expect(raw).not.toContain("\x9b")
      expect(h.titles()).not.toContain("pwned")
      // the text is stored as it came
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs[0]!.output).toContain("\x1b]0;pwned\x07")
      await h.quit()
    })
  )

  it.live("shows a provider error with its hint, keeps the partial answer and keeps running", () =>
    Effect.promise(async () => {
      const error = new ProviderError({ provider: "flaky", reason: "Unreachable", detail: "connection refused at 127.0.0.1:9" })
      world = await openWorld({ extra: [scriptedProvider("flaky", ["partial ", "answer"], { error })] })
      await world.run(addBot("flaky-bot", "flaky", "scripted-7b"))
      const h = await ready(world, "flaky-bot")
      await h.press(key("conducer", "send"))
      const screen = await h.waitFor("Is the server running?")
      expect(screen).toContain("✗ flaky: connection refused")
      expect(screen).toContain("failed")
      expect(screen).toContain("partial answer")
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs[0]!.status).toBe("failed")
      await h.press(key("global", "tab.leaderboard"))
      await h.waitFor("flaky-bot")
      expect((await h.quit())._tag).toBe("Success")
    })
  )

  it.live("quitting while an answer streams keeps it as cancelled and puts the terminal back", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 1 })
      await world.run(addBot("demo-fast"))
      const h = await ready(world, "demo-fast")
      await h.press(key("conducer", "send"))
      await h.waitFor("You asked")
      expect((await h.quit())._tag).toBe("Success")
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs[0]!.status).toBe("cancelled")
      expect(runs[0]!.output).toContain("You asked")
      expect(h.written().lastIndexOf(DISABLE_SEQUENCES)).toBeGreaterThan(h.written().lastIndexOf("You asked"))
    })
  )

  it.live("an interruption from outside also stops the run and restores the terminal", () =>
    Effect.promise(async () => {
      world = await openWorld({ demoPace: 1 })
      await world.run(addBot("demo-fast"))
      const h = await ready(world, "demo-fast")
      await h.press(key("conducer", "send"))
      await h.waitFor("You asked")
      const exit = await h.interrupt()
      expect(exit._tag).toBe("Failure")
      const runs = await world.run(Effect.flatMap(Store.Store, (s) => s.listRuns()))
      expect(runs[0]!.status).toBe("cancelled")
      const raw = h.written()
      expect(raw.lastIndexOf(DISABLE_SEQUENCES)).toBeGreaterThan(raw.lastIndexOf("You asked"))
      expect(raw).toContain("\x1b[?1049l")
    })
  )

  it.live("warns when the server answers with another model", () =>
    Effect.promise(async () => {
      world = await openWorld({ extra: [scriptedProvider("liar", ["hello"], { model: "some-other-model" })] })
      await world.run(addBot("liar-bot", "liar", "scripted-7b"))
      const h = await ready(world, "liar-bot")
      await h.press(key("conducer", "send"))
      await h.waitFor('answered with model "some-other-model"')
      await h.quit()
    })
  )
})
