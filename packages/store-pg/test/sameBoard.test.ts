import { loadStatsBoard, Store } from "@llp/core"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { botInput, lcg, suite } from "@llp/testkit/store-contract"
import { SqliteStore } from "@llp/store-sqlite"
import { Effect, Layer } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { PgStore } from "../src/index.js"

const world = Effect.gen(function* () {
  const store = yield* Store.Store
  const random = lcg(42)
  yield* store.loadSuite(suite("booting", [["teach", 40], ["code", 45], ["fix", 20]]))
  yield* store.loadSuite(suite("general", [["easy", 10], ["hard", 30], ["odd", 15]]))
  const prompts = yield* store.listPrompts()
  const bots = []
  for (let i = 0; i < 6; i++) bots.push(yield* store.createBot(botInput(`Bot ${i}`)))
  const judge = bots[5]!
  for (const bot of bots.slice(0, 5)) {
    for (const p of prompts) {
      for (let r = 0; r < 3; r++) {
        const run = yield* store.startRun({ botId: bot.id, promptId: p.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "2026-01-01T00:00:00.000Z" })
        yield* store.updateRun(run.id, { status: "complete", output: `answer ${bot.id} ${p.id} ${r}`, reasoning: "", tokensPerSecond: Math.round(20 + random() * 40), ttftMs: Math.round(100 + random() * 400) })
        if (random() < 0.8) yield* store.scoreRun({ runId: run.id, points: Math.round(random() * p.points) })
        else yield* store.saveJudgeScore({ runId: run.id, judgeBotId: judge.id, status: "scored", points: Math.round(random() * p.points), maxPoints: p.points, partial: false, items: [], raw: [], error: null, seed: 1, order: [] })
        if (random() < 0.05) yield* store.pinRun(run.id, true).pipe(Effect.ignore)
      }
    }
    if (bot.id === bots[2]!.id) yield* store.updateBot(bot.id, { sampling: { temperature: 0.9 } })
  }
  const answers = yield* store.listArenaAnswers()
  for (let i = 0; i + 1 < answers.length; i += 7) {
    const [l, r] = [answers[i]!, answers[i + 1]!]
    if (l.promptId !== r.promptId || l.botId === r.botId) continue
    const verdict = (["left", "right", "tie", "bad"] as const)[Math.floor(random() * 4)]!
    yield* store.addArenaVote({ duel: `d${i}`, leftRunId: l.runId, rightRunId: r.runId, verdict, source: "manual", createdAt: "2026-01-02T00:00:00.000Z" })
  }
  const group = yield* store.ensureGroup("Bot 0 sweep", bots[0]!.id)
  for (const bot of bots.slice(1, 4).reverse()) yield* store.addToGroup(group.id, bot.id)
  const board = yield* loadStatsBoard({ resamples: 300, withJudge: true })
  const again = yield* loadStatsBoard({ resamples: 300, withJudge: true })
  const samples = yield* store.statSamples({ allParams: true })
  return {
    board: board.rows,
    cachedSame: JSON.stringify(again.rows) === JSON.stringify(board.rows),
    samples,
    judgePoints: [...(yield* store.judgePoints())].sort((a, b) => a.botId - b.botId || a.category.localeCompare(b.category)),
    speed: [...(yield* store.speedByBot(null))].sort((a, b) => a.botId - b.botId),
    answers,
    votes: yield* store.listArenaVotes(),
    groups: yield* store.listGroups()
  }
})

// One world written through the Store API into SQLite and into Postgres: what LLP shows from the statistics,
// judge, speed, Arena and group methods is the same JSON on both (the change counters differ: Postgres bumps
// once per statement, and only on changed values).
const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("SQLite and Postgres", () => {
  it("the same world gives the same statistics board, samples, judge points, speeds, Arena answers and votes, and groups on both stores", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llp-cross-"))
    const db = await createTestDatabase(admin!)
    try {
      const onSqlite = await Effect.runPromise(Effect.provide(world, SqliteStore.layer(join(dir, "llp.sqlite"))))
      const onPg = await Effect.runPromise(Effect.provide(world, PgStore.layer(db.url) as Layer.Layer<Store.Store, unknown>))
      expect(onPg.cachedSame).toBe(true)
      expect(onSqlite.cachedSame).toBe(true)
      const noEpoch = (s: typeof onPg.samples) => s.map(({ epoch: _, ...rest }) => rest)
      expect(noEpoch(onPg.samples)).toEqual(noEpoch(onSqlite.samples))
      expect(onPg.judgePoints).toEqual(onSqlite.judgePoints)
      expect(onPg.speed).toEqual(onSqlite.speed)
      expect(onPg.answers).toEqual(onSqlite.answers)
      expect(onPg.votes.length).toBeGreaterThan(3)
      expect(onPg.votes).toEqual(onSqlite.votes)
      expect(onPg.groups).toEqual(onSqlite.groups)
      expect(JSON.stringify(onPg.board)).toBe(JSON.stringify(onSqlite.board))
    } finally {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it("fractional speeds, times and judge points sum the same on both (SQLite's compensated sum: llp_sum, llp_avg)", async () => {
    // figures that are not integers: a plain float sum and SQLite's Kahan–Babuška–Neumaier sum part in the last digits
    const fractional = Effect.gen(function* () {
      const store = yield* Store.Store
      const random = lcg(7)
      yield* store.loadSuite(suite("frac", [["a", 10], ["b", 10], ["c", 10], ["d", 10]]))
      const prompts = yield* store.listPrompts()
      const bots = []
      for (let i = 0; i < 4; i++) bots.push(yield* store.createBot(botInput(`Frac ${i}`)))
      const judge = bots[3]!
      for (const bot of bots.slice(0, 3)) {
        for (let r = 0; r < 40; r++) {
          const p = prompts[r % prompts.length]!
          const run = yield* store.startRun({ botId: bot.id, promptId: p.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "2026-01-01T00:00:00.000Z" })
          const cold = r % 5 === 0
          yield* store.updateRun(run.id, {
            status: "complete",
            output: `x ${r}`,
            reasoning: "",
            tokensPerSecond: 0.1 + random() * 97.3,
            ttftMs: random() * 1000 / 3,
            warmTtftMs: r % 3 === 0 ? null : random() * 100 / 7,
            cold,
            loadMs: cold ? random() * 5000 / 3 : null
          })
          if (r < prompts.length) yield* store.saveJudgeScore({ runId: run.id, judgeBotId: judge.id, status: "scored", points: (random() * 100) / 11, maxPoints: p.points, partial: false, items: [], raw: [], error: null, seed: 1, order: [] })
        }
      }
      return {
        speed: [...(yield* store.speedByBot(null))].sort((a, b) => a.botId - b.botId),
        judgePoints: [...(yield* store.judgePoints())].sort((a, b) => a.botId - b.botId || a.category.localeCompare(b.category))
      }
    })
    const dir = await mkdtemp(join(tmpdir(), "llp-frac-"))
    const db = await createTestDatabase(admin!)
    try {
      const onSqlite = await Effect.runPromise(Effect.provide(fractional, SqliteStore.layer(join(dir, "llp.sqlite"))))
      const onPg = await Effect.runPromise(Effect.provide(fractional, PgStore.layer(db.url) as Layer.Layer<Store.Store, unknown>))
      expect(onSqlite.speed.some((s) => !Number.isInteger(s.avgTokensPerSecond))).toBe(true)
      expect(onPg.speed).toEqual(onSqlite.speed)
      expect(onPg.judgePoints).toEqual(onSqlite.judgePoints)
    } finally {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
