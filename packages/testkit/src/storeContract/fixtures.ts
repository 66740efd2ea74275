import type { BotInput, PromptInput, Store, Suite } from "@llp/core"
import { Effect } from "effect"

export const botInput = (name: string, extra: Partial<BotInput> = {}): BotInput => ({
  name,
  provider: "lmstudio",
  model: `${name.toLowerCase().replace(/\s+/g, "-")}-instruct`,
  ...extra
})

export const prompt = (category: string, slug: string, points: number, extra: Partial<PromptInput> = {}): PromptInput => ({
  category,
  slug,
  order: 1,
  title: slug,
  text: `Text of ${slug}`,
  points,
  useSystemPrompt: true,
  rubric: [{ points, text: `all of ${slug}` }],
  ...extra
})

export const suite = (key: string, prompts: ReadonlyArray<[slug: string, points: number]>): Suite => ({
  category: { key, title: key.toUpperCase(), systemPrompt: "", temperature: 0.5, order: 0 },
  prompts: prompts.map(([slug, points], i) => prompt(key, slug, points, { order: i + 1 }))
})

/** Two bots, two categories with prompts: a small world for the leaderboard and search tests. */
export const seed = (store: Store.Service) =>
  Effect.gen(function* () {
    yield* store.loadSuite(suite("booting", [["teach", 40], ["code", 45]]))
    yield* store.loadSuite(suite("general", [["easy", 10]]))
    const prompts = yield* store.listPrompts()
    const byslug = Object.fromEntries(prompts.map((p) => [p.slug, p]))
    const a = yield* store.createBot(botInput("Alpha"))
    const b = yield* store.createBot(botInput("Beta"))
    return { a, b, teach: byslug.teach!, code: byslug.code!, easy: byslug.easy! }
  })

/** A run start with nothing special, for tests that only need a streaming run. */
export const runStart = (botId: number, promptId: number, extra: Partial<Parameters<Store.Service["startRun"]>[0]> = {}) => ({
  botId,
  promptId,
  provider: "p",
  model: "m",
  demo: false,
  request: {},
  startedAt: "2026-01-01T00:00:00.000Z",
  ...extra
})

/** A small deterministic PRNG (a linear congruential generator), so a randomised test replays the same steps. */
export const lcg = (seed: number) => {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}
