import type { RunProgress } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { runStart, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

export const runContract = (target: StoreTarget) => {
  const test = storeIt(target)

  describe(`Store contract (${target.name}): runs`, () => {
    test("starts a run as streaming, updates it, and reads it back", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const run = yield* store.startRun({ botId: a.id, promptId: teach.id, provider: "lmstudio", model: "alpha-instruct", demo: false, request: { llp: { prompt: "hi" } }, startedAt: "2026-01-01T00:00:00.000Z" })
        expect(run).toMatchObject({ botId: a.id, promptId: teach.id, status: "streaming", output: "", reasoning: "", request: { llp: { prompt: "hi" } }, startedAt: "2026-01-01T00:00:00.000Z", endedAt: null, tokensPerSecond: null })
        expect(yield* store.getRun(run.id)).toEqual(run)

        yield* store.updateRun(run.id, { status: "streaming", output: "Hel", reasoning: "thinking", request: { llp: { prompt: "hi" }, wire: { stream: true } } })
        yield* store.updateRun(run.id, { status: "streaming", output: "Hello", reasoning: "thinking" })
        const progress: RunProgress = {
          status: "complete",
          output: "Hello world",
          reasoning: "thinking done",
          error: null,
          endedAt: "2026-01-01T00:00:05.000Z",
          answeredModel: "alpha-instruct-q4",
          ttftMs: 120,
          generationMs: 4800,
          totalMs: 5000,
          promptTokens: 24,
          completionTokens: 53,
          tokensPerSecond: 51.4,
          speedSource: "server",
          serverTtftMs: 111,
          stopReason: "eosFound",
          serverStats: { tokens_per_second: 51.4 },
          modelInfo: { arch: "granite", quant: "Q4_K_M" },
          runtime: { name: "llama.cpp", version: "1.3.0" }
        }
        yield* store.updateRun(run.id, progress)
        const done = yield* store.getRun(run.id)
        const { status, output, reasoning, ...rest } = progress
        expect(done).toMatchObject({ status, output, reasoning, ...rest, request: { llp: { prompt: "hi" }, wire: { stream: true } }, demo: false })
        // a later partial update leaves the fields it does not give alone
        yield* store.updateRun(run.id, { status: "complete", output: "Hello world!", reasoning: "thinking done" })
        expect(yield* store.getRun(run.id)).toMatchObject({ output: "Hello world!", tokensPerSecond: 51.4, stopReason: "eosFound", endedAt: "2026-01-01T00:00:05.000Z" })
      })
    )

    test("keeps text exactly: unicode, control characters, long outputs", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const text = `Xin chào 🙂 日本語 \u0301 "quoted" 'single' \\ back\ttab\r\nline % _ ${"long ".repeat(20_000)}`
        const manual = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: text })
        expect((yield* store.getRun(manual.id)).output).toBe(text)
        const run = yield* store.startRun(runStart(a.id, teach.id, { request: { text } }))
        yield* store.updateRun(run.id, { status: "complete", output: text, reasoning: "why\nnot 🙂" })
        expect(yield* store.getRun(run.id)).toMatchObject({ output: text, reasoning: "why\nnot 🙂", request: { text } })
      })
    )

    test("refuses bad run values and unknown bots, prompts and runs", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const start = { botId: a.id, promptId: teach.id, provider: "p", model: "m", demo: true, request: null, startedAt: "t" }
        expect(yield* Effect.flip(store.startRun({ ...start, botId: 99 }))).toMatchObject({ reason: "NotFound", detail: "no bot with id 99" })
        expect(yield* Effect.flip(store.startRun({ ...start, promptId: 99 }))).toMatchObject({ reason: "NotFound", detail: "no prompt with id 99" })
        expect(yield* Effect.flip(store.startRun({ ...start, request: { n: 1n } }))).toMatchObject({ _tag: "InvalidInput", field: "request" })
        expect(yield* store.listRuns()).toEqual([])
        const run = yield* store.startRun(start)
        expect(run.demo).toBe(true)
        expect(yield* Effect.flip(store.updateRun(run.id, { status: "done" as never, output: "", reasoning: "" }))).toMatchObject({ _tag: "InvalidInput", field: "status" })
        expect(yield* Effect.flip(store.updateRun(run.id, { status: "streaming", output: "", reasoning: "", tokensPerSecond: Number.NaN }))).toMatchObject({ _tag: "InvalidInput", field: "tokensPerSecond" })
        expect(yield* Effect.flip(store.updateRun(run.id, { status: "streaming", output: "", reasoning: "", speedSource: "guess" as never }))).toMatchObject({ _tag: "InvalidInput", field: "speedSource" })
        expect(yield* Effect.flip(store.updateRun(424242, { status: "streaming", output: "", reasoning: "" }))).toMatchObject({ reason: "NotFound", detail: "no run 424242" })
        expect(yield* Effect.flip(store.getRun(424242))).toMatchObject({ reason: "NotFound", detail: "no run 424242" })
        expect(yield* Effect.flip(store.removeRun(424242))).toMatchObject({ reason: "NotFound", detail: "no run 424242" })
        expect(yield* Effect.flip(store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: -3 }))).toMatchObject({ _tag: "InvalidInput", field: "tokensPerSecond" })
        expect(yield* store.getRun(run.id)).toEqual(run)
      })
    )

    test("adds a manual run as complete with the bot's provider and model", (store) =>
      Effect.gen(function* () {
        const { a, code } = yield* seed(store)
        const run = yield* store.addManualRun({ botId: a.id, promptId: code.id, output: "func main() {}", tokensPerSecond: 2.28, ttftMs: 69210, completionTokens: 476, stopReason: "eosFound" })
        expect(run).toMatchObject({ status: "complete", provider: a.provider, model: a.model, tokensPerSecond: 2.28, speedSource: "manual", ttftMs: 69210, completionTokens: 476, stopReason: "eosFound", demo: false })
        expect(run.endedAt).not.toBeNull()
        expect(yield* store.getRun(run.id)).toEqual(run)
      })
    )

    test("lists runs newest first, filtered", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, easy } = yield* seed(store)
        const r1 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "1" })
        const r2 = yield* store.addManualRun({ botId: b.id, promptId: teach.id, output: "2" })
        const r3 = yield* store.addManualRun({ botId: a.id, promptId: easy.id, output: "3" })
        // started with an older timestamp, but started last: newest means the last one stored
        const r4 = yield* store.startRun(runStart(a.id, teach.id, { startedAt: "2000-01-01T00:00:00.000Z" }))
        const ids = (runs: ReadonlyArray<{ id: number }>) => runs.map((r) => r.id)
        expect(ids(yield* store.listRuns())).toEqual([r4.id, r3.id, r2.id, r1.id])
        expect(ids(yield* store.listRuns({ botId: a.id }))).toEqual([r4.id, r3.id, r1.id])
        expect(ids(yield* store.listRuns({ promptId: teach.id, botId: a.id }))).toEqual([r4.id, r1.id])
        expect(ids(yield* store.listRuns({ category: "general" }))).toEqual([r3.id])
        expect(ids(yield* store.listRuns({ status: "streaming" }))).toEqual([r4.id])
        expect(ids(yield* store.listRuns({ limit: 2 }))).toEqual([r4.id, r3.id])
        yield* store.removeRun(r4.id)
        expect(ids(yield* store.listRuns({ botId: a.id }))).toEqual([r3.id, r1.id])
        expect(yield* Effect.flip(store.getRun(r4.id))).toMatchObject({ reason: "NotFound" })
      })
    )
  })

  describe(`Store contract (${target.name}): scores`, () => {
    test("scores a run within 0 … the prompt's points, and re-scoring replaces", (store) =>
      Effect.gen(function* () {
        const { a, code } = yield* seed(store)
        const run = yield* store.addManualRun({ botId: a.id, promptId: code.id, output: "x" })
        const first = yield* store.scoreRun({ runId: run.id, points: 30, note: "ok", source: "manual" })
        expect(first).toMatchObject({ runId: run.id, points: 30, note: "ok", source: "manual", pinned: false, detail: null })
        const second = yield* store.scoreRun({ runId: run.id, points: 44.5, source: "auto", detail: { tests: 12, passed: 11 } })
        expect(second).toMatchObject({ id: first.id, points: 44.5, note: "", source: "auto", detail: { tests: 12, passed: 11 } })
        const listed = yield* store.listScores()
        expect(listed).toHaveLength(1)
        expect(listed[0]!.score).toEqual(second)

        for (const points of [-1, 45.5, 46, Number.NaN, Number.POSITIVE_INFINITY]) {
          const error = yield* Effect.flip(store.scoreRun({ runId: run.id, points }))
          expect(error).toMatchObject({ _tag: "InvalidInput", field: "points" })
          expect(error.message).toMatch(/^points: must be between 0 and 45 \(the prompt's points\)/)
        }
        expect((yield* store.listScores())[0]!.score.points).toBe(44.5)
        expect(yield* store.scoreRun({ runId: run.id, points: 45 })).toMatchObject({ points: 45 })
        expect(yield* store.scoreRun({ runId: run.id, points: 0 })).toMatchObject({ points: 0 })
        expect(yield* Effect.flip(store.scoreRun({ runId: 999, points: 1 }))).toMatchObject({ reason: "NotFound", detail: "no run 999" })
        expect(yield* Effect.flip(store.scoreRun({ runId: run.id, points: 1, source: "vibes" as never }))).toMatchObject({ _tag: "InvalidInput", field: "source" })
      })
    )

    test("pinning makes one run's score the counted one; pinning another unpins it", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const r1 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "one" })
        const r2 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "two" })
        const r3 = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "three, not scored" })
        yield* store.scoreRun({ runId: r1.id, points: 35 })
        yield* store.scoreRun({ runId: r2.id, points: 20 })
        const counted = (s: ReadonlyArray<{ run: { id: number }; counted: boolean; score: { pinned: boolean } }>) => s.filter((x) => x.counted).map((x) => x.run.id)
        expect(counted(yield* store.listScores())).toEqual([r2.id])
        yield* store.pinRun(r1.id, true)
        expect(counted(yield* store.listScores())).toEqual([r1.id])
        yield* store.pinRun(r2.id, true)
        const scores = yield* store.listScores({ botId: a.id })
        expect(scores.map((s) => [s.run.id, s.score.pinned, s.counted])).toEqual([
          [r2.id, true, true],
          [r1.id, false, false]
        ])
        yield* store.pinRun(r2.id, false)
        yield* store.pinRun(r1.id, true)
        // re-scoring keeps the pin
        yield* store.scoreRun({ runId: r1.id, points: 36 })
        expect(counted(yield* store.listScores())).toEqual([r1.id])
        expect(yield* Effect.flip(store.pinRun(r3.id, true))).toMatchObject({ _tag: "StoreError", reason: "Invalid" })
        yield* store.pinRun(r3.id, false)
        expect(yield* Effect.flip(store.pinRun(999, true))).toMatchObject({ reason: "NotFound", detail: "no run 999" })
        expect(yield* store.listScores({ category: "general" })).toEqual([])
        expect(yield* store.listScores({ category: "booting" })).toHaveLength(2)
      })
    )

    test("lists scores by bot, category order, prompt order, then newest run first", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const order: Array<number> = []
        for (const [bot, p] of [[b, easy], [a, easy], [b, teach], [a, code], [a, teach], [a, teach]] as const) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "o" })
          yield* store.scoreRun({ runId: run.id, points: 1 })
          order.push(run.id)
        }
        const [bEasy, aEasy, bTeach, aCode, aTeach1, aTeach2] = order
        expect((yield* store.listScores()).map((s) => s.run.id)).toEqual([aTeach2, aTeach1, aCode, aEasy, bTeach, bEasy])
        expect((yield* store.listScores({ botId: b.id, category: "general" })).map((s) => s.run.id)).toEqual([bEasy])
      })
    )
  })
}
