import type { Store } from "@llp/core"
import { Effect } from "effect"
import { botInput, lcg, suite } from "./fixtures.js"

const SUITES = { one: [["a", 10], ["b", 20], ["c", 30]], two: [["d", 40], ["e", 50]], three: [["f", 60]] } as const
const loadSuite = (store: Store.Service, key: keyof typeof SUITES) => store.loadSuite(suite(key, SUITES[key].map(([slug, points]) => [slug, points] as [string, number])))

/**
 * A seeded random mix of every write that moves the leaderboard (runs added, streamed, rescored, pinned, removed;
 * prompts, bots and categories removed and made again), with `check` called every `every` steps and at the end:
 * the figures a store keeps up to date as it goes must match whatever `check` counts from scratch.
 */
export const churn = <E>(store: Store.Service, check: (step: string) => Effect.Effect<void, E>, options: { readonly steps?: number; readonly every?: number; readonly seed?: number } = {}) =>
  Effect.gen(function* () {
    const random = lcg(options.seed ?? 42)
    const pick = <A>(xs: ReadonlyArray<A>): A | undefined => xs[Math.floor(random() * xs.length)]
    yield* loadSuite(store, "one")
    yield* loadSuite(store, "two")
    yield* loadSuite(store, "three")
    for (const name of ["A", "B", "C", "D"]) yield* store.createBot(botInput(name))
    const steps = options.steps ?? 160
    for (let step = 0; step < steps; step++) {
      const bots = yield* store.listBots()
      const prompts = yield* store.listPrompts()
      const runs = yield* store.listRuns()
      const action = random()
      const bot = pick(bots)
      const p = pick(prompts)
      const run = pick(runs)
      if (action < 0.3 && bot && p) {
        const r = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "x", ...(random() < 0.7 ? { tokensPerSecond: Math.round(random() * 100), ttftMs: Math.round(random() * 1000) } : {}) })
        if (random() < 0.8) yield* store.scoreRun({ runId: r.id, points: Math.round(random() * p.points) })
      } else if (action < 0.4 && bot && p) {
        const r = yield* store.startRun({ botId: bot.id, promptId: p.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        const status = pick(["streaming", "complete", "failed", "cancelled"] as const)!
        yield* store.updateRun(r.id, { status, output: "y", reasoning: "", tokensPerSecond: Math.round(random() * 50), ttftMs: 10 })
      } else if (action < 0.55 && run) {
        const max = prompts.find((x) => x.id === run.promptId)!.points
        yield* store.scoreRun({ runId: run.id, points: Math.round(random() * max) })
      } else if (action < 0.7 && run) {
        yield* Effect.ignore(store.pinRun(run.id, random() < 0.7))
      } else if (action < 0.8 && run) {
        yield* store.updateRun(run.id, { status: pick(["complete", "failed"] as const)!, output: run.output, reasoning: "", tokensPerSecond: Math.round(random() * 90) })
      } else if (action < 0.88 && run) {
        yield* store.removeRun(run.id)
      } else if (action < 0.91 && p) {
        yield* store.removePrompt(p.id)
      } else if (action < 0.93 && bot) {
        yield* store.removeBot(bot.id)
        yield* store.createBot(botInput(`${bot.name}${step}`))
      } else if (action < 0.95) {
        const key = pick(["one", "two", "three"] as const)!
        yield* Effect.ignore(store.removeCategory(key))
        yield* loadSuite(store, key)
      } else if (bot) {
        yield* store.updateBot(bot.id, { notes: `step ${step}` })
      }
      if (step % (options.every ?? 10) === 0) yield* check(`step ${step}`)
    }
    yield* check("end")
  })
