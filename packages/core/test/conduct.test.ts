import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, Layer, Stream, TestClock } from "effect"
import { conduct, DEFAULT_TIMEOUTS, Provider, ProviderError, Store, type Bot, type Category, type Prompt, type RunProgress, type RunStart, StoreError, type StreamPart } from "../src/index.js"

const bot: Bot = { id: 1, name: "b", provider: "sim", model: "m", load: { contextLength: 4096 }, sampling: { temperature: 0.7, topK: 16 }, meta: {}, notes: "", createdAt: "", updatedAt: "" }
const category: Category = { key: "c", title: "C", systemPrompt: "Be brief.", temperature: 0.5, order: 1 }
const prompt: Prompt = { id: 7, category: "c", slug: "p", order: 1, title: "P", text: "Hi", points: 10, useSystemPrompt: true, rubric: [{ points: 10, text: "x" }], edited: false }

/** Records what conduct writes; only the two methods conduct uses are real. */
const recordingStore = (writes: Array<RunProgress>, log: Array<string> = [], startFails?: StoreError) =>
  Layer.succeed(Store.Store, {
    startRun: (s: RunStart) => (startFails ? Effect.fail(startFails) : Effect.void).pipe(Effect.zipRight(Clock.currentTimeMillis), Effect.map((now) => (log.push(`row at ${now}`), { id: 42, ...s, answeredModel: null, status: "streaming", output: "", reasoning: "", error: null, endedAt: null, ttftMs: null, generationMs: null, totalMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, speedSource: null, serverTtftMs: null, stopReason: null, serverStats: null, modelInfo: null, runtime: null }))),
    updateRun: (_id: number, p: RunProgress) => Effect.sync(() => void writes.push(p))
  } as unknown as Store.Service)

const providers = (parts: (request: Provider.ChatRequest) => Stream.Stream<StreamPart, ProviderError>) =>
  Layer.succeed(Provider.Providers, {
    list: () => [],
    get: () => Effect.succeed({ name: "sim", kind: "openai-compatible", baseUrl: "x", listModels: () => Effect.succeed([]), load: () => Effect.die("no"), unload: () => Effect.void, chat: parts } as Provider.Service)
  })

const tokens = (n: number, everyMs: number): Stream.Stream<StreamPart, ProviderError> =>
  Stream.range(1, n).pipe(Stream.mapEffect((i) => Effect.sleep(everyMs).pipe(Effect.as<StreamPart>({ type: "text-delta", delta: `t${i} ` }))))

const finish: StreamPart = { type: "finish", finishReason: { unified: "stop", raw: "eosFound" }, usage: { inputTokens: 3, outputTokens: 10 }, timings: {} }

describe("conduct", () => {
  it.effect("builds the request from the bot, the category's system prompt and temperature", () =>
    Effect.gen(function* () {
      const seen: Array<Provider.ChatRequest> = []
      const writes: Array<RunProgress> = []
      yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(
        Effect.provide(Layer.merge(recordingStore(writes), providers((r) => (seen.push(r), Stream.make(finish)))))
      )
      expect(seen[0]).toEqual({ model: "m", system: "Be brief.", prompt: "Hi", load: { contextLength: 4096 }, sampling: { temperature: 0.5, topK: 16 } })
    })
  )

  it.effect("flushes the partial output at least once a second and times the stream on the client", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const stream = Stream.concat(Stream.fromEffect(Effect.sleep(2000).pipe(Effect.as<StreamPart>({ type: "text-delta", delta: "first " }))), tokens(10, 250)).pipe(Stream.concat(Stream.make(finish)))
      const fiber = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => stream))), Effect.fork)
      yield* TestClock.adjust(10_000)
      const { run, error } = yield* Fiber.join(fiber)
      expect(error).toBeNull()
      expect(run).toMatchObject({ id: 42, status: "complete", ttftMs: 2000, generationMs: 2500, completionTokens: 10, promptTokens: 3, tokensPerSecond: 4, speedSource: "client", stopReason: "eosFound" })
      const streaming = writes.filter((w) => w.status === "streaming")
      expect(streaming.length).toBeGreaterThanOrEqual(2)
      expect(streaming.at(-1)!.output.length).toBeGreaterThan(0)
    })
  )

  it.effect("keeps the partial output as failed when the server errors, and as failed (interrupted) when the stream just ends", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const failing = tokens(3, 10).pipe(Stream.concat(Stream.fail(new ProviderError({ provider: "sim", reason: "Server", detail: "boom" }))))
      const f1 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => failing))), Effect.fork)
      yield* TestClock.adjust(1000)
      const r1 = yield* Fiber.join(f1)
      expect(r1.run).toMatchObject({ status: "failed", output: "t1 t2 t3 ", error: "sim: boom" })
      expect(writes.at(-1)).toMatchObject({ status: "failed", output: "t1 t2 t3 " })

      const f2 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => tokens(2, 10)))), Effect.fork)
      yield* TestClock.adjust(1000)
      const r2 = yield* Fiber.join(f2)
      expect(r2.run.status).toBe("failed")
      expect(r2.error?.reason).toBe("Interrupted")
    })
  )

  it.effect("times out separately before the first token and between tokens", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const timeouts = { firstTokenMs: 5000, idleMs: 1000 }
      const slowStart = Stream.fromEffect(Effect.sleep(4000).pipe(Effect.as<StreamPart>({ type: "text-delta", delta: "late but fine " }))).pipe(Stream.concat(tokens(2, 500)), Stream.concat(Stream.make(finish)))
      const f1 = yield* conduct({ bot, prompt, category, timeouts }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => slowStart))), Effect.fork)
      yield* TestClock.adjust(10_000)
      expect((yield* Fiber.join(f1)).run.status).toBe("complete")

      const stall = tokens(2, 100).pipe(Stream.concat(Stream.fromEffect(Effect.sleep(3000).pipe(Effect.as<StreamPart>(finish)))))
      const f2 = yield* conduct({ bot, prompt, category, timeouts }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => stall))), Effect.fork)
      yield* TestClock.adjust(10_000)
      const r2 = yield* Fiber.join(f2)
      expect(r2.run).toMatchObject({ status: "failed", output: "t1 t2 " })
      expect(r2.error?.reason).toBe("Timeout")
      expect(r2.error?.detail).toContain("timeouts.idleMs")
    })
  )

  it.effect("saves the partial output as cancelled when interrupted", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const fiber = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes), providers(() => tokens(100, 100)))), Effect.fork)
      yield* TestClock.adjust(550)
      yield* Fiber.interrupt(fiber)
      expect(writes.at(-1)).toMatchObject({ status: "cancelled", output: "t1 t2 t3 t4 t5 " })
    })
  )

  it.effect("reports the tokens that came just before a stall (the trailing edge of the throttle)", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const seen: Array<string> = []
      const stalled = tokens(3, 10).pipe(Stream.concat(Stream.fromEffect(Effect.sleep(5000).pipe(Effect.as<StreamPart>(finish)))))
      const fiber = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS, progressMs: 100, onProgress: (s) => seen.push(s.output) }).pipe(
        Effect.provide(Layer.merge(recordingStore(writes), providers(() => stalled))),
        Effect.fork
      )
      yield* TestClock.adjust(1000)
      expect(seen.at(-1)).toBe("t1 t2 t3 ")
      yield* TestClock.adjust(10_000)
      yield* Fiber.join(fiber)
    })
  )

  it.effect("writes the run's row once the first token is shown, or after rowDelayMs without one, or when the run ends", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const log: Array<string> = []
      const onProgress = (s: { chunks: number }) => void (s.chunks > 0 && log.length === 0 && log.push("first token shown"))
      const quick = tokens(3, 10).pipe(Stream.concat(Stream.make(finish)))
      const f1 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS, progressMs: 0, onProgress }).pipe(Effect.provide(Layer.merge(recordingStore(writes, log), providers(() => quick))), Effect.fork)
      yield* TestClock.adjust(1000)
      expect((yield* Fiber.join(f1)).run).toMatchObject({ id: 42, status: "complete" })
      expect(log).toEqual(["first token shown", "row at 10"])

      // a model still loading: the row is there long before its first token
      log.length = 0
      const slow = Stream.fromEffect(Effect.sleep(30_000).pipe(Effect.as<StreamPart>({ type: "text-delta", delta: "x" }))).pipe(Stream.concat(Stream.make(finish)))
      const f2 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS, rowDelayMs: 100 }).pipe(Effect.provide(Layer.merge(recordingStore(writes, log), providers(() => slow))), Effect.fork)
      yield* TestClock.adjust(40_000)
      yield* Fiber.join(f2)
      expect(log[0]).toBe("row at 1100")

      // an answer that fails at once is kept too, as is one cancelled before anything came
      log.length = 0
      const refused = Stream.fail(new ProviderError({ provider: "sim", reason: "Unreachable", detail: "refused" }))
      const r3 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes, log), providers(() => refused))))
      expect(r3.run).toMatchObject({ id: 42, status: "failed" })
      expect(log).toHaveLength(1)
      expect(writes.at(-1)).toMatchObject({ status: "failed" })
      const f4 = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes, log), providers(() => slow))), Effect.fork)
      yield* TestClock.adjust(20)
      yield* Fiber.interrupt(f4)
      expect(log).toHaveLength(2)
      expect(writes.at(-1)).toMatchObject({ status: "cancelled", output: "" })
    })
  )

  it.effect("fails with the store's error when the row cannot be written, and stops the answer", () =>
    Effect.gen(function* () {
      const writes: Array<RunProgress> = []
      const gone = new StoreError({ reason: "NotFound", detail: "no bot 1" })
      const endless = tokens(1_000_000, 10)
      const fiber = yield* conduct({ bot, prompt, category, timeouts: DEFAULT_TIMEOUTS }).pipe(Effect.provide(Layer.merge(recordingStore(writes, [], gone), providers(() => endless))), Effect.fork)
      yield* TestClock.adjust(1000)
      const exit = yield* Fiber.await(fiber)
      expect(exit).toEqual(Exit.fail(gone))
      expect(writes).toEqual([])
    })
  )
})
