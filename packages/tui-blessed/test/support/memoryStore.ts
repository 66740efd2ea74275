import { Effect, Layer } from "effect"
import { InvalidInput, Store, StoreError, type Bot, type BotInput, type Category, type LeaderboardTotals, type Prompt, type Run, type Score } from "@llp/core"

/**
 * An in-memory Store for tests that do not need SQLite (and for lists of 10,000 bots, which would
 * take long to insert one by one). Search is a substring match with the match in [ ].
 */
export const makeMemoryStore = (): Store.Service => {
  const bots: Array<Bot> = []
  const categories: Array<Category> = []
  const prompts: Array<Prompt> = []
  const runs: Array<Run> = []
  const scores: Array<Score> = []
  let ids = { bot: 0, prompt: 0, run: 0, score: 0 }
  const now = () => new Date().toISOString()
  const notFound = (what: string) => Effect.fail(new StoreError({ reason: "NotFound", detail: `no ${what}` }))
  const snippet = (text: string, q: string) => {
    const i = text.toLowerCase().indexOf(q.toLowerCase())
    return i < 0 ? null : `${text.slice(Math.max(0, i - 20), i)}[${text.slice(i, i + q.length)}]${text.slice(i + q.length, i + q.length + 20)}`
  }
  const counted = (): Map<string, Score> => {
    const m = new Map<string, Score>()
    const byRun = new Map(runs.map((r) => [r.id, r]))
    for (const s of [...scores].sort((a, b) => a.id - b.id)) {
      const r = byRun.get(s.runId)
      if (!r) continue
      const key = `${r.botId}:${r.promptId}`
      const prev = m.get(key)
      if (prev?.pinned && !s.pinned) continue
      m.set(key, s)
    }
    return m
  }
  const createBot = (input: BotInput) => {
    if (input.name.trim() === "") return Effect.fail(new InvalidInput({ field: "name", reason: "name must not be empty" }))
    if (bots.some((b) => b.name.toLowerCase() === input.name.toLowerCase())) return Effect.fail(new StoreError({ reason: "Conflict", detail: `a bot named "${input.name}" exists already` }))
    const bot: Bot = { id: ++ids.bot, name: input.name, provider: input.provider, model: input.model, load: input.load ?? {}, sampling: input.sampling ?? {}, meta: input.meta ?? {}, notes: input.notes ?? "", createdAt: now(), updatedAt: now() }
    bots.push(bot)
    return Effect.succeed(bot)
  }
  const service: Store.Service = {
    listBots: () => Effect.succeed([...bots].sort((a, b) => a.name.localeCompare(b.name))),
    getBot: (id) => { const b = bots.find((x) => x.id === id); return b ? Effect.succeed(b) : notFound(`bot ${id}`) },
    findBot: (n) => { const b = bots.find((x) => x.name === n || String(x.id) === n); return b ? Effect.succeed(b) : notFound(`bot ${n}`) },
    createBot,
    updateBot: (id, patch) => {
      const i = bots.findIndex((x) => x.id === id)
      if (i < 0) return notFound(`bot ${id}`)
      const b = bots[i]!
      const next: Bot = { ...b, ...patch, load: { ...b.load, ...patch.load }, sampling: { ...b.sampling, ...patch.sampling }, meta: { ...b.meta, ...patch.meta }, updatedAt: now() } as Bot
      bots[i] = next
      return Effect.succeed(next)
    },
    removeBot: (id) => Effect.sync(() => { const i = bots.findIndex((x) => x.id === id); if (i >= 0) bots.splice(i, 1) }),
    searchBots: (q, limit = 100) =>
      Effect.succeed(bots.flatMap((b) => { const s = snippet(`${b.name} ${b.model} ${b.provider} ${b.notes}`, q); return s === null ? [] : [{ item: b, snippet: s, rank: 0 }] }).slice(0, limit)),
    listCategories: () => Effect.succeed([...categories]),
    getCategory: (key) => { const c = categories.find((x) => x.key === key); return c ? Effect.succeed(c) : notFound(`category ${key}`) },
    saveCategory: (c) => Effect.sync(() => { const i = categories.findIndex((x) => x.key === c.key); if (i >= 0) categories[i] = c; else categories.push(c); return c }),
    removeCategory: (key) => Effect.sync(() => { const i = categories.findIndex((x) => x.key === key); if (i >= 0) categories.splice(i, 1); for (let j = prompts.length - 1; j >= 0; j--) if (prompts[j]!.category === key) prompts.splice(j, 1) }),
    listPrompts: (category) => Effect.succeed(prompts.filter((p) => category === undefined || p.category === category)),
    getPrompt: (id) => { const p = prompts.find((x) => x.id === id); return p ? Effect.succeed(p) : notFound(`prompt ${id}`) },
    createPrompt: (input) => Effect.sync(() => { const p: Prompt = { ...input, id: ++ids.prompt, edited: false }; prompts.push(p); return p }),
    updatePrompt: (id, patch) => {
      const i = prompts.findIndex((x) => x.id === id)
      if (i < 0) return notFound(`prompt ${id}`)
      const { temperature, group, ...rest } = patch
      const p = { ...prompts[i]!, ...rest, edited: true } as Prompt & { temperature?: number; group?: string }
      if (temperature !== undefined) { if (temperature === null) delete p.temperature; else p.temperature = temperature }
      if (group !== undefined) { if (group === null) delete p.group; else p.group = group }
      prompts[i] = p
      return Effect.succeed(p)
    },
    removePrompt: (id) => Effect.sync(() => { const i = prompts.findIndex((x) => x.id === id); if (i >= 0) prompts.splice(i, 1) }),
    searchPrompts: (q, limit = 100) =>
      Effect.succeed(prompts.flatMap((p) => { const s = snippet(`${p.title} ${p.text}`, q); return s === null ? [] : [{ item: p, snippet: s, rank: 0 }] }).slice(0, limit)),
    loadSuite: (suite) =>
      Effect.sync(() => {
        const i = categories.findIndex((x) => x.key === suite.category.key)
        if (i >= 0) categories[i] = suite.category; else categories.push(suite.category)
        let added = 0
        for (const p of suite.prompts) if (!prompts.some((x) => x.category === p.category && x.slug === p.slug)) { prompts.push({ ...p, id: ++ids.prompt, edited: false }); added++ }
        return { category: suite.category.key, added, updated: 0, unchanged: suite.prompts.length - added, keptEdited: 0 }
      }),
    exportSuite: () => Effect.die("not in the memory store"),
    startRun: (start) =>
      Effect.sync(() => {
        const run: Run = { ...start, id: ++ids.run, answeredModel: null, status: "streaming", output: "", reasoning: "", error: null, endedAt: null, ttftMs: null, generationMs: null, totalMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, speedSource: null, serverTtftMs: null, stopReason: null, serverStats: null, modelInfo: null, runtime: null }
        runs.push(run)
        return run
      }),
    updateRun: (id, p) => Effect.sync(() => { const i = runs.findIndex((x) => x.id === id); if (i >= 0) runs[i] = { ...runs[i]!, ...(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as object) } as Run }),
    addManualRun: (m) =>
      Effect.sync(() => {
        const run: Run = { id: ++ids.run, botId: m.botId, promptId: m.promptId, provider: "manual", model: "", answeredModel: null, demo: false, status: "complete", request: null, output: m.output, reasoning: "", error: null, startedAt: now(), endedAt: now(), ttftMs: m.ttftMs ?? null, generationMs: null, totalMs: null, promptTokens: null, completionTokens: m.completionTokens ?? null, tokensPerSecond: m.tokensPerSecond ?? null, speedSource: m.tokensPerSecond === undefined ? null : "manual", serverTtftMs: null, stopReason: m.stopReason ?? null, serverStats: null, modelInfo: null, runtime: null }
        runs.push(run)
        return run
      }),
    getRun: (id) => { const r = runs.find((x) => x.id === id); return r ? Effect.succeed(r) : notFound(`run ${id}`) },
    listRuns: (f = {}) =>
      Effect.succeed(
        runs
          .filter((r) => (f.botId === undefined || r.botId === f.botId) && (f.promptId === undefined || r.promptId === f.promptId) && (f.status === undefined || r.status === f.status))
          .sort((a, b) => b.id - a.id)
          .slice(0, f.limit ?? 1e9)
      ),
    removeRun: (id) => Effect.sync(() => { const i = runs.findIndex((x) => x.id === id); if (i >= 0) runs.splice(i, 1) }),
    searchOutputs: () => Effect.succeed([]),
    scoreRun: (input) => {
      const run = runs.find((r) => r.id === input.runId)
      if (!run) return notFound(`run ${input.runId}`)
      const p = prompts.find((x) => x.id === run.promptId)!
      if (input.points < 0 || input.points > p.points) return Effect.fail(new InvalidInput({ field: "points", reason: `must be between 0 and ${p.points}` }))
      const i = scores.findIndex((s) => s.runId === input.runId)
      const score: Score = { id: ++ids.score, runId: input.runId, points: input.points, note: input.note ?? "", source: input.source ?? "manual", pinned: i >= 0 ? scores[i]!.pinned : false, detail: input.detail ?? null, createdAt: now() }
      if (i >= 0) scores.splice(i, 1)
      scores.push(score)
      return Effect.succeed(score)
    },
    pinRun: (runId, pinned) => Effect.sync(() => { const i = scores.findIndex((s) => s.runId === runId); if (i >= 0) scores[i] = { ...scores[i]!, pinned } }),
    listScores: (f = {}) =>
      Effect.sync(() => {
        const c = counted()
        return scores
          .map((score) => ({ score, run: runs.find((r) => r.id === score.runId)! }))
          .filter((x) => x.run && (f.botId === undefined || x.run.botId === f.botId) && (f.category === undefined || prompts.find((p) => p.id === x.run.promptId)?.category === f.category))
          .map((x) => ({ ...x, counted: c.get(`${x.run.botId}:${x.run.promptId}`)?.id === x.score.id }))
      }),
    leaderboard: () =>
      Effect.sync(() => {
        const c = counted()
        return bots.map((b): LeaderboardTotals => {
          const points: Record<string, number> = {}
          let scored = 0
          for (const [key, s] of c) {
            const [botId, promptId] = key.split(":").map(Number)
            if (botId !== b.id) continue
            const p = prompts.find((x) => x.id === promptId)
            if (!p) continue
            points[p.category] = (points[p.category] ?? 0) + s.points
            scored++
          }
          const done = runs.filter((r) => r.botId === b.id && r.status === "complete")
          const tps = done.filter((r) => r.tokensPerSecond !== null)
          const ttft = done.filter((r) => r.ttftMs !== null)
          return {
            botId: b.id, bot: b.name, provider: b.provider, model: b.model, points, scored,
            runs: runs.filter((r) => r.botId === b.id).length,
            avgTokensPerSecond: tps.length ? tps.reduce((a, r) => a + r.tokensPerSecond!, 0) / tps.length : null,
            avgTtftMs: ttft.length ? ttft.reduce((a, r) => a + r.ttftMs!, 0) / ttft.length : null
          }
        })
      })
  }
  return service
}

export const memoryStoreLayer = () => Layer.sync(Store.Store, makeMemoryStore)
