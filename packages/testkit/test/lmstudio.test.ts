import { describe, expect, it } from "vitest"
import { replyFor as expected } from "../src/index.js"
import { dataJson, deltaText, getJson, parseSse, post, read, sim, user } from "./helpers.js"

describe("lmstudio /api/v0", () => {
  it("lists models and one model", async () => {
    const s = await sim({ kind: "lmstudio" })
    const list = await getJson(`${s.url}/api/v0/models`)
    expect(list.body.object).toBe("list")
    expect(list.body.data[0]).toEqual({
      id: "qwen2.5-7b-instruct",
      object: "model",
      type: "llm",
      publisher: "lmstudio-community",
      arch: "qwen2",
      compatibility_type: "gguf",
      quantization: "Q4_K_M",
      state: "loaded",
      max_context_length: 32768
    })
    const one = await getJson(`${s.url}/api/v0/models/openai/gpt-oss-20b`)
    expect(one.body).toMatchObject({ id: "openai/gpt-oss-20b", publisher: "openai", state: "not-loaded" })
  })

  it("streams chunks: role first, delta {} + finish last, no usage or stats", async () => {
    const s = await sim({ kind: "lmstudio" })
    const res = await post(`${s.url}/api/v0/chat/completions`, { model: "qwen2.5-7b-instruct", messages: user("hello"), stream: true, stream_options: { include_usage: true } })
    expect(res.headers.get("content-type")).toBe("text/event-stream")
    const { events } = parseSse((await read(res)).text)
    const chunks = dataJson(events)
    expect(events.at(-1)?.data).toBe("[DONE]")
    expect(chunks[0].choices[0].delta.role).toBe("assistant")
    expect(chunks[0].system_fingerprint).toBe("qwen2.5-7b-instruct")
    expect(chunks.at(-1).choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: "stop" })
    expect(chunks.some((c) => "usage" in c || "stats" in c)).toBe(false)
    expect(deltaText(chunks)).toBe(expected("hello"))
  })

  it("answers non-stream with usage, stats, model_info and runtime", async () => {
    const s = await sim({ kind: "lmstudio" })
    const res = await post(`${s.url}/api/v0/chat/completions`, { model: "qwen2.5-7b-instruct", messages: user("hi"), max_tokens: 3 })
    const body = await res.json()
    expect(body.object).toBe("chat.completion")
    expect(body.choices[0].finish_reason).toBe("length")
    expect(body.usage.completion_tokens).toBe(3)
    expect(body.stats).toMatchObject({ stop_reason: "maxPredictedTokensReached" })
    expect(typeof body.stats.tokens_per_second).toBe("number")
    expect(typeof body.stats.time_to_first_token).toBe("number")
    expect(body.model_info).toEqual({ arch: "qwen2", quant: "Q4_K_M", format: "gguf", context_length: 4096 })
    expect(body.runtime.supported_formats).toEqual(["gguf"])
  })
})

describe("lmstudio /v1 (OpenAI-compatible)", () => {
  it("honours include_usage with a choices:[] chunk before [DONE]; non-stream has empty stats", async () => {
    const s = await sim({ kind: "lmstudio" })
    const res = await post(`${s.url}/v1/chat/completions`, { model: "qwen2.5-7b-instruct", messages: user("x"), stream: true, stream_options: { include_usage: true } })
    const chunks = dataJson(parseSse((await read(res)).text).events)
    const last = chunks.at(-1)
    expect(last.choices).toEqual([])
    expect(last.usage.completion_tokens).toBe(chunks.length - 2)
    const plain = await (await post(`${s.url}/v1/chat/completions`, { model: "qwen2.5-7b-instruct", messages: user("x") })).json()
    expect(plain.stats).toEqual({})
    const models = await getJson(`${s.url}/v1/models`)
    expect(models.body.data[0]).toEqual({ id: "qwen2.5-7b-instruct", object: "model", owned_by: "organization_owner" })
  })

  it("404s an unknown model with model_not_found; unknown-model fault gives 'No models loaded'", async () => {
    const s = await sim({ kind: "lmstudio" })
    const res = await post(`${s.url}/v1/chat/completions`, { model: "nope", messages: user("x") })
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatchObject({ type: "invalid_request_error", param: "model", code: "model_not_found" })
    s.setFaults([{ kind: "unknown-model" }])
    const res2 = await post(`${s.url}/v1/chat/completions`, { model: "qwen2.5-7b-instruct", messages: user("x") })
    expect(res2.status).toBe(404)
    expect((await res2.json()).error.message).toMatch(/^No models loaded/)
  })

  it("wrong-model answers with another model id", async () => {
    const s = await sim({ kind: "lmstudio", faults: [{ kind: "wrong-model", answeredModel: "gemma-3-1b-it-qat:2" }] })
    const body = await (await post(`${s.url}/v1/chat/completions`, { model: "anything", messages: user("x") })).json()
    expect(body.model).toBe("gemma-3-1b-it-qat:2")
  })

  it("JIT-loads a downloaded model on first use", async () => {
    const s = await sim({ kind: "lmstudio" })
    await post(`${s.url}/v1/chat/completions`, { model: "llama-3.2-1b-instruct", messages: user("x") }).then((r) => r.json())
    const one = await getJson(`${s.url}/api/v0/models/llama-3.2-1b-instruct`)
    expect(one.body.state).toBe("loaded")
  })
})

describe("lmstudio /api/v1", () => {
  it("lists models in the v1 shape", async () => {
    const s = await sim({ kind: "lmstudio" })
    const { body } = await getJson(`${s.url}/api/v1/models`)
    const [qwen, , , embed] = body.models
    expect(qwen).toMatchObject({
      type: "llm",
      key: "qwen2.5-7b-instruct",
      architecture: "qwen2",
      quantization: { name: "Q4_K_M", bits_per_weight: 4 },
      size_bytes: 4683073888,
      max_context_length: 32768,
      format: "gguf",
      capabilities: { vision: false, trained_for_tool_use: false }
    })
    expect(qwen.loaded_instances[0]).toMatchObject({ id: "qwen2.5-7b-instruct", config: { context_length: 4096 } })
    expect(embed.type).toBe("embedding")
    expect(embed.architecture).toBeUndefined()
  })

  it("loads and unloads, recording the load parameters", async () => {
    const s = await sim({ kind: "lmstudio" })
    const load = { model: "llama-3.2-1b-instruct", context_length: 8192, flash_attention: false, echo_load_config: true }
    const res = await post(`${s.url}/api/v1/models/load`, load)
    const body = await res.json()
    expect(body).toMatchObject({ type: "llm", instance_id: "llama-3.2-1b-instruct", status: "loaded" })
    expect(body.load_config).toMatchObject({ context_length: 8192, flash_attention: false })
    expect(typeof body.load_time_seconds).toBe("number")
    expect(s.requests.at(-1)).toMatchObject({ method: "POST", path: "/api/v1/models/load", body: load })
    const noEcho = await (await post(`${s.url}/api/v1/models/load`, { model: "llama-3.2-1b-instruct" })).json()
    expect(noEcho.instance_id).toBe("llama-3.2-1b-instruct:2")
    expect(noEcho.load_config).toBeUndefined()
    const models = (await getJson(`${s.url}/api/v1/models`)).body.models
    expect(models[1].loaded_instances.map((i: any) => i.id)).toEqual(["llama-3.2-1b-instruct", "llama-3.2-1b-instruct:2"])
    const un = await post(`${s.url}/api/v1/models/unload`, { instance_id: "llama-3.2-1b-instruct" })
    expect(await un.json()).toEqual({ instance_id: "llama-3.2-1b-instruct" })
  })

  it("streams named events ending in chat.end with stats", async () => {
    const s = await sim({ kind: "lmstudio" })
    const res = await post(`${s.url}/api/v1/chat`, { model: "qwen2.5-7b-instruct", input: "hello", stream: true })
    const { events } = parseSse((await read(res)).text)
    const types = events.map((e) => e.event)
    expect(types.slice(0, 5)).toEqual(["chat.start", "prompt_processing.start", "prompt_processing.progress", "prompt_processing.end", "message.start"])
    expect(types.slice(-2)).toEqual(["message.end", "chat.end"])
    for (const e of events) expect(JSON.parse(e.data).type).toBe(e.event)
    const text = events.filter((e) => e.event === "message.delta").map((e) => JSON.parse(e.data).content).join("")
    expect(text).toBe(expected("hello"))
    const result = JSON.parse(events.at(-1)!.data).result
    expect(result.output).toEqual([{ type: "message", content: text }])
    expect(Object.keys(result.stats).sort()).toEqual(
      ["input_tokens", "reasoning_output_tokens", "time_to_first_token_seconds", "tokens_per_second", "total_output_tokens"].sort()
    )
    expect(result.response_id).toMatch(/^resp_/)
  })

  it("emits model_load.* for an unloaded model and reasoning.* for a reasoning model", async () => {
    const s = await sim({ kind: "lmstudio", faults: [{ kind: "cold-start", ms: 60 }] })
    const t0 = performance.now()
    const res = await post(`${s.url}/api/v1/chat`, { model: "openai/gpt-oss-20b", input: "hi", stream: true })
    const { events } = parseSse((await read(res)).text)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55)
    const types = events.map((e) => e.event)
    expect(types).toContain("model_load.end")
    expect(types.indexOf("reasoning.start")).toBeLessThan(types.indexOf("reasoning.end"))
    expect(types.indexOf("reasoning.end")).toBeLessThan(types.indexOf("message.start"))
    const result = JSON.parse(events.at(-1)!.data).result
    expect(result.output[0].type).toBe("reasoning")
    expect(result.stats.reasoning_output_tokens).toBeGreaterThan(0)
    expect(result.stats.model_load_time_seconds).toBeGreaterThanOrEqual(0.05)
  })

  it("sends an error event then chat.end on mid-stream-error", async () => {
    const s = await sim({ kind: "lmstudio", faults: [{ kind: "mid-stream-error", afterTokens: 2 }] })
    const { events } = parseSse((await read(await post(`${s.url}/api/v1/chat`, { model: "qwen2.5-7b-instruct", input: "x", stream: true }))).text)
    const types = events.map((e) => e.event)
    expect(types.slice(-2)).toEqual(["error", "chat.end"])
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ type: "error", error: { type: "internal_error" } })
    expect(JSON.parse(events.at(-1)!.data).result.stats.total_output_tokens).toBe(2)
  })

  it("no-v1-api: /api/v1/* answer 404 while v0 works", async () => {
    const s = await sim({ kind: "lmstudio", faults: [{ kind: "no-v1-api" }] })
    const v1 = await fetch(`${s.url}/api/v1/models`)
    expect(v1.status).toBe(404)
    expect((await v1.json()).error).toMatch(/^Unexpected endpoint or method/)
    expect((await fetch(`${s.url}/api/v0/models`)).status).toBe(200)
  })
})
