import { describe, expect, it } from "vitest"
import { dataJson, deltaText, getJson, parseSse, post, read, sim, user } from "./helpers.js"

describe("openai (vLLM-like)", () => {
  it("lists ModelCards with max_model_len", async () => {
    const s = await sim({ kind: "openai", models: [{ id: "m1", maxContext: 16384 }] })
    const { body } = await getJson(`${s.url}/v1/models`)
    expect(body.data[0]).toMatchObject({ id: "m1", object: "model", owned_by: "vllm", root: "m1", parent: null, max_model_len: 16384 })
  })

  it("streams without usage unless stream_options asks; finish_reason rides the last content chunk", async () => {
    const s = await sim({ kind: "openai" })
    const model = "Qwen/Qwen2.5-0.5B-Instruct"
    const plain = dataJson(parseSse((await read(await post(`${s.url}/v1/chat/completions`, { model, messages: user("x"), stream: true }))).text).events)
    expect(plain.some((c) => "usage" in c)).toBe(false)
    expect(plain[0].choices[0].delta).toEqual({ role: "assistant", content: "" })
    const last = plain.at(-1).choices[0]
    expect(last.finish_reason).toBe("stop")
    expect(last.delta.content).toBe(" all.")
    expect(plain.some((c) => "timings" in c)).toBe(false)
    const withUsage = dataJson(
      parseSse((await read(await post(`${s.url}/v1/chat/completions`, { model, messages: user("x"), stream: true, stream_options: { include_usage: true } }))).text).events
    )
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), completion_tokens: withUsage.length - 2 } })
    expect(deltaText(withUsage)).toBe(deltaText(plain))
  })

  it("requires the API key when set, with the OAI error shape", async () => {
    const s = await sim({ kind: "openai", apiKey: "sekret" })
    const res = await post(`${s.url}/v1/chat/completions`, { messages: user("x") })
    expect(res.status).toBe(401)
    expect((await res.json()).error).toMatchObject({ message: "Unauthorized", code: 401 })
    const ok = await post(`${s.url}/v1/chat/completions`, { messages: user("x") }, { authorization: "Bearer sekret" })
    expect(ok.status).toBe(200)
    expect((await ok.json()).choices[0].message.content).toMatch(/^Xin chào/)
  })

  it("errors nested by default, flat with flatErrors", async () => {
    const nested = await sim({ kind: "openai" })
    const a = await post(`${nested.url}/v1/chat/completions`, { model: "nope", messages: user("x") })
    expect(a.status).toBe(404)
    expect(await a.json()).toEqual({ error: { message: "The model `nope` does not exist.", type: "NotFoundError", param: "model", code: 404 } })
    const flat = await sim({ kind: "openai", flatErrors: true })
    const b = await (await post(`${flat.url}/v1/chat/completions`, { model: "nope", messages: user("x") })).json()
    expect(b).toEqual({ object: "error", message: "The model `nope` does not exist.", type: "NotFoundError", param: "model", code: 404 })
  })

  it("sends an error chunk then [DONE] on mid-stream-error", async () => {
    const s = await sim({ kind: "openai", flatErrors: true, faults: [{ kind: "mid-stream-error", afterTokens: 1 }] })
    const { events } = parseSse((await read(await post(`${s.url}/v1/chat/completions`, { messages: user("x"), stream: true }))).text)
    expect(events.at(-1)!.data).toBe("[DONE]")
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ object: "error", type: "InternalServerError", code: 500 })
  })
})
