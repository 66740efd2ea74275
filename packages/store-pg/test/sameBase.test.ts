import { Store } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { botInput, lcg, suite } from "@llp/testkit/store-contract"
import { Effect, type Layer } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { PgStore } from "../src/index.js"

// One world written through the Store API into SQLite and into Postgres: the base methods answer the same
// JSON on both (timestamps aside: each store reads its own clock), which is what `llp store copy` and one
// leaderboard fed by several machines rely on. Fractional speeds, names differing in case and diacritics,
// pins, replaced scores and removals are the places where two engines would drift.

const world = Effect.gen(function* () {
  const store = yield* Store.Store
  const random = lcg(2026)
  yield* store.loadSuite(suite("zeta", [["z1", 10], ["z2", 7]]))
  yield* store.loadSuite(suite("alpha-2", [["a1", 5], ["a2", 12], ["a3", 3]]))
  yield* store.loadSuite(suite("alpha", [["x1", 4]]))
  yield* store.loadSuite(suite("beta", [["b1", 8]]))
  const prompts = yield* store.listPrompts()
  const names = ["qwen small", "Qwen Large", "Éclair", "eclair-2", "_under", "Zed", "alpha"]
  const bots = []
  for (const name of names) bots.push(yield* store.createBot(botInput(name, { sampling: { temperature: Math.round(random() * 100) / 100 } })))
  const runs: Array<number> = []
  for (const bot of bots) {
    for (const p of prompts) {
      for (let r = 0; r < 3; r++) {
        const run = yield* store.startRun({ botId: bot.id, promptId: p.id, provider: "p", model: "m", demo: false, request: { r }, startedAt: "2026-01-01T00:00:00.000Z" })
        const failed = random() < 0.1
        yield* store.updateRun(run.id, {
          status: failed ? "failed" : "complete",
          output: `answer of ${bot.name} to ${p.title}, take ${r}: ${failed ? "error" : "pilgrimage"}`,
          reasoning: "",
          tokensPerSecond: random() < 0.1 ? null : 10 + random() * 50,
          ttftMs: random() < 0.1 ? null : 50 + random() * 500
        })
        runs.push(run.id)
        if (!failed && random() < 0.7) yield* store.scoreRun({ runId: run.id, points: Math.round(random() * p.points * 2) / 2, note: r === 0 ? "first" : "" })
        if (random() < 0.05) yield* store.pinRun(run.id, true).pipe(Effect.ignore)
      }
    }
    yield* store.addManualRun({ botId: bot.id, promptId: prompts[0]!.id, output: "by hand", tokensPerSecond: 33.3, ttftMs: 120.7 })
  }
  // replaced scores, removals of runs, a prompt and a bot
  for (const id of runs.filter((_, i) => i % 11 === 0)) yield* store.scoreRun({ runId: id, points: 1 }).pipe(Effect.ignore)
  for (const id of runs.filter((_, i) => i % 13 === 5)) yield* store.removeRun(id)
  yield* store.removePrompt(prompts.find((p) => p.slug === "a2")!.id)
  yield* store.removeBot(bots[3]!.id)
  const ids = <A extends { readonly item: { readonly id: number } }>(hits: ReadonlyArray<A>) => hits.map((h) => h.item.id).sort((a, b) => a - b)
  return {
    leaderboard: yield* store.leaderboard(),
    bots: yield* store.listBots(),
    categories: yield* store.listCategories(),
    prompts: yield* store.listPrompts(),
    runs: yield* store.listRuns(),
    scores: yield* store.listScores(),
    suite: yield* store.exportSuite("alpha-2"),
    searchBots: ids(yield* store.searchBots("eclair")),
    searchPrompts: ids(yield* store.searchPrompts("a1")),
    searchOutputs: (yield* store.searchOutputs("pilgrimage", 500)).map((h) => h.runId).sort((a, b) => a - b)
  }
})

// each store stamps rows with its own clock
const withoutTimes = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v: unknown) => (/^(createdAt|updatedAt|startedAt|endedAt)$/.test(key) ? undefined : v)))

const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("SQLite and Postgres: the base methods", () => {
  it("the same world gives the same leaderboard, listings, scores and search hits on both stores", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llp-same-base-"))
    const db = await createTestDatabase(admin!)
    try {
      const onSqlite = await Effect.runPromise(Effect.provide(world, SqliteStore.layer(join(dir, "llp.sqlite"))))
      const onPg = await Effect.runPromise(Effect.provide(world, PgStore.layer(db.url) as Layer.Layer<Store.Store, unknown>))
      expect(onPg.leaderboard.length).toBe(6)
      expect(onPg.searchOutputs.length).toBeGreaterThan(20)
      expect(JSON.stringify(onPg.leaderboard)).toBe(JSON.stringify(onSqlite.leaderboard))
      for (const key of ["bots", "categories", "prompts", "runs", "scores", "suite", "searchBots", "searchPrompts", "searchOutputs"] as const) {
        expect(withoutTimes(onPg[key]), key).toEqual(withoutTimes(onSqlite[key]))
      }
    } finally {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
