import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Either, Layer } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { Archive, defaultConfig, goFiles, Store, StoreError, Workspace, type Bot, type ManualRun, type Prompt, type Run, type Score, type ScoreInput } from "@llp/core"
import { makeArchive } from "@llp/workspace"
import { GO_MISSING_MESSAGE } from "../src/errors.js"
import { evalSwe, type BotEval } from "../src/evalSwe.js"
import { fixture, hasGo, noGoReason, referenceDir } from "./helpers.js"

const NOW = "2025-01-02T03:04:05.000Z"

const bot = (id: number, name: string): Bot => ({ id, name, provider: "lmstudio", model: name.toLowerCase(), load: {}, sampling: {}, meta: {}, notes: "", createdAt: NOW, updatedAt: NOW })

const swePrompt: Prompt = {
  id: 7,
  category: "swe",
  slug: "task-intexpr",
  order: 1,
  title: "Task: intexpr",
  text: "Write intexpr.",
  points: 500,
  useSystemPrompt: true,
  rubric: [],
  edited: false
}

const run = (id: number, botId: number, status: Run["status"] = "complete"): Run => ({
  id,
  botId,
  promptId: swePrompt.id,
  provider: "lmstudio",
  model: "m",
  answeredModel: null,
  demo: false,
  status,
  request: {},
  output: "an answer",
  reasoning: "",
  error: null,
  startedAt: NOW,
  endedAt: NOW,
  ttftMs: null,
  generationMs: null,
  totalMs: null,
  promptTokens: null,
  completionTokens: null,
  tokensPerSecond: null,
  speedSource: null,
  serverTtftMs: null,
  stopReason: null,
  serverStats: null,
  modelInfo: null,
  runtime: null
})

/** The part of the Store that evalSwe uses, in memory, recording what was written. */
const memoryStore = (bots: Array<Bot>, runs: Array<Run>) => {
  const scores: Array<ScoreInput> = []
  const pins: Array<[number, boolean]> = []
  const manual: Array<ManualRun> = []
  let nextRun = 1000
  const service: Partial<Store.Service> = {
    listBots: () => Effect.succeed(bots),
    findBot: (n) => {
      const b = bots.find((b) => b.name === n || String(b.id) === n)
      return b ? Effect.succeed(b) : Effect.fail(new StoreError({ reason: "NotFound", detail: `no bot "${n}"` }))
    },
    listPrompts: (category) => Effect.succeed([swePrompt].filter((p) => category === undefined || p.category === category)),
    // newest first: higher ids are newer
    listRuns: (f = {}) =>
      Effect.succeed(
        runs
          .filter((r) => (f.botId === undefined || r.botId === f.botId) && (f.promptId === undefined || r.promptId === f.promptId) && (f.status === undefined || r.status === f.status))
          .sort((a, b) => b.id - a.id)
      ),
    addManualRun: (m) => {
      manual.push(m)
      const r: Run = { ...run(nextRun++, m.botId), promptId: m.promptId, output: m.output, tokensPerSecond: m.tokensPerSecond ?? null, ttftMs: m.ttftMs ?? null, completionTokens: m.completionTokens ?? null, stopReason: m.stopReason ?? null, speedSource: "manual" }
      runs.push(r)
      return Effect.succeed(r)
    },
    scoreRun: (s) => {
      if (s.points < 0 || s.points > swePrompt.points) return Effect.fail(new StoreError({ reason: "Invalid", detail: "points out of range" }))
      scores.push(s)
      const score: Score = { id: scores.length, runId: s.runId, points: s.points, note: s.note ?? "", source: s.source ?? "manual", pinned: false, detail: s.detail ?? null, createdAt: NOW }
      return Effect.succeed(score)
    },
    pinRun: (id, pinned) => {
      pins.push([id, pinned])
      return Effect.void
    }
  }
  return { layer: Layer.succeed(Store.Store, service as Store.Service), scores, pins, manual }
}

let root: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "llp-swe-evalswe-"))
  fs.mkdirSync(path.join(root, "llm_outputs", "swe"), { recursive: true })
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

const layers = (store: ReturnType<typeof memoryStore>) =>
  Layer.mergeAll(
    store.layer,
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
    const store = memoryStore([bot(1, "Good")], [])
    place("Good", fixture("good"))
    const r = await Effect.runPromise(evalSwe({ searchPath: "/nonexistent" }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "SweError", reason: "GoMissing", message: GO_MISSING_MESSAGE })
    expect(store.scores).toEqual([])
    expect(fs.existsSync(scoreFile("Good"))).toBe(false)
  })
})

describe.skipIf(!hasGo)(`evalSwe${noGoReason}`, () => {
  it("scores every bot with swe files, writes its score file and records a pinned automatic score", async () => {
    const bots = [bot(1, "Good Bot/v1"), bot(2, "Broken"), bot(3, "No Files"), bot(4, "Only Code"), bot(5, "Bad Header"), bot(6, "Adjusted")]
    // Good Bot has two complete runs and a failed one: the latest complete gets the score.
    const store = memoryStore(bots, [run(10, 1), run(11, 1), run(12, 1, "failed")])
    place("Good-Bot_v1", fixture("good")) // safeFileName("Good Bot/v1")
    place("Broken", fixture("broken"))
    place("Only-Code", { code: fixture("good").code })
    const good = fixture("good")
    place("Bad-Header", { code: good.code.replace("explanation: 55", "explanation: 600"), test: good.test })
    place("Adjusted", { code: good.code.replace("adjustment: 0", "adjustment: 1"), test: good.test })

    const results = await Effect.runPromise(evalSwe({ timeoutMs: 20_000, referenceDir }).pipe(Effect.provide(layers(store))))
    const by = (name: string) => results.find((r) => r.bot === name) as BotEval
    expect(results.map((r) => [r.bot, r.status])).toEqual([
      ["Good Bot/v1", "scored"],
      ["Broken", "scored"],
      ["Only Code", "skipped"],
      ["Bad Header", "failed"],
      ["Adjusted", "scored"]
    ])

    const g = by("Good Bot/v1")
    if (g.status !== "scored") throw new Error("not scored")
    expect(g).toMatchObject({ modelName: "Good-Bot_v1", runId: 11, createdRun: false, points: 491 })
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
    // placed by hand: a run made from the files, with the header's speed (Broken's, then Adjusted's)
    expect(store.manual.map((m) => m.botId)).toEqual([2, 6])
    expect(store.manual[0]).toMatchObject({ botId: 2, promptId: swePrompt.id, tokensPerSecond: 9.12, completionTokens: 3350, ttftMs: 3020, stopReason: "eosFound" })
    expect(goFiles(store.manual[0]!.output)).toEqual({ code: fixture("broken").code.trimEnd() + "\n", test: fixture("broken").test.trimEnd() + "\n" })
    expect(JSON.parse(fs.readFileSync(scoreFile("Broken"), "utf8")).evidence.own.compilerOutput).toMatch(/cannot use n \(variable of type int\) as type int64/)

    const a = by("Adjusted")
    if (a.status !== "scored") throw new Error("not scored")
    expect(a.result.parts.runnable).toBe(10)
    expect(a.points).toBe(10 + 250 + 118 + 55 + 18)

    expect(by("Only Code")).toMatchObject({ status: "skipped", reason: expect.stringMatching(/missing .*Only-Code_test\.go/) })
    expect(by("Bad Header")).toMatchObject({ status: "failed", reason: expect.stringMatching(/Bad-Header\.go: .*header line 2: explanation must be within 0 … 60, not 600/) })
    expect(fs.existsSync(scoreFile("Bad-Header"))).toBe(false)

    // automatic, pinned, with the parts as detail
    expect(store.scores.map((s) => [s.runId, s.points, s.source])).toEqual([
      [11, 491, "auto"],
      [1000, 50, "auto"],
      [1001, 451, "auto"]
    ])
    expect(store.scores[0]!.detail).toMatchObject({ kind: "swe", verdict: "ok", parts: g.result.parts, goVersion: expect.stringMatching(/^go1\./), reference: { passed: 40, total: 40 }, coverage: 98.7 })
    expect(store.pins).toEqual([
      [11, true],
      [1000, true],
      [1001, true]
    ])
  })

  it("one bot by name; same files, same score; a new header after a manual check updates it", async () => {
    const store = memoryStore([bot(1, "wrong"), bot(2, "other")], [])
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
    expect(store.manual).toHaveLength(1)
    expect(store.scores.every((s) => s.runId === first.runId)).toBe(true)

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
    const store = memoryStore([bot(1, "empty")], [])
    const r1 = await Effect.runPromise(evalSwe({ bot: "empty", referenceDir }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r1) && r1.left.message).toMatch(/bot "empty" has no .*empty\.go and no .*empty_test\.go/)
    const r2 = await Effect.runPromise(evalSwe({ bot: "ghost", referenceDir }).pipe(Effect.provide(layers(store)), Effect.either))
    expect(Either.isLeft(r2) && r2.left._tag).toBe("StoreError")
  })
})
