import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, defaultReasoning, defaultReply, failureOf, tokenize, withSim, type Fault, type SimOptions, type Simulator } from "@llp/testkit"
import type { Provider } from "@llp/core"
import { Effect } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { makeLmStudioProvider } from "../src/index.js"

const QWEN = "qwen2.5-7b-instruct"
const OSS = "openai/gpt-oss-20b"

const scenario = <A, E>(options: Omit<SimOptions, "kind">, use: (provider: Provider.Service, sim: Simulator) => Effect.Effect<A, E>, apiKey?: string) =>
  withSim({ kind: "lmstudio", ...options }, (sim) =>
    Effect.flatMap(makeLmStudioProvider({ name: "lms", baseUrl: sim.url, ...(apiKey !== undefined ? { apiKey } : {}) }), (p) => use(p, sim))
  ).pipe(Effect.provide(NodeHttpClient.layerUndici))

const chatRequest = (sim: Simulator) => sim.requests.find((r) => r.path.includes("chat"))!
const expectedText = (sim: Simulator) => defaultReply(chatRequest(sim))
const paths = (sim: Simulator) => sim.requests.map((r) => `${r.method} ${r.path}`)

describe("LM Studio provider, REST v1", () => {
  it.live("happy path: exact parts, v1 body, stats → finish", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, {
          model: QWEN,
          system: "Be brief.",
          load: { contextLength: 8192, gpuLayers: -1 },
          sampling: { temperature: 0.3, topP: 0.9, topK: 40, minP: 0.05, repeatPenalty: 1.1, frequencyPenalty: 0.5, maxTokens: -1 }
        })
        expect(r.error).toBeUndefined()
        expect(paths(sim)).toEqual(["GET /api/v1/models", "POST /api/v1/chat"])
        const body = chatRequest(sim).body
        expect(body).toEqual({
          model: QWEN,
          system_prompt: "Be brief.",
          input: "Say hello in Vietnamese",
          stream: true,
          store: false,
          temperature: 0.3,
          top_p: 0.9,
          top_k: 40,
          min_p: 0.05,
          repeat_penalty: 1.1,
          context_length: 8192
        })
        const tokens = tokenize(expectedText(sim))
        const stats = r.finish?.raw as Record<string, number>
        expect(r.parts).toEqual([
          { type: "request", body },
          { type: "response-metadata", model: QWEN },
          ...tokens.map((delta) => ({ type: "text-delta", delta })),
          {
            type: "finish",
            finishReason: { unified: "stop", raw: undefined },
            usage: { inputTokens: stats.input_tokens, outputTokens: tokens.length },
            // no model_load_time_seconds: the model was already loaded, so the run is warm
            timings: { tokensPerSecond: stats.tokens_per_second, ttftMs: stats.time_to_first_token_seconds! * 1000, cold: false },
            raw: stats
          }
        ])
        expect(stats).toMatchObject({ total_output_tokens: tokens.length })
      })
    )
  )

  it.live("reasoning events → reasoning-delta; max_output_tokens reached → length", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: OSS, sampling: { maxTokens: 6 } })
        expect(chatRequest(sim).body).toMatchObject({ max_output_tokens: 6 })
        expect(r.reasoning).toBe(tokenize(defaultReasoning(chatRequest(sim))).slice(0, 6).join(""))
        expect(r.finish?.finishReason).toEqual({ unified: "length", raw: undefined })
        const all = yield* chatOf(provider, { model: OSS })
        expect(all.reasoning).toBe(defaultReasoning(chatRequest(sim)))
        expect(all.text).toBe(expectedText(sim))
        expect(all.parts.findIndex((p) => p.type === "reasoning-delta")).toBeLessThan(all.parts.findIndex((p) => p.type === "text-delta"))
      })
    )
  )

  it.live("a model load during the chat → loadMs from the stats", () =>
    scenario({ faults: [{ kind: "cold-start", ms: 120 }] }, (provider) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: QWEN })
        expect(r.finish?.timings.loadMs).toBeGreaterThanOrEqual(100)
        expect(r.finish?.timings.ttftMs).toBeGreaterThanOrEqual(100)
        expect(r.finish?.timings.cold).toBe(true)
      })
    )
  )

  it.live("detects the API once per provider", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        yield* chatOf(provider, { model: QWEN })
        yield* chatOf(provider, { model: QWEN })
        yield* provider.listModels()
        expect(paths(sim)).toEqual(["GET /api/v1/models", "POST /api/v1/chat", "POST /api/v1/chat", "GET /api/v1/models"])
      })
    )
  )

  it.live("lists models from /api/v1/models", () =>
    scenario({}, (provider) =>
      Effect.gen(function* () {
        const models = yield* provider.listModels()
        expect(models.map((m) => [m.id, m.type, m.loaded])).toEqual([
          [QWEN, "llm", true],
          ["llama-3.2-1b-instruct", "llm", false],
          [OSS, "llm", false],
          ["text-embedding-nomic-embed-text-v1.5", "embedding", false]
        ])
        expect(models[1]?.meta).toEqual({
          type: "llm",
          publisher: "lmstudio-community",
          arch: "llama",
          quantization: "4bit",
          format: "mlx",
          sizeBytes: 695283712,
          maxContext: 131072
        })
      })
    )
  )

  it.live("load: the v1 body, the report and the parameters REST cannot set", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        const report = yield* provider.load(OSS, {
          contextLength: 16384,
          batchSize: 256,
          flashAttention: true,
          gpuLayers: -1,
          threads: 8,
          mmap: false,
          keepAlive: "10m"
        })
        expect(sim.requests.at(-1)?.path).toBe("/api/v1/models/load")
        expect(sim.requests.at(-1)?.body).toEqual({
          model: OSS,
          context_length: 16384,
          eval_batch_size: 256,
          flash_attention: true,
          offload_kv_cache_to_gpu: true,
          echo_load_config: true
        })
        expect(report).toEqual({
          model: OSS,
          instanceId: OSS,
          loadMs: expect.any(Number),
          applied: { context_length: 16384, eval_batch_size: 256, flash_attention: true, offload_kv_cache_to_gpu: true },
          ignored: ["gpuLayers", "threads", "mmap", "keepAlive"]
        })
        const cpu = yield* provider.load(QWEN, { gpuOffload: 0 })
        expect(sim.requests.at(-1)?.body).toEqual({ model: QWEN, offload_kv_cache_to_gpu: false, echo_load_config: true })
        expect(cpu.ignored).toEqual(["gpuOffload"])
      })
    )
  )

  it.live("unload: every loaded instance of the model, by instance_id", () =>
    scenario({}, (provider, sim) =>
      Effect.gen(function* () {
        yield* provider.load(QWEN, {})
        yield* provider.unload(QWEN)
        const unloads = sim.requests.filter((r) => r.path === "/api/v1/models/unload").map((r) => r.body)
        expect(unloads).toEqual([{ instance_id: QWEN }, { instance_id: `${QWEN}:2` }])
        expect((yield* provider.listModels()).find((m) => m.id === QWEN)?.loaded).toBe(false)
        yield* provider.unload(QWEN) // nothing loaded: nothing to do
        expect(sim.requests.filter((r) => r.path === "/api/v1/models/unload")).toHaveLength(2)
        const unknown = yield* failureOf(provider.unload("no-such-model"))
        expect(unknown.reason).toBe("ModelNotFound")
      })
    )
  )

  it.live("load of an unknown model → ModelNotFound", () =>
    scenario({}, (provider) =>
      Effect.gen(function* () {
        const e = yield* failureOf(provider.load("nope", {}))
        expect(e.reason).toBe("ModelNotFound")
        expect(e.detail).toBe('Model "nope" not found')
      })
    )
  )

  it.live("unknown model in chat → ModelNotFound", () =>
    scenario({ faults: [{ kind: "unknown-model" }] }, (provider) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: "nope" })
        expect(r.error?.reason).toBe("ModelNotFound")
        expect(r.error?.detail).toBe('Model "nope" not found')
      })
    )
  )

  it.live("an error event → Server after the text so far, once chat.end came", () =>
    scenario({ faults: [{ kind: "mid-stream-error", afterTokens: 3 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: QWEN })
        expect(r.error?.reason).toBe("Server")
        expect(r.error?.detail).toContain("an error was encountered while running the model")
        expect(r.text).toBe(tokenize(expectedText(sim)).slice(0, 3).join(""))
        expect(r.finish).toBeUndefined()
      })
    )
  )

  it.live("a malformed event → Decode naming it", () =>
    scenario({ faults: [{ kind: "malformed-line", afterTokens: 2 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: QWEN })
        expect(r.error?.reason).toBe("Decode")
        expect(r.error?.detail).toContain('event: message.delta data: {\\"type\\":\\"message.delta\\"')
        expect(r.text).toBe(tokenize(expectedText(sim)).slice(0, 2).join(""))
      })
    )
  )

  it.live("a cut → no finish (Interrupted), the text before it kept", () =>
    scenario({ tokenDelayMs: 15, faults: [{ kind: "cut", afterTokens: 4 }] }, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: QWEN })
        expect(r.finish).toBeUndefined()
        if (r.error !== undefined) expect(r.error.reason).toBe("Interrupted")
        const tokens = tokenize(expectedText(sim))
        expect([tokens.slice(0, 4).join(""), tokens.slice(0, 3).join("")]).toContain(r.text)
      })
    )
  )

  it.live("refused, HTTP 500, API key", () =>
    Effect.gen(function* () {
      yield* scenario({ faults: [{ kind: "refuse" }] }, (provider) =>
        Effect.gen(function* () {
          expect((yield* chatOf(provider, { model: QWEN })).error?.reason).toBe("Unreachable")
          expect((yield* failureOf(provider.listModels())).reason).toBe("Unreachable")
        })
      )
      yield* scenario({ faults: [{ kind: "http-500" }] }, (provider) =>
        Effect.gen(function* () {
          const e = (yield* chatOf(provider, { model: QWEN })).error
          expect(e?.reason).toBe("HttpStatus")
          expect(e?.status).toBe(500)
          expect(e?.detail).toContain("Internal server error")
        })
      )
      yield* scenario(
        { apiKey: "tok" },
        (provider, sim) =>
          Effect.gen(function* () {
            expect((yield* chatOf(provider, { model: QWEN })).error).toBeUndefined()
            expect(sim.requests.every((r) => r.headers["authorization"] === "Bearer tok")).toBe(true)
          }),
        "tok"
      )
      yield* scenario({ apiKey: "tok" }, (provider) =>
        Effect.gen(function* () {
          const e = (yield* chatOf(provider, { model: QWEN })).error
          expect(e?.reason).toBe("HttpStatus")
          expect(e?.status).toBe(401)
        })
      )
    })
  )

  it.live("wrong model → response-metadata names the instance that answered", () =>
    scenario({ faults: [{ kind: "wrong-model", answeredModel: "google/gemma-3-1b" }] }, (provider) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: "not-downloaded" })
        expect(r.parts.filter((p) => p.type === "response-metadata")).toEqual([{ type: "response-metadata", model: "google/gemma-3-1b" }])
        expect(r.finish).toBeDefined()
      })
    )
  )

  const transport: ReadonlyArray<[string, ReadonlyArray<Fault>]> = [
    ["CRLF", [{ kind: "crlf" }]],
    ["split chunks", [{ kind: "split-chunks" }]],
    ["keep-alive comments", [{ kind: "keepalive-comments" }]]
  ]
  for (const [label, faults] of transport) {
    it.live(`${label}: the same text, reasoning and finish`, () =>
      scenario({ faults: [...faults] }, (provider, sim) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: OSS })
          expect(r.error).toBeUndefined()
          expect(r.text).toBe(expectedText(sim))
          expect(r.reasoning).toBe(defaultReasoning(chatRequest(sim)))
          expect(r.finish?.usage.outputTokens).toBeGreaterThan(0)
        })
      )
    )
  }
})

describe("LM Studio provider without /api/v1 (before 0.4.0)", () => {
  const v0 = { faults: [{ kind: "no-v1-api" } as Fault] }

  it.live("falls back to /api/v0 once and remembers it", () =>
    scenario(v0, (provider, sim) =>
      Effect.gen(function* () {
        const models = yield* provider.listModels()
        expect(models[0]).toEqual({
          id: QWEN,
          type: "llm",
          loaded: true,
          meta: { type: "llm", publisher: "lmstudio-community", arch: "qwen2", quantization: "Q4_K_M", format: "gguf", maxContext: 32768 }
        })
        const r = yield* chatOf(provider, { model: QWEN, system: "Be brief.", sampling: { temperature: 0.5, maxTokens: 100 } })
        expect(r.error).toBeUndefined()
        expect(paths(sim)).toEqual(["GET /api/v1/models", "GET /api/v0/models", "POST /api/v0/chat/completions"])
        const body = chatRequest(sim).body
        expect(body).toEqual({
          model: QWEN,
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content: "Say hello in Vietnamese" }
          ],
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: 100,
          temperature: 0.5
        })
        const tokens = tokenize(expectedText(sim))
        expect(r.parts).toEqual([
          { type: "request", body },
          { type: "response-metadata", model: QWEN },
          ...tokens.map((delta) => ({ type: "text-delta", delta })),
          { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: {}, timings: {}, raw: { finish_reason: "stop" } }
        ])
      })
    )
  )

  it.live("chat first: detects, then streams /api/v0 with reasoning", () =>
    scenario(v0, (provider, sim) =>
      Effect.gen(function* () {
        const r = yield* chatOf(provider, { model: OSS })
        expect(paths(sim)).toEqual(["GET /api/v1/models", "POST /api/v0/chat/completions"])
        expect(r.reasoning).toBe(defaultReasoning(chatRequest(sim)))
        expect(r.text).toBe(expectedText(sim))
      })
    )
  )

  it.live("load and unload → Unsupported, saying why", () =>
    scenario(v0, (provider) =>
      Effect.gen(function* () {
        const e = yield* failureOf(provider.load(QWEN, { contextLength: 4096 }))
        expect(e.reason).toBe("Unsupported")
        expect(e.detail).toMatch(/no \/api\/v1 REST API.*0\.4\.0/)
        expect((yield* failureOf(provider.unload(QWEN))).reason).toBe("Unsupported")
      })
    )
  )

  it.live("v0 faults: wrong model, unknown model, mid-stream error, split chunks", () =>
    Effect.gen(function* () {
      yield* scenario({ faults: [{ kind: "no-v1-api" }, { kind: "wrong-model", answeredModel: "gemma-3-1b-it-qat:2" }] }, (provider) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: "llama-3.2-1b-instruct" })
          expect(r.parts.find((p) => p.type === "response-metadata")).toEqual({ type: "response-metadata", model: "gemma-3-1b-it-qat:2" })
        })
      )
      yield* scenario({ faults: [{ kind: "no-v1-api" }, { kind: "unknown-model" }] }, (provider) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: "nope" })
          expect(r.error?.reason).toBe("ModelNotFound")
          expect(r.error?.detail).toMatch(/^No models loaded/)
        })
      )
      yield* scenario({ faults: [{ kind: "no-v1-api" }, { kind: "mid-stream-error", afterTokens: 2 }] }, (provider, sim) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: QWEN })
          expect(r.error?.reason).toBe("Server")
          expect(r.text).toBe(tokenize(expectedText(sim)).slice(0, 2).join(""))
        })
      )
      yield* scenario({ faults: [{ kind: "no-v1-api" }, { kind: "split-chunks" }, { kind: "crlf" }] }, (provider, sim) =>
        Effect.gen(function* () {
          const r = yield* chatOf(provider, { model: QWEN })
          expect(r.text).toBe(expectedText(sim))
          expect(r.finish).toBeDefined()
        })
      )
    })
  )

  it.live("a base URL ending in /v1 is the server root", () =>
    withSim({ kind: "lmstudio" }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeLmStudioProvider({ name: "l", baseUrl: `${sim.url}/v1/` })
        expect(provider.baseUrl).toBe(sim.url)
        expect(provider.kind).toBe("lmstudio")
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("real LM Studio answers unknown routes with 200 {error: \"Unexpected endpoint…\"}: also means no v1", () =>
    Effect.acquireUseRelease(
      Effect.promise(
        () =>
          new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
            const server = createServer((req, res) => {
              res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" })
              if (req.url === "/api/v0/models") res.end(JSON.stringify({ object: "list", data: [{ id: "m", type: "llm", state: "loaded" }] }))
              else res.end(JSON.stringify({ error: `Unexpected endpoint or method. (${req.method} ${req.url})` }))
            })
            server.listen(0, "127.0.0.1", () =>
              resolve({
                url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
                close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done())))
              })
            )
          })
      ),
      (server) =>
        Effect.gen(function* () {
          const provider = yield* makeLmStudioProvider({ name: "old", baseUrl: server.url })
          expect(yield* provider.listModels()).toEqual([{ id: "m", type: "llm", loaded: true, meta: { type: "llm" } }])
          expect((yield* failureOf(provider.load("m", {}))).reason).toBe("Unsupported")
        }),
      (server) => Effect.promise(() => server.close())
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
