import { describe, expect, it } from "vitest"
import { dataJson, deltaText, getJson, ndjson, parseSse, post, read, sim, user } from "./helpers.js"

describe("ollama native API", () => {
  it("serves tags, show, ps and version", async () => {
    const s = await sim({ kind: "ollama" })
    const tags = (await getJson(`${s.url}/api/tags`)).body
    expect(tags.models[0]).toMatchObject({
      name: "llama3.2:latest",
      model: "llama3.2:latest",
      size: 2019393189,
      details: { format: "gguf", family: "llama", families: ["llama"], quantization_level: "Q4_K_M" }
    })
    expect(tags.models[0].digest).toMatch(/^[0-9a-f]{64}$/)
    const show = await (await post(`${s.url}/api/show`, { model: "qwen3:4b" })).json()
    expect(show.model_info["qwen3.context_length"]).toBe(40960)
    expect(show.capabilities).toEqual(["completion", "thinking"])
    const missing = await post(`${s.url}/api/show`, { model: "nope" })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: "model 'nope' not found" })
    expect((await getJson(`${s.url}/api/ps`)).body).toEqual({ models: [] })
    expect((await getJson(`${s.url}/api/version`)).body.version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it("streams NDJSON whose done:true line carries metrics and the last piece of text", async () => {
    const s = await sim({ kind: "ollama" })
    const res = await post(`${s.url}/api/chat`, { model: "llama3.2", messages: user("hello"), options: { num_ctx: 8192 } })
    expect(res.headers.get("content-type")).toBe("application/x-ndjson")
    const lines = ndjson((await read(res)).text)
    const last = lines.at(-1)
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true)
    expect(last).toMatchObject({ model: "llama3.2", done: true, done_reason: "stop", message: { role: "assistant" } })
    expect(last.message.content).not.toBe("")
    for (const k of ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"]) {
      expect(Number.isInteger(last[k]) && last[k] > 0, k).toBe(true)
    }
    expect(last.eval_count).toBe(lines.length)
    const text = lines.map((l) => l.message.content).join("")
    expect(text).toContain("Xin chào")
    expect(text).toContain("```ts\n")
    const ps = (await getJson(`${s.url}/api/ps`)).body.models
    expect(ps).toHaveLength(1)
    expect(ps[0]).toMatchObject({ name: "llama3.2:latest", context_length: 8192 })
  })

  it("loads with empty messages and unloads with keep_alive 0", async () => {
    const s = await sim({ kind: "ollama" })
    const load = await (await post(`${s.url}/api/chat`, { model: "llama3.2", messages: [] })).json()
    expect(load).toMatchObject({ done: true, done_reason: "load", message: { role: "assistant", content: "" } })
    expect(load.eval_count).toBeUndefined()
    expect((await getJson(`${s.url}/api/ps`)).body.models).toHaveLength(1)
    const unload = await (await post(`${s.url}/api/chat`, { model: "llama3.2", messages: [], keep_alive: 0 })).json()
    expect(unload.done_reason).toBe("unload")
    expect((await getJson(`${s.url}/api/ps`)).body.models).toHaveLength(0)
  })

  it("404s an unknown model, non-stream answers one object, think gives thinking", async () => {
    const s = await sim({ kind: "ollama" })
    const res = await post(`${s.url}/api/chat`, { model: "nope", messages: user("x") })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'model "nope" not found, try pulling it first' })
    const one = await (await post(`${s.url}/api/chat`, { model: "qwen3:4b", messages: user("x"), stream: false, think: true })).json()
    expect(one.done).toBe(true)
    expect(one.message.thinking).toMatch(/^Okay/)
    expect(one.message.content).toMatch(/^Xin chào/)
  })

  it("sends an {error} line mid-stream with status 200", async () => {
    const s = await sim({ kind: "ollama", faults: [{ kind: "mid-stream-error", afterTokens: 3 }] })
    const res = await post(`${s.url}/api/chat`, { model: "llama3.2", messages: user("x") })
    expect(res.status).toBe(200)
    const lines = ndjson((await read(res)).text)
    expect(lines).toHaveLength(4)
    expect(lines[3]).toEqual({ error: "an error was encountered while running the model" })
  })
})

describe("ollama /v1 compat layer", () => {
  it("streams fp_ollama chunks, a finish chunk and a usage chunk when asked", async () => {
    const s = await sim({ kind: "ollama" })
    const res = await post(`${s.url}/v1/chat/completions`, { model: "llama3.2", messages: user("x"), stream: true, stream_options: { include_usage: true } })
    const chunks = dataJson(parseSse((await read(res)).text).events)
    expect(chunks[0]).toMatchObject({ object: "chat.completion.chunk", system_fingerprint: "fp_ollama" })
    expect(chunks.at(-2).choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" })
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: chunks.length - 2 } })
    expect(deltaText(chunks)).toMatch(/^Xin chào/)
    const models = (await getJson(`${s.url}/v1/models`)).body
    expect(models.data[0]).toMatchObject({ id: "llama3.2:latest", object: "model", owned_by: "library" })
    const missing = await post(`${s.url}/v1/chat/completions`, { model: "nope", messages: user("x") })
    expect(missing.status).toBe(404)
    expect((await missing.json()).error.type).toBe("not_found_error")
  })
})
