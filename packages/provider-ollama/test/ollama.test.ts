import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, defaultReply, failureOf, tokenize, withSim, type Fault, type SimOptions, type Simulator } from "@llp/testkit"
import type { Provider } from "@llp/core"
import { Effect } from "effect"
import { keepAliveOf, makeLineMapper, makeOllamaProvider, ollamaFinish } from "../src/index.js"

const LLAMA = "llama3.2:latest"

const scenario = <A, E>(options: Omit<SimOptions, "kind">, use: (provider: Provider.Service, sim: Simulator) => Effect.Effect<A, E>, apiKey?: string) =>
  withSim({ kind: "ollama", ...options }, (sim) =>
    Effect.flatMap(makeOllamaProvider({ name: "ollama", baseUrl: sim.url, ...(apiKey !== undefined ? { apiKey } : {}) }), (p) => use(p, sim))
  ).pipe(Effect.provide(NodeHttpClient.layerUndici))

const chatRequest = (sim: Simulator) => sim.requests.find((r) => r.path === "/api/chat")!
const expectedText = (sim: Simulator) => defaultReply(chatRequest(sim))

describe("Ollama provider", () => {
  it.live("happy path: exact parts, the final line's text kept, ns → ms", () =>
    scenario({ tokenDelayMs: 1 }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, {
          model: LLAMA,
          system: "Be brief.",
          load: { contextLength: 8192, batchSize: 256, gpuLayers: 20, threads: 6, mmap: true, mlock: true, keepAlive: "10m" },
          sampling: { temperature: 0.4, topK: 30, topP: 0.8, minP: 0.1, repeatPenalty: 1.2, frequencyPenalty: 0.3, presencePenalty: 0.4, maxTokens: -1 }
        })
        expect(r.error).toBeUndefined()
        const body = chatRequest(sim).body
        expect(body).toEqual({
          model: LLAMA,
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content: "Say hello in Vietnamese" }
          ],
          stream: true,
          options: {
            num_ctx: 8192,
            num_batch: 256,
            num_gpu: 20,
            num_thread: 6,
            use_mmap: true,
            temperature: 0.4,
            top_k: 30,
            top_p: 0.8,
            min_p: 0.1,
            repeat_penalty: 1.2,
            frequency_penalty: 0.3,
            presence_penalty: 0.4,
            num_predict: -1
          },
          keep_alive: "10m"
        })
        const tokens = tokenize(expectedText(sim))
        const raw = r.finish?.raw as Record<string, number>
        expect(r.parts).toEqual([
          { type: "request", body },
          { type: "response-metadata", model: LLAMA },
          ...tokens.map((delta) => ({ type: "text-delta", delta })),
          {
            type: "finish",
            finishReason: { unified: "stop", raw: "stop" },
            usage: { inputTokens: raw.prompt_eval_count, outputTokens: tokens.length },
            timings: {
              tokensPerSecond: (raw.eval_count! / raw.eval_duration!) * 1e9,
              ttftMs: (raw.load_duration! + raw.prompt_eval_duration!) / 1e6,
              generationMs: raw.eval_duration! / 1e6,
              loadMs: raw.load_duration! / 1e6,
              promptMs: raw.prompt_eval_duration! / 1e6,
              promptEvalTokens: raw.prompt_eval_count
            },
            raw: expect.objectContaining({ done: true, done_reason: "stop", eval_count: tokens.length, total_duration: expect.any(Number) })
          }
        ])
        // the last token came on the done:true line
        expect(r.text).toBe(expectedText(sim))
        expect(raw).not.toHaveProperty("message")
      })
    )
  )

  it.live("num_ctx is always sent (32768 by default); gpuLayers -1 leaves num_gpu out; maxTokens → num_predict", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: LLAMA, load: { gpuLayers: -1, keepAlive: "-1" }, sampling: { maxTokens: 3 } })
        expect(chatRequest(sim).body).toMatchObject({ options: { num_ctx: 32768, num_predict: 3 }, keep_alive: -1 })
        expect((chatRequest(sim).body as { options: object }).options).not.toHaveProperty("num_gpu")
        expect(r.finish?.finishReason).toEqual({ unified: "length", raw: "length" })
        expect(r.finish?.usage.outputTokens).toBe(3)
      })
    )
  )

  it("keep_alive: bare numbers become numbers, durations stay strings", () => {
    expect([keepAliveOf("0"), keepAliveOf("-1"), keepAliveOf("300"), keepAliveOf("10m"), keepAliveOf("1h30m"), keepAliveOf(undefined)]).toEqual([0, -1, 300, "10m", "1h30m", undefined])
  })

  it("a final line without metrics leaves the timings unknown, not 0", () => {
    expect(ollamaFinish({ done: true, done_reason: "stop", eval_count: 5 })).toEqual({
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: { outputTokens: 5 },
      timings: {},
      raw: { done: true, done_reason: "stop", eval_count: 5 }
    })
    expect(ollamaFinish({ done: true, done_reason: "load" }).finishReason).toEqual({ unified: "other", raw: "load" })
  })

  it("message.thinking → reasoning-delta, before the content of the same line", () => {
    const mapper = makeLineMapper("o")
    const line = (o: unknown) => mapper.line({ text: JSON.stringify(o), partial: false })
    expect(line({ model: "qwen3:4b", message: { role: "assistant", content: "", thinking: "Hmm" }, done: false })).toMatchObject({
      right: [
        { type: "response-metadata", model: "qwen3:4b" },
        { type: "reasoning-delta", delta: "Hmm" }
      ]
    })
    expect(line({ model: "qwen3:4b", message: { role: "assistant", content: "Hi", thinking: "." }, done: false })).toMatchObject({
      right: [
        { type: "reasoning-delta", delta: "." },
        { type: "text-delta", delta: "Hi" }
      ]
    })
  })

  it.live("lists models with /api/show's context length and /api/ps's loaded state", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        yield* provider.load(LLAMA, {})
        const models = yield* provider.listModels()
        expect(models).toEqual([
          {
            id: LLAMA,
            type: "llm",
            loaded: true,
            meta: { type: "llm", arch: "llama", quantization: "Q4_K_M", format: "gguf", sizeBytes: 2019393189, maxContext: 131072 }
          },
          {
            id: "qwen3:4b",
            type: "llm",
            loaded: false,
            meta: { type: "llm", arch: "qwen3", quantization: "Q4_K_M", format: "gguf", sizeBytes: 2497293918, maxContext: 40960 }
          },
          {
            id: "nomic-embed-text:latest",
            type: "embeddings",
            loaded: false,
            meta: { type: "embeddings", arch: "nomic-bert", quantization: "F16", format: "gguf", sizeBytes: 274302450, maxContext: 2048 }
          }
        ])
        expect(sim.requests.filter((r) => r.path === "/api/show")).toHaveLength(3)
      })
    )
  )

  it.live("load: an empty chat with the load-time options and keep_alive; unload: keep_alive 0", () =>
    scenario({ faults: [{ kind: "cold-start", ms: 80 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const report = yield* provider.load("qwen3:4b", { contextLength: 16384, batchSize: 512, gpuLayers: 99, threads: 8, mmap: false, mlock: true, flashAttention: true, gpuOffload: 0.5, keepAlive: "30m" })
        expect(sim.requests.at(-1)?.body).toEqual({
          model: "qwen3:4b",
          messages: [],
          stream: false,
          options: { num_ctx: 16384, num_batch: 512, num_gpu: 99, num_thread: 8, use_mmap: false },
          keep_alive: "30m"
        })
        expect(report).toEqual({
          model: "qwen3:4b",
          loadMs: expect.any(Number),
          applied: { num_ctx: 16384, num_batch: 512, num_gpu: 99, num_thread: 8, use_mmap: false, keep_alive: "30m" },
          ignored: ["gpuOffload", "flashAttention", "mlock"]
        })
        expect(report.loadMs).toBeGreaterThanOrEqual(70)
        yield* provider.unload("qwen3:4b")
        expect(sim.requests.at(-1)?.body).toEqual({ model: "qwen3:4b", messages: [], keep_alive: 0, stream: false })
        expect((yield* provider.listModels()).find((m) => m.id === "qwen3:4b")?.loaded).toBe(false)
        expect((yield* failureOf(provider.load("nope:1b", {}))).reason).toBe("ModelNotFound")
      })
    )
  )

  it.live("unknown model → ModelNotFound with Ollama's message", () =>
    scenario({ faults: [{ kind: "unknown-model" }] }, (provider) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: "nope" })
        expect(r.error?.reason).toBe("ModelNotFound")
        expect(r.error?.detail).toBe('model "nope" not found, try pulling it first')
        expect(r.error?.status).toBe(404)
      })
    )
  )

  it.live("a mid-stream error line → Server with its message, after the text so far", () =>
    scenario({ faults: [{ kind: "mid-stream-error", afterTokens: 4 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: LLAMA })
        expect(r.error?.reason).toBe("Server")
        expect(r.error?.detail).toBe("the server reported an error: an error was encountered while running the model")
        expect(r.text).toBe(tokenize(expectedText(sim)).slice(0, 4).join(""))
        expect(r.finish).toBeUndefined()
      })
    )
  )

  it.live("a malformed line → Decode naming it", () =>
    scenario({ faults: [{ kind: "malformed-line", afterTokens: 2 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: LLAMA })
        expect(r.error?.reason).toBe("Decode")
        expect(r.error?.detail).toMatch(/not JSON: "\{\\"model\\":\\"llama3.2:latest\\"/)
        expect(r.text).toBe(tokenize(expectedText(sim)).slice(0, 2).join(""))
      })
    )
  )

  it.live("a cut → no finish (Interrupted), the text before it kept", () =>
    scenario({ tokenDelayMs: 15, faults: [{ kind: "cut", afterTokens: 4 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: LLAMA })
        expect(r.finish).toBeUndefined()
        if (r.error !== undefined) expect(r.error.reason).toBe("Interrupted")
        const tokens = tokenize(expectedText(sim))
        expect([tokens.slice(0, 4).join(""), tokens.slice(0, 3).join("")]).toContain(r.text)
      })
    )
  )

  it.live("refused, HTTP 500, API key, wrong model", () =>
    Effect.gen(function* () {
      yield* scenario({ faults: [{ kind: "refuse" }] }, (provider) =>
        Effect.gen(function* () {
          const e = (yield* chatOf(provider, { model: LLAMA })).error
          expect(e?.reason).toBe("Unreachable")
          expect(e?.detail).toMatch(/ECONNREFUSED/)
        })
      )
      yield* scenario({ faults: [{ kind: "http-500" }] }, (provider) =>
        Effect.gen(function* () {
          const e = (yield* chatOf(provider, { model: LLAMA })).error
          expect(e?.reason).toBe("HttpStatus")
          expect(e?.status).toBe(500)
          expect(e?.detail).toBe("HTTP 500 from POST /api/chat: Internal server error")
        })
      )
      yield* scenario(
        { apiKey: "k1" },
        (provider, sim) =>
          Effect.gen(function* () {
            expect((yield* chatOf(provider, { model: LLAMA })).error).toBeUndefined()
            expect(chatRequest(sim).headers["authorization"]).toBe("Bearer k1")
          }),
        "k1"
      )
      yield* scenario({ apiKey: "k1" }, (provider) =>
        Effect.gen(function* () {
          const e = (yield* chatOf(provider, { model: LLAMA })).error
          expect(e?.reason).toBe("HttpStatus")
          expect(e?.status).toBe(401)
        })
      )
      yield* scenario({ faults: [{ kind: "wrong-model", answeredModel: "qwen3:4b" }] }, (provider) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: "llama3.2" })
          expect(r.parts.filter((p) => p.type === "response-metadata")).toEqual([{ type: "response-metadata", model: "qwen3:4b" }])
          expect(r.finish).toBeDefined()
        })
      )
    })
  )

  const transport: ReadonlyArray<[string, ReadonlyArray<Fault>]> = [
    ["CRLF", [{ kind: "crlf" }]],
    ["split chunks", [{ kind: "split-chunks" }]],
    ["CRLF and split chunks", [{ kind: "crlf" }, { kind: "split-chunks" }]],
    ["a stall", [{ kind: "stall", afterTokens: 3, ms: 100 }]]
  ]
  for (const [label, faults] of transport) {
    it.live(`${label}: the same text and finish`, () =>
      scenario({ faults: [...faults] }, (provider, sim) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: LLAMA })
          expect(r.error).toBeUndefined()
          expect(r.text).toBe(expectedText(sim))
          expect(r.finish?.usage.outputTokens).toBe(tokenize(expectedText(sim)).length)
        })
      )
    )
  }

  it.live("a base URL ending in /api or /v1 is the server root", () =>
    withSim({ kind: "ollama" }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeOllamaProvider({ name: "o", baseUrl: `${sim.url}/v1` })
        expect(provider.baseUrl).toBe(sim.url)
        expect((yield* provider.listModels()).length).toBe(3)
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
