import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Either, Layer } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { Archive, defaultConfig, goFiles, Store, Workspace } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { makeArchive } from "@llp/workspace"
import { GO_MISSING_MESSAGE } from "../src/errors.js"
import { evalSwe, type BotEval } from "../src/evalSwe.js"
import { fixture, hasGo, noGoReason, referenceDir } from "./helpers.js"

/** The real store, a SQLite file in the test's workspace: the swe category and prompt, the bots, and runs (oldest first). */
const workspaceStore = (botNames: ReadonlyArray<string>, runs: ReadonlyArray<readonly [bot: string, status: "complete" | "failed"]> = []) => {
  const layer = SqliteStore.layer(path.join(root, "db", "llp.sqlite"))
  const query = <A>(f: (store: Store.Service) => Effect.Effect<A, unknown>) => Effect.runPromise(Effect.flatMap(Store.Store, f).pipe(Effect.provide(layer)))
  const seed = query((store) =>
    Effect.gen(function* () {
      yield* store.saveCategory({ key: "swe", title: "Software Engineering", systemPrompt: "", temperature: 0.1, order: 6 })
      const prompt = yield* store.createPrompt({ category: "swe", slug: "task-intexpr", order: 1, title: "Task: intexpr", text: "Write intexpr.", points: 500, useSystemPrompt: true, rubric: [{ points: 500, text: "see the scorer" }] })
      const bots = new Map<string, number>()
      for (const name of botNames) bots.set(name, (yield* store.createBot({ name, provider: "lmstudio", model: name.toLowerCase() })).id)
      const runIds: Array<number> = []
      for (const [name, status] of runs) {
        const r = yield* store.startRun({ botId: bots.get(name)!, promptId: prompt.id, provider: "lmstudio", model: "m", demo: false, request: {}, startedAt: "2025-01-02T03:04:05.000Z" })
        yield* store.updateRun(r.id, { status, output: "an answer", reasoning: "", endedAt: "2025-01-02T03:04:06.000Z" })
        runIds.push(r.id)
      }
      return { bots, runIds }
    })
  )
  return { layer, query, seed }
}

let root: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "llp-swe-evalswe-"))
  fs.mkdirSync(path.join(root, "llm_outputs", "swe"), { recursive: true })
  fs.mkdirSync(path.join(root, "db"))
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

const layers = (store: ReturnType<typeof workspaceStore>) =>
  Layer.mergeAll(
    Layer.orDie(store.layer),
    Layer.succeed(Archive.Archive, makeArchive(path.join(root, "llm_outputs"))),
    Layer.succeed(Workspace.Workspace, { root, configFile: path.join(root, "llp.config.json"), dbFile: path.join(root, "db", "llp.sqlite"), outputsDir: path.join(root, "llm_outputs"), config: defaultConfig })
  )

const place = (modelName: string, files: { code?: string; test?: string }) => {
  if (files.code !== undefined) fs.writeFileSync(path.join(root, "llm_outputs", "swe", `${modelName}.go`), files.code)
  if (files.test !== undefined) fs.writeFileSync(path.join(root, "llm_outputs", "swe", `${modelName}_test.go`), files.test)
}

const scoreFile = (modelName: string) => path.join(root, "llm_outputs", "swe", "scores", `score-${modelName}.json`)

describe("evalSwe without go", () => {
  it("says plainly that Go is needed and scores nothing", async () => {
    const store = workspaceStore(["Good"])
    await store.seed
    place("Good", fixture("good"))
    const r = await Effect.runPromise(evalSwe({ searchPath: "/nonexistent" }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "SweError", reason: "GoMissing", message: GO_MISSING_MESSAGE })
    expect(await store.query((s) => s.listScores())).toEqual([])
    expect(fs.existsSync(scoreFile("Good"))).toBe(false)
  })
})

describe.skipIf(!hasGo)(`evalSwe${noGoReason}`, () => {
  it("scores every bot with swe files, writes its score file and records a pinned automatic score", async () => {
    // Good Bot has two complete runs and a failed one: the latest complete gets the score.
    const store = workspaceStore(["Good Bot/v1", "Broken", "No Files", "Only Code", "Bad Header", "Adjusted"], [["Good Bot/v1", "complete"], ["Good Bot/v1", "complete"], ["Good Bot/v1", "failed"]])
    const { bots, runIds } = await store.seed
    place("Good-Bot_v1", fixture("good")) // safeFileName("Good Bot/v1")
    place("Broken", fixture("broken"))
    place("Only-Code", { code: fixture("good").code })
    const good = fixture("good")
    place("Bad-Header", { code: good.code.replace("explanation: 55", "explanation: 600"), test: good.test })
    place("Adjusted", { code: good.code.replace("adjustment: 0", "adjustment: 1"), test: good.test })

    const results = await Effect.runPromise(evalSwe({ timeoutMs: 20_000, referenceDir }).pipe(Effect.provide(layers(store))))
    const by = (name: string) => results.find((r) => r.bot === name) as BotEval
    // in the order of the bot list, by name; No Files has nothing to evaluate
    expect(results.map((r) => [r.bot, r.status])).toEqual([
      ["Adjusted", "scored"],
      ["Bad Header", "failed"],
      ["Broken", "scored"],
      ["Good Bot/v1", "scored"],
      ["Only Code", "skipped"]
    ])

    const g = by("Good Bot/v1")
    if (g.status !== "scored") throw new Error("not scored")
    expect(g).toMatchObject({ modelName: "Good-Bot_v1", runId: runIds[1], createdRun: false, points: 491 })
    expect(g.result.parts).toEqual({ runnable: 50, correct: 250, coverage: 118, explanation: 55, suggestions: 18 })
    const file = JSON.parse(fs.readFileSync(scoreFile("Good-Bot_v1"), "utf8"))
    expect(file).toMatchObject({ bot: "Good Bot/v1", verdict: "ok", total: 491, parts: g.result.parts, goVersion: expect.stringMatching(/^go1\./) })
    expect(file.evidence.reference).toMatchObject({ passed: 40, total: 40 })
    expect(file.evidence.own.coverage).toBe(98.7)
    expect(file.files.code.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(g.scoreFile).toBe(scoreFile("Good-Bot_v1"))

    const b = by("Broken")
    if (b.status !== "scored") throw new Error("not scored")
    expect(b).toMatchObject({ createdRun: true, points: 50 })
    expect(b.result.verdict).toBe("does not build")
    // placed by hand: a run made from the files, with the header's speed
    const [manual, ...more] = await store.query((s) => s.listRuns({ botId: bots.get("Broken")! }))
    expect(more).toEqual([])
    expect(manual).toMatchObject({ id: b.runId, status: "complete", speedSource: "manual", tokensPerSecond: 9.12, completionTokens: 3350, ttftMs: 3020, stopReason: "eosFound" })
    expect(goFiles(manual!.output)).toEqual({ code: fixture("broken").code.trimEnd() + "\n", test: fixture("broken").test.trimEnd() + "\n" })
    expect(JSON.parse(fs.readFileSync(scoreFile("Broken"), "utf8")).evidence.own.compilerOutput).toMatch(/cannot use n \(variable of type int\) as type int64/)

    const a = by("Adjusted")
    if (a.status !== "scored") throw new Error("not scored")
    expect(a.result.parts.runnable).toBe(10)
    expect(a.points).toBe(10 + 250 + 118 + 55 + 18)

    expect(by("Only Code")).toMatchObject({ status: "skipped", reason: expect.stringMatching(/missing .*Only-Code_test\.go/) })
    expect(by("Bad Header")).toMatchObject({ status: "failed", reason: expect.stringMatching(/Bad-Header\.go: .*header line 2: explanation must be within 0 … 60, not 600/) })
    expect(fs.existsSync(scoreFile("Bad-Header"))).toBe(false)

    // automatic, pinned, counted, with the parts as detail
    const scores = [...(await store.query((s) => s.listScores()))].sort((x, y) => x.run.id - y.run.id)
    expect(scores.map((s) => [s.run.id, s.score.points, s.score.source, s.score.pinned, s.counted])).toEqual(
      [
        [runIds[1], 491, "auto", true, true],
        [b.runId, 50, "auto", true, true],
        [a.runId, 451, "auto", true, true]
      ].sort((x, y) => (x[0] as number) - (y[0] as number))
    )
    expect(scores[0]!.score.detail).toMatchObject({ kind: "swe", verdict: "ok", parts: g.result.parts, goVersion: expect.stringMatching(/^go1\./), reference: { passed: 40, total: 40 }, coverage: 98.7 })
    const board = await store.query((s) => s.leaderboard())
    expect(board.find((r) => r.bot === "Good Bot/v1")?.points).toEqual({ swe: 491 })
  })

  it("one bot by name; same files, same score; a new header after a manual check updates it", async () => {
    const store = workspaceStore(["wrong", "other"])
    const { bots } = await store.seed
    place("wrong", fixture("wrong"))
    place("other", fixture("good"))
    const once = () => Effect.runPromise(evalSwe({ bot: "wrong", timeoutMs: 20_000, referenceDir }).pipe(Effect.provide(layers(store))))
    const [first] = await once()
    const [second] = await once()
    if (first?.status !== "scored" || second?.status !== "scored") throw new Error("not scored")
    expect(first.points).toBe(50 + 194 + 103 + 35 + 10)
    expect(second.points).toBe(first.points)
    expect(second.result.parts).toEqual(first.result.parts)
    expect(second.result.evidence.reference?.failedTests).toEqual(first.result.evidence.reference?.failedTests)
    // the second evaluation scores the run the first one made
    expect(second.runId).toBe(first.runId)
    expect(await store.query((s) => s.listRuns({ botId: bots.get("wrong")! }))).toHaveLength(1)
    const scored = await store.query((s) => s.listScores({ botId: bots.get("wrong")! }))
    expect(scored.map((s) => [s.run.id, s.score.points])).toEqual([[first.runId, first.points]])

    // the person reads the answer and fills in the manual checks
    const code = fixture("wrong").code.replace("adjustment: 0; explanation: 35; suggestions: 10", "adjustment: 0; explanation: 60; suggestions: 20")
    place("wrong", { code })
    const [third] = await once()
    expect(third?.status === "scored" && third.points).toBe(50 + 194 + 103 + 60 + 20)

    // disqualified after a manual check
    place("wrong", { code: code.replace("adjustment: 0", "adjustment: -1") })
    const [fourth] = await once()
    expect(fourth?.status === "scored" && [fourth.points, fourth.result.verdict]).toEqual([0, "disqualified (adjustment -1)"])
  })

  it("a named bot without files, or an unknown bot, is an error", async () => {
    const store = workspaceStore(["empty"])
    await store.seed
    const r1 = await Effect.runPromise(evalSwe({ bot: "empty", referenceDir }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r1) && r1.left.message).toMatch(/bot "empty" has no .*empty\.go and no .*empty_test\.go/)
    const r2 = await Effect.runPromise(evalSwe({ bot: "ghost", referenceDir }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r2) && r2.left._tag).toBe("StoreError")
  })
})
