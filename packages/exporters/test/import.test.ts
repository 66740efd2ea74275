import { InvalidInput, Store } from "@llp/core"
import { Effect, type Layer } from "effect"
import { describe, expect, it } from "vitest"
import { documentJson, exportDetails, exportDocument, importDocument, parseDocument } from "../src/index.js"
import { sqliteStoreLayer } from "./store.js"
import { EXPORTED_AT as AT } from "./fixture.js"
import { seedWorkspace } from "./seed.js"

export const roundTripTests = (name: string, layer: () => Layer.Layer<Store.Store, unknown>) =>
  describe(`export → import → export (${name})`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, Store.Store>, l = layer()) => Effect.runPromise(Effect.scoped(Effect.provide(effect, l)))

    it("gives the same JSON, and a second import changes nothing", async () => {
      const first = await run(Effect.zipRight(seedWorkspace, exportDetails(AT)))
      const text = documentJson(first)
      // every store exports the same tournament as the same file
      await expect(text).toMatchFileSnapshot("__golden__/details.json")
      const doc = await Effect.runPromise(parseDocument(text, "export.json"))
      const target = layer()
      const { report, again, second } = await run(
        Effect.gen(function* () {
          const report = yield* importDocument(doc)
          const again = yield* importDocument(doc)
          const second = yield* exportDetails(AT)
          return { report, again, second }
        }),
        target
      )
      expect(documentJson(second)).toBe(text)
      expect(report).toEqual({
        categories: { added: 2, matched: 0 },
        prompts: { added: 3, matched: 0 },
        bots: { added: 3, matched: 0 },
        runs: { added: 7, matched: 0 },
        scores: { added: 6, matched: 0, pinned: 1 },
        arenaVotes: { added: 0, matched: 0 },
        judgeScores: { added: 0, matched: 0 },
        judgePairs: { added: 0, matched: 0 },
        skipped: []
      })
      expect(again).toEqual({
        categories: { added: 0, matched: 2 },
        prompts: { added: 0, matched: 3 },
        bots: { added: 0, matched: 3 },
        runs: { added: 0, matched: 7 },
        scores: { added: 0, matched: 6, pinned: 0 },
        arenaVotes: { added: 0, matched: 0 },
        judgeScores: { added: 0, matched: 0 },
        judgePairs: { added: 0, matched: 0 },
        skipped: []
      })
      // the pinned, older score is the one that counts, on both sides
      expect(second.leaderboard.find((r) => r.bot === 'Llama "3.3", 70B')?.points).toEqual({ booting: 30, "dich-thuat": 150 })
      expect(second.prompts?.find((p) => p.slug === "translating")?.edited).toBe(true)
    })

    it("merges into a workspace that has part of it, without duplicates", async () => {
      const doc = await run(Effect.zipRight(seedWorkspace, exportDetails(AT)))
      const out = await run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          yield* store.loadSuite({
            category: { key: "booting", title: "Booting here", systemPrompt: "", temperature: 0.5, order: 0 },
            prompts: [{ category: "booting", slug: "teaching", order: 1, title: "Local teaching", text: "local", points: 40, useSystemPrompt: true, rubric: [] }]
          })
          const local = yield* store.createBot({ name: "Mô hình tiếng Việt 🦙", provider: "local", model: "local-model" })
          const prompt = (yield* store.listPrompts("booting"))[0]!
          const r = yield* store.startRun({ botId: local.id, promptId: prompt.id, provider: "local", model: "x", demo: true, request: null, startedAt: "2024-12-31T00:00:00.000Z" })
          yield* store.updateRun(r.id, { status: "complete", output: "mine", reasoning: "" })
          yield* store.scoreRun({ runId: r.id, points: 7 })
          const report = yield* importDocument(doc)
          return { report, bots: yield* store.listBots(), categories: yield* store.listCategories(), prompts: yield* store.listPrompts(), runs: yield* store.listRuns(), after: yield* exportDetails(AT) }
        })
      )
      expect(out.report.categories).toEqual({ added: 1, matched: 1 })
      expect(out.report.prompts).toEqual({ added: 2, matched: 1 })
      expect(out.report.bots).toEqual({ added: 2, matched: 1 })
      expect(out.bots).toHaveLength(3)
      expect(out.categories.find((c) => c.key === "booting")?.title).toBe("Booting here")
      expect(out.prompts.find((p) => p.slug === "teaching")?.title).toBe("Local teaching")
      expect(out.bots.find((b) => b.name === "Mô hình tiếng Việt 🦙")?.provider).toBe("local")
      expect(out.runs).toHaveLength(8)
      expect(out.after.scores).toHaveLength(7)
    })

    it("keeps the parameters each run was sent: an imported run counts for a bot only while its parameters are the same", async () => {
      const doc = await run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          yield* seedWorkspace
          const bot = yield* store.createBot({ name: "Sent params", provider: "demo", model: "m", sampling: { temperature: 0.3 } })
          const prompt = (yield* store.listPrompts())[0]!
          const r = yield* store.startRun({ botId: bot.id, promptId: prompt.id, provider: "demo", model: "m", demo: true, request: null, startedAt: "2025-02-01T00:00:00.000Z", sentParams: { load: {}, sampling: { temperature: 0.3 } } })
          yield* store.updateRun(r.id, { status: "complete", output: "x", reasoning: "" })
          return yield* exportDetails(AT)
        })
      )
      const exported = doc.runs!.find((r) => r.bot === "Sent params")!
      expect(exported).toMatchObject({ sentParams: { load: {}, sampling: { temperature: 0.3 } }, paramsKey: expect.any(String) })
      const imported = await run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          // the same name here, with other sampling parameters: the imported run is not one of its current runs
          yield* store.createBot({ name: "Sent params", provider: "demo", model: "m", sampling: { temperature: 0.9 } })
          yield* importDocument(doc)
          return (yield* store.listRuns()).find((r) => r.startedAt === "2025-02-01T00:00:00.000Z")!
        })
      )
      expect(imported.sentParams).toEqual({ load: {}, sampling: { temperature: 0.3 } })
      expect(imported.paramsKey).toBe(exported.paramsKey)
    })

    it("skips a score worth more than the workspace's own prompt, and says so", async () => {
      const doc = await run(Effect.zipRight(seedWorkspace, exportDetails(AT)))
      const report = await run(
        Effect.gen(function* () {
          const store = yield* Store.Store
          yield* store.loadSuite({
            category: { key: "dich-thuat", title: "Dịch", systemPrompt: "", temperature: 0.1, order: 1 },
            prompts: [{ category: "dich-thuat", slug: "kinh", order: 1, title: "Kinh", text: "x", points: 100, useSystemPrompt: true, rubric: [] }]
          })
          return yield* importDocument(doc)
        })
      )
      expect(report.scores.added).toBe(4)
      expect(report.skipped).toHaveLength(2)
      expect(report.skipped[0]).toMatch(/"dich-thuat\/kinh".*150 points, but the prompt here is worth 100/)
    })

    it("refuses an export without details", async () => {
      const error = await run(Effect.flip(Effect.flatMap(Effect.zipRight(seedWorkspace, exportDocument({ exportedAt: AT })), importDocument)))
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error.message).toMatch(/^file: this export has no details .* export it with --details/)
    })
  })

roundTripTests("SQLite store", sqliteStoreLayer)

describe("importDocument", () => {
  it("refuses a document whose references point at nothing", async () => {
    const doc = await Effect.runPromise(Effect.provide(Effect.zipRight(seedWorkspace, exportDetails(AT)), sqliteStoreLayer()))
    const broken = { ...doc, runs: doc.runs!.map((r, i) => (i === 2 ? { ...r, bot: "ghost" } : r)) }
    const error = await Effect.runPromise(Effect.provide(Effect.flip(importDocument(broken)), sqliteStoreLayer()))
    expect(error.message).toBe('runs[2].bot: no bot named "ghost" in bots')
  })
})
