import { Archive, ArchiveError, paramsKey, safeFileName, Store } from "@llp/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { scoreFileData, writeScoreFiles } from "../src/index.js"
import { sqliteStoreLayer } from "./store.js"
import { seedWorkspace } from "./seed.js"

/** An archive that keeps what it is given, at the paths the real one uses. */
const recordingArchive = (written: Map<string, unknown>) =>
  Layer.succeed(Archive.Archive, {
    root: "/ws/llm_outputs",
    save: () => Effect.die("not used"),
    writeScores: (category, modelName, data) =>
      Effect.sync(() => {
        const path = `/ws/llm_outputs/${category}/scores/score-${safeFileName(modelName)}.json`
        written.set(path, JSON.parse(JSON.stringify(data)))
        return path
      }),
    read: () => Effect.succeed(null),
    filesOf: () => Effect.die("not used"),
    planRename: () => Effect.die("not used"),
    moveFiles: () => Effect.die("not used"),
    removeFiles: () => Effect.die("not used"),
    pathOf: (category, fileName) => `/ws/llm_outputs/${category}/${fileName}`
  })

describe("score files", () => {
  const storeLayer = sqliteStoreLayer
  const inWorkspace = <A, E>(effect: Effect.Effect<A, E, Store.Store | Archive.Archive>, written = new Map<string, unknown>()) =>
    Effect.runPromise(Effect.scoped(Effect.provide(Effect.zipRight(seedWorkspace, effect), Layer.merge(storeLayer(), recordingArchive(written)))))

  it("say what the leaderboard counts: the mean of every scored repeat (issue 12) next to the counted run's score", async () => {
    const data = await inWorkspace(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const bot = yield* store.findBot('Llama "3.3", 70B')
        const pinned = (yield* store.listScores({ botId: bot.id })).find((s) => s.score.pinned)!
        yield* store.pinRun(pinned.run.id, false)
        return scoreFileData(bot, yield* store.getCategory("booting"), yield* store.listScores(), yield* store.listPrompts(), paramsKey(bot))
      })
    )
    const teaching = data.prompts.find((p) => p.prompt === "teaching")!
    expect(teaching.repeats).toBe(2)
    expect(teaching.pointsScored).not.toBe(30) // the latest run's, now that none is pinned
    expect(teaching.pointsMean).toBe((30 + teaching.pointsScored!) / 2)
    expect(data.totals.pointsMean).toBe(teaching.pointsMean)
  })

  it("leave out a score on a cancelled run, as the leaderboard does, unless it is pinned", async () => {
    const data = await inWorkspace(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const bot = yield* store.findBot('Llama "3.3", 70B')
        const teaching = (yield* store.listPrompts()).find((p) => p.slug === "teaching")!
        const pinned = (yield* store.listScores({ botId: bot.id })).find((s) => s.score.pinned)!
        yield* store.pinRun(pinned.run.id, false)
        const cut = yield* store.startRun({ botId: bot.id, promptId: teaching.id, provider: "lmstudio", model: bot.model, demo: false, request: {}, startedAt: "2026-01-02T00:00:00.000Z" })
        yield* store.updateRun(cut.id, { status: "cancelled", output: "half", reasoning: "" })
        yield* store.scoreRun({ runId: cut.id, points: 1 })
        const file = () => Effect.flatMap(store.listScores(), (scores) => Effect.map(store.listPrompts(), (prompts) => scoreFileData(bot, { key: "booting", title: "Booting" }, scores, prompts, paramsKey(bot))))
        const unpinned = yield* file()
        yield* store.pinRun(cut.id, true)
        return { unpinned, pinned: yield* file(), cut: cut.id }
      })
    )
    const before = data.unpinned.prompts.find((p) => p.prompt === "teaching")!
    // the two complete repeats count (as in the test above), the cancelled run's 1 point in neither column
    expect(before.repeats).toBe(2)
    expect(before.runId).not.toBe(data.cut)
    expect(before.pointsScored).not.toBe(1)
    expect(before.pointsMean).toBe((30 + before.pointsScored!) / 2)
    expect(data.pinned.prompts.find((p) => p.prompt === "teaching")).toMatchObject({ pointsScored: 1, pointsMean: 1, repeats: 1, runId: data.cut, pinned: true })
  })

  it("hold every prompt of the category, the counted score where there is one, and the totals", async () => {
    const data = await inWorkspace(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const bot = yield* store.findBot('Llama "3.3", 70B')
        return scoreFileData(bot, yield* store.getCategory("booting"), yield* store.listScores(), yield* store.listPrompts())
      })
    )
    expect(data).toMatchObject({
      llp: "scores",
      version: 1,
      bot: 'Llama "3.3", 70B',
      provider: "lmstudio",
      model: "llama-3.3-70b-instruct",
      category: "booting",
      categoryTitle: "Booting",
      totals: { pointsPossible: 85, pointsScored: 30, scored: 1, prompts: 2, avgTokensPerSecond: 17.25 }
    })
    expect(data.prompts).toEqual([
      // the pinned run's score counts, not the later one
      // (pointsMean: what the leaderboard counts, the pinned score alone here)
      { prompt: "teaching", title: "teaching title", pointsPossible: 40, pointsScored: 30, note: "good\nbut long", source: "manual", pinned: true, runId: expect.any(Number), tokensPerSecond: 17.25, pointsMean: 30, repeats: 1 },
      { prompt: "translating", title: "Translating, edited", pointsPossible: 45, pointsScored: null, note: null, source: null, pinned: false, runId: null, tokensPerSecond: null, pointsMean: null, repeats: 0 }
    ])
  })

  it("are written for each category where the bot has scores, or for the one asked for", async () => {
    const written = new Map<string, unknown>()
    const paths = await inWorkspace(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const viet = yield* store.findBot("Mô hình tiếng Việt 🦙")
        const formula = yield* store.findBot("=cmd|' /C calc'!A0")
        return [yield* writeScoreFiles(viet.id), yield* writeScoreFiles(formula.id, "dich-thuat")]
      }),
      written
    )
    expect(paths).toEqual([
      ["/ws/llm_outputs/booting/scores/score-Mô-hình-tiếng-Việt-🦙.json", "/ws/llm_outputs/dich-thuat/scores/score-Mô-hình-tiếng-Việt-🦙.json"],
      ["/ws/llm_outputs/dich-thuat/scores/score-=cmd_'-_C-calc'!A0.json"]
    ])
    expect(written.get(paths[0]![1]!)).toMatchObject({ totals: { pointsPossible: 170, pointsScored: 160, scored: 1, prompts: 1, avgTokensPerSecond: 51.44 } })
    // a category without scores: the file says so, so an old file does not go on showing points
    expect(written.get(paths[1]![0]!)).toMatchObject({ totals: { pointsScored: 0, scored: 0, prompts: 1, avgTokensPerSecond: null } })
  })

  it("pass on the archive's failure", async () => {
    const failing = Layer.succeed(Archive.Archive, {
      root: "/x",
      save: () => Effect.die("not used"),
      writeScores: () => Effect.fail(new ArchiveError({ path: "/x", reason: "read-only" })),
      read: () => Effect.succeed(null),
      filesOf: () => Effect.die("not used"),
      planRename: () => Effect.die("not used"),
      moveFiles: () => Effect.die("not used"),
      removeFiles: () => Effect.die("not used"),
      pathOf: () => "/x"
    })
    const write = Effect.flatMap(Effect.flatMap(Store.Store, (s) => s.findBot("Mô hình tiếng Việt 🦙")), (b) => writeScoreFiles(b.id))
    const error = await Effect.runPromise(
      Effect.scoped(Effect.provide(Effect.flip(Effect.zipRight(seedWorkspace, write)), Layer.merge(storeLayer(), failing)))
    )
    expect(error).toBeInstanceOf(ArchiveError)
  })
})
