/**
 * The TUI's responsiveness, measured on the real app drawn into a headless xterm (the harness of the
 * screen tests): 10,000 bots scrolled in the Leaderboard and the Bot Manager (key → screen time, frame
 * draw time), and a fast stream in the Conducer (frames per second, a key answered while streaming).
 */
import { Effect } from "effect"
import { Store } from "@llp/core"
import { key } from "../packages/tui-blessed/test/support/keys.js"
import { scriptedProvider } from "../packages/tui-blessed/test/support/services.js"
import { addBot, openWorld } from "../packages/tui-blessed/test/support/world.js"

type Harness = Awaited<ReturnType<Awaited<ReturnType<typeof openWorld>>["tui"]>>

const N = 10_000
const pad = (i: number) => String(i).padStart(5, "0")
const at = (xs: ReadonlyArray<number>, p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1))
}

/** Presses a key and measures until the screen shows `expected`. */
const timed = async (h: Harness, seq: string, expected: string | RegExp) => {
  const t = performance.now()
  await h.press(seq)
  await h.waitFor(expected)
  return performance.now() - t
}

const scrolling = async () => {
  const world = await openWorld({ suites: false })
  try {
    await world.run(Effect.flatMap(Store.Store, (s) => Effect.forEach(Array.from({ length: N }, (_, i) => i), (i) => s.createBot({ name: `bot-${pad(i)}`, provider: "demo", model: `model-${pad(i)}` }), { discard: true })))
    const h = await world.tui({ cols: 120, rows: 40 })
    await h.waitFor(`${N} bots`, 30_000)
    const keys: Array<number> = []
    keys.push(await timed(h, key("leaderboard", "end"), `${N}/${N}`))
    keys.push(await timed(h, key("leaderboard", "home"), `1/${N}`))
    for (let i = 2; i <= 21; i++) keys.push(await timed(h, key("leaderboard", "down"), ` ${i}/${N}`))
    await h.press(key("global", "tab.bots"))
    await h.waitFor(`${N} bots`, 30_000)
    keys.push(await timed(h, key("bots", "end"), "bot-09999"))
    for (let i = 0; i < 10; i++) keys.push(await timed(h, key("bots", "pageDown"), "bot-09999"))
    const frames = h.frames().map((f) => f.ms)
    await h.quit()
    return { bots: N, keys: keys.length, keyToScreenMs: { median: at(keys, 50), p95: at(keys, 95), max: at(keys, 100) }, frameDrawMs: { median: at(frames, 50), p95: at(frames, 95) } }
  } finally {
    await world.close()
  }
}

const streaming = async () => {
  const pieces = Array.from({ length: 450 }, (_, i) => (i % 12 === 11 ? `word${i}\n` : `word${i} `))
  const world = await openWorld({ extra: [scriptedProvider("fast", pieces, { delayMs: 2 })] })
  try {
    await world.run(addBot("speedy", "fast", "scripted-7b"))
    const h = await world.tui({ cols: 120, rows: 40 })
    await h.press(key("global", "tab.conducer"))
    await h.waitFor("Ctrl+T sends")
    await h.type("speedy")
    await h.press(key("conducer", "enter"), key("conducer", "enter"))
    await h.press(key("conducer", "send"))
    await h.waitFor(/streaming · \d+ tokens/)
    const start = performance.now()
    const keyMs = await timed(h, key("global", "help"), "Keys: Conducer")
    await h.press(key("help", "close"))
    await h.waitFor(/complete · 450 tokens/, 30_000)
    const end = performance.now()
    const during = h.frames().filter((f) => f.at >= start && f.at <= end)
    await h.quit()
    return { tokens: 450, framesPerSecond: Number((during.length / ((end - start) / 1000)).toFixed(1)), slowestFrameMs: at(during.map((f) => f.ms), 100), keyWhileStreamingMs: Number(keyMs.toFixed(1)) }
  } finally {
    await world.close()
  }
}

/** A 1 MB bracketed paste into a one-line field (the prompt form's title) and a multi-line one (its text): paste → screen time. */
export const benchPaste = async () => {
  const lines: Array<string> = []
  for (let i = 0, n = 0; n < 1024 * 1024; i++) {
    const l = `line ${i} of a long paste, with words enough to fill a row of the terminal\n`
    lines.push(l)
    n += l.length
  }
  const text = lines.join("")
  const world = await openWorld()
  try {
    const h = await world.tui({ cols: 120, rows: 40 })
    await h.press(key("global", "tab.prompts"))
    await h.waitFor("Categories")
    await h.press(key("prompts", "newPrompt"))
    await h.waitFor("New prompt")
    const oneLineMs = await timed(h, `\x1b[200~${text}\x1b[201~`, "Kept the first of")
    for (let i = 0; i < 5; i++) await h.press("\t")
    const multiLineMs = await timed(h, `\x1b[200~${text}\x1b[201~`, `line ${lines.length - 1} of a long paste`)
    await h.quit()
    return { bytes: text.length, oneLineFieldMs: Number(oneLineMs.toFixed(1)), multiLineFieldMs: Number(multiLineMs.toFixed(1)) }
  } finally {
    await world.close()
  }
}

/**
 * The frontier view of 500 bots at 0 colours (NO_COLOR: every painted box goes through the palette's
 * rewrite): key → screen moving through the categories twice; a frame should not recompute what did not change.
 */
export const benchFrontier = async () => {
  const world = await openWorld()
  try {
    // core's frontier() compares every pair (2,000 bots: ~35 s a category here), so a modest board
    const n = 500
    await world.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const prompt = (yield* store.listPrompts("booting"))[0]!
        for (let i = 0; i < n; i++) {
          const bot = yield* store.createBot({ name: `bot-${pad(i)}`, provider: "demo", model: `model-${pad(i)}` })
          const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output: "answer", tokensPerSecond: 5 + ((i * 37) % 95), ttftMs: 300 })
          yield* store.scoreRun({ runId: run.id, points: (i * 13) % 41, note: "" })
        }
      })
    )
    const h = await world.tui({ cols: 120, rows: 40, options: { env: { NO_COLOR: "1" } } })
    await h.waitFor(`${n} bots`, 60_000)
    await h.press(key("leaderboard", "frontier"))
    await h.waitFor("Frontier — Total", 30_000)
    const titles = ["Booting", "Programming", "General", "AGI Probing", "Creative Writing", "Software Engineering", "Total"]
    // the first visit of a category computes its frontier; the second finds it unchanged
    const rounds: Array<Array<number>> = [[], []]
    for (const keys of rounds) for (const t of titles) keys.push(await timed(h, key("leaderboard", "frontierNext"), `Frontier — ${t} —`))
    await h.quit()
    const [first, again] = rounds as [Array<number>, Array<number>]
    return { bots: n, firstVisitMs: { median: at(first, 50), max: at(first, 100) }, keyToScreenMs: { median: at(again, 50), p95: at(again, 95), max: at(again, 100) } }
  } finally {
    await world.close()
  }
}

export async function benchTui(): Promise<Record<string, unknown>> {
  return { scrolling: await scrolling(), streaming: await streaming(), paste: await benchPaste(), frontier: await benchFrontier(), targets: { keyToScreenMs: 100, framesPerSecondAtMost: 30, pasteOneMegabyteMs: 1000 } }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTui().then((r) => console.log(JSON.stringify(r, null, 2)))
}
