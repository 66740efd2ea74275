import { type Bot, type Category, type LeaderboardTotals, type Prompt, type Run, type Score, Store, StoreError } from "@llp/core"
import { Effect, Layer } from "effect"

/**
 * A Store kept in memory, with the contract's rules (one counted score per bot and prompt: the pinned
 * one, else the latest scored), for fast tests of the logic over the contract. The SQLite store is the
 * real one; see roundtrip tests.
 */
export const memoryStore = (): Store.Service => {
  const bots: Array<Bot> = []
  const categories: Array<Category> = []
  const prompts: Array<Prompt> = []
  const runs: Array<Run> = []
  const scores: Array<Score> = []
  let ids = 0
  const now = () => new Date().toISOString()
  const notFound = (what: string) => Effect.fail(new StoreError({ reason: "NotFound", detail: `${what} not found` }))
  const counted = (): Set<number> => {
    const best = new Map<string, Score>()
    for (const s of scores) {
      const run = runs.find((r) => r.id === s.runId)!
      const key = `${run.botId}/${run.promptId}`
      const cur = best.get(key)
      if (!cur || (s.pinned && !cur.pinned) || (s.pinned === cur.pinned && (s.createdAt > cur.createdAt || (s.createdAt === cur.createdAt && s.id > cur.id)))) best.set(key, s)
    }
    return new Set([...best.values()].map((s) => s.id))
  }
  const service: Store.Service = {
    listBots: () => Effect.sync(() => [...bots].sort((a, b) => a.name.localeCompare(b.name))),
    getBot: (id) => Effect.suspend(() => { const b = bots.find((x) => x.id === id); return b ? Effect.succeed(b) : notFound(`bot ${id}`) }),
    findBot: (n) => Effect.suspend(() => { const b = bots.find((x) => x.name === n || String(x.id) === n); return b ? Effect.succeed(b) : notFound(`bot ${n}`) }),
    createBot: (input) =>
      Effect.suspend(() => {
        if (bots.some((b) => b.name === input.name)) return Effect.fail(new StoreError({ reason: "Conflict", detail: `a bot named ${input.name} exists` }))
        const bot: Bot = { id: ++ids, name: input.name, provider: input.provider, model: input.model, load: input.load ?? {}, sampling: input.sampling ?? {}, meta: input.meta ?? {}, notes: input.notes ?? "", createdAt: now(), updatedAt: now() }
        bots.push(bot)
        return Effect.succeed(bot)
      }),
    updateBot: () => Effect.die("not used"),
    removeBot: () => Effect.die("not used"),
    searchBots: () => Effect.die("not used"),
    listCategories: () => Effect.sync(() => [...categories].sort((a, b) => a.order - b.order)),
    getCategory: (key) => Effect.suspend(() => { const c = categories.find((x) => x.key === key); return c ? Effect.succeed(c) : notFound(`category ${key}`) }),
    saveCategory: (c) => Effect.sync(() => { const i = categories.findIndex((x) => x.key === c.key); if (i >= 0) categories[i] = c; else categories.push(c); return c }),
    removeCategory: () => Effect.die("not used"),
    listPrompts: (category) => Effect.sync(() => prompts.filter((p) => category === undefined || p.category === category).sort((a, b) => a.order - b.order)),
    getPrompt: (id) => Effect.suspend(() => { const p = prompts.find((x) => x.id === id); return p ? Effect.succeed(p) : notFound(`prompt ${id}`) }),
    createPrompt: (input) =>
      Effect.suspend(() => {
        if (!categories.some((c) => c.key === input.category)) return notFound(`category ${input.category}`)
        if (prompts.some((p) => p.category === input.category && p.slug === input.slug)) return Effect.fail(new StoreError({ reason: "Conflict", detail: "prompt exists" }))
        const p: Prompt = { ...input, id: ++ids, edited: false }
        prompts.push(p)
        return Effect.succeed(p)
      }),
    updatePrompt: (id, patch) =>
      Effect.suspend(() => {
        const i = prompts.findIndex((p) => p.id === id)
        if (i < 0) return notFound(`prompt ${id}`)
        const { temperature, group, ...rest } = patch
        const p: Prompt = { ...prompts[i]!, ...rest, edited: true }
        prompts[i] = p
        void temperature
        void group
        return Effect.succeed(p)
      }),
    removePrompt: () => Effect.die("not used"),
    searchPrompts: () => Effect.die("not used"),
    loadSuite: (suite) =>
      Effect.sync(() => {
        const i = categories.findIndex((c) => c.key === suite.category.key)
        if (i >= 0) categories[i] = suite.category
        else categories.push(suite.category)
        let added = 0
        for (const input of suite.prompts) {
          if (prompts.some((p) => p.category === input.category && p.slug === input.slug)) continue
          prompts.push({ ...input, id: ++ids, edited: false })
          added++
        }
        return { category: suite.category.key, added, updated: 0, unchanged: suite.prompts.length - added, keptEdited: 0 }
      }),
    exportSuite: () => Effect.die("not used"),
    startRun: (start) =>
      Effect.sync(() => {
        const bot = bots.find((b) => b.id === start.botId)!
        void bot
        const run: Run = {
          id: ++ids, botId: start.botId, promptId: start.promptId, provider: start.provider, model: start.model, answeredModel: null, demo: start.demo,
          status: "streaming", request: start.request, output: "", reasoning: "", error: null, startedAt: start.startedAt, endedAt: null,
          ttftMs: null, generationMs: null, totalMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, speedSource: null,
          serverTtftMs: null, stopReason: null, serverStats: null, modelInfo: null, runtime: null
        }
        runs.push(run)
        return run
      }),
    updateRun: (id, progress) =>
      Effect.suspend(() => {
        const i = runs.findIndex((r) => r.id === id)
        if (i < 0) return notFound(`run ${id}`)
        const defined = Object.fromEntries(Object.entries(progress).filter(([, v]) => v !== undefined))
        runs[i] = { ...runs[i]!, ...defined }
        return Effect.void
      }),
    addManualRun: () => Effect.die("not used"),
    getRun: (id) => Effect.suspend(() => { const r = runs.find((x) => x.id === id); return r ? Effect.succeed(r) : notFound(`run ${id}`) }),
    listRuns: (filter = {}) =>
      Effect.sync(() =>
        runs
          .filter((r) => (filter.botId === undefined || r.botId === filter.botId) && (filter.promptId === undefined || r.promptId === filter.promptId) && (filter.status === undefined || r.status === filter.status))
          .filter((r) => filter.category === undefined || prompts.find((p) => p.id === r.promptId)?.category === filter.category)
          .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : b.id - a.id))
          .slice(0, filter.limit ?? Infinity)
      ),
    removeRun: () => Effect.die("not used"),
    searchOutputs: () => Effect.die("not used"),
    scoreRun: (input) =>
      Effect.suspend(() => {
        const run = runs.find((r) => r.id === input.runId)
        if (!run) return notFound(`run ${input.runId}`)
        const prompt = prompts.find((p) => p.id === run.promptId)!
        if (!(input.points >= 0 && input.points <= prompt.points)) return Effect.fail(new StoreError({ reason: "Invalid", detail: `points must be 0 … ${prompt.points}` }))
        const i = scores.findIndex((s) => s.runId === run.id)
        const pinned = i >= 0 ? scores[i]!.pinned : false
        if (i >= 0) scores.splice(i, 1)
        const score: Score = { id: ++ids, runId: run.id, points: input.points, note: input.note ?? "", source: input.source ?? "manual", pinned, detail: input.detail ?? null, createdAt: now() }
        scores.push(score)
        return Effect.succeed(score)
      }),
    pinRun: (runId, pinned) =>
      Effect.suspend(() => {
        const run = runs.find((r) => r.id === runId)
        const score = scores.find((s) => s.runId === runId)
        if (!run || !score) return notFound(`score of run ${runId}`)
        for (const s of scores) {
          const r = runs.find((x) => x.id === s.runId)!
          if (r.botId === run.botId && r.promptId === run.promptId) Object.assign(s, { pinned: false })
        }
        Object.assign(score, { pinned })
        return Effect.void
      }),
    listScores: (filter = {}) =>
      Effect.sync(() => {
        const c = counted()
        return scores
          .map((score) => ({ score, run: runs.find((r) => r.id === score.runId)!, counted: c.has(score.id) }))
          .filter((s) => filter.botId === undefined || s.run.botId === filter.botId)
          .filter((s) => filter.category === undefined || prompts.find((p) => p.id === s.run.promptId)?.category === filter.category)
      }),
    leaderboard: () =>
      Effect.sync(() => {
        const c = counted()
        return bots.map((bot): LeaderboardTotals => {
          const points: Record<string, number> = {}
          let scored = 0
          for (const s of scores) {
            if (!c.has(s.id)) continue
            const run = runs.find((r) => r.id === s.runId)!
            if (run.botId !== bot.id) continue
            const category = prompts.find((p) => p.id === run.promptId)!.category
            points[category] = (points[category] ?? 0) + s.points
            scored++
          }
          const mine = runs.filter((r) => r.botId === bot.id)
          const complete = mine.filter((r) => r.status === "complete")
          const avg = (xs: Array<number>) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)
          return {
            botId: bot.id, bot: bot.name, provider: bot.provider, model: bot.model, points, scored, runs: mine.length,
            avgTokensPerSecond: avg(complete.flatMap((r) => (r.tokensPerSecond === null ? [] : [r.tokensPerSecond]))),
            avgTtftMs: avg(complete.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])))
          }
        })
      })
  }
  return service
}

export const memoryStoreLayer = () => Layer.sync(Store.Store, memoryStore)
