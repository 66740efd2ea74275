import { describe, expect, it } from "vitest"
import { dataJson, deltaText, getJson, parseSse, post, read, sim, user } from "./helpers.js"

describe("llamacpp llama-server", () => {
  it("serves health, props and a one-element model list with meta", async () => {
    const s = await sim({ kind: "llamacpp", models: [{ id: "models/x.gguf", maxContext: 8192, sizeBytes: 1000 }] })
    expect(await getJson(`${s.url}/health`)).toEqual({ status: 200, body: { status: "ok" } })
    const props = (await getJson(`${s.url}/props`)).body
    expect(props).toMatchObject({ total_slots: 1, model_path: "models/x.gguf", default_generation_settings: { n_ctx: 8192 } })
    expect(typeof props.default_generation_settings.params.temperature).toBe("number")
    const models = (await getJson(`${s.url}/v1/models`)).body
    expect(models.data).toHaveLength(1)
    expect(models.data[0]).toMatchObject({ id: "models/x.gguf", owned_by: "llamacpp", meta: { n_ctx_train: 8192, size: 1000 } })
  })

  it("puts usage and timings on the final chunk, and emulates the prompt cache", async () => {
    const s = await sim({ kind: "llamacpp" })
    const ask = (extra: object) =>
      post(`${s.url}/v1/chat/completions`, { messages: user("same prompt here"), stream: true, ...extra })
        .then(read)
        .then((r) => dataJson(parseSse(r.text).events))
    const first = await ask({})
    expect(first[0].choices[0].delta).toEqual({ role: "assistant", content: null })
    const final = first.at(-1)
    expect(final.choices[0]).toEqual({ finish_reason: "stop", index: 0, delta: {} })
    expect(final.usage.completion_tokens).toBe(first.length - 2)
    expect(final.timings).toMatchObject({ cache_n: 0, predicted_n: first.length - 2 })
    for (const k of ["prompt_n", "prompt_ms", "prompt_per_second", "predicted_ms", "predicted_per_second"]) expect(final.timings[k]).toBeGreaterThan(0)
    expect(deltaText(first)).toMatch(/^Xin chào/)
    const cached = (await ask({})).at(-1).timings
    expect(cached.cache_n).toBeGreaterThan(0)
    expect(cached.prompt_n + cached.cache_n).toBe(final.timings.prompt_n)
    expect((await ask({ cache_prompt: false })).at(-1).timings.cache_n).toBe(0)
    expect(s.requests.at(-1)!.body).toMatchObject({ cache_prompt: false })
  })

  it("uses the error: field for mid-stream errors", async () => {
    const s = await sim({ kind: "llamacpp", faults: [{ kind: "mid-stream-error", afterTokens: 2 }] })
    const { events } = parseSse((await read(await post(`${s.url}/v1/chat/completions`, { messages: user("x"), stream: true }))).text)
    const err = events.find((e) => e.field === "error")
    expect(JSON.parse(err!.data)).toEqual({ code: 500, message: "an error was encountered while running the model", type: "server_error" })
    expect(dataJson(events).some((c) => c.choices?.[0]?.finish_reason === "stop")).toBe(false)
  })

  it("reports 503 Loading model on /health during a cold start", async () => {
    const s = await sim({ kind: "llamacpp", faults: [{ kind: "cold-start", ms: 100 }] })
    const loading = await getJson(`${s.url}/health`)
    expect(loading).toEqual({ status: 503, body: { error: { code: 503, message: "Loading model", type: "unavailable_error" } } })
    await new Promise((r) => setTimeout(r, 110))
    expect((await getJson(`${s.url}/health`)).status).toBe(200)
  })

  it("requires the API key except on public endpoints", async () => {
    const s = await sim({ kind: "llamacpp", apiKey: "k" })
    expect((await fetch(`${s.url}/health`)).status).toBe(200)
    const res = await post(`${s.url}/v1/chat/completions`, { messages: user("x") })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: { code: 401, message: "Invalid API Key", type: "authentication_error" } })
  })
})
