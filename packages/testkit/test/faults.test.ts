import { describe, expect, it } from "vitest"
import type { SimKind } from "../src/index.js"
import { dataJson, deltaText, ndjson, parseSse, post, read, sim, user } from "./helpers.js"

const MODEL: Record<SimKind, string> = {
  lmstudio: "qwen2.5-7b-instruct",
  ollama: "llama3.2",
  openai: "Qwen/Qwen2.5-0.5B-Instruct",
  llamacpp: "x"
}
const chatPath = (kind: SimKind): string => (kind === "ollama" ? "/api/chat" : "/v1/chat/completions")
const chat = (url: string, kind: SimKind, extra: object = {}) =>
  post(url + chatPath(kind), { model: MODEL[kind], messages: user("faults"), stream: true, ...extra })

/** The streamed text, and whether the stream finished, for any kind. */
const parse = (kind: SimKind, text: string): { text: string; finished: boolean } => {
  if (kind === "ollama") {
    const lines = ndjson(text)
    return { text: lines.map((l) => l.message?.content ?? "").join(""), finished: lines.some((l) => l.done === true) }
  }
  const { events } = parseSse(text)
  const chunks = dataJson(events)
  return { text: deltaText(chunks), finished: events.at(-1)?.data === "[DONE]" && chunks.some((c) => c.choices?.[0]?.finish_reason === "stop") }
}

const KINDS: SimKind[] = ["lmstudio", "ollama", "openai", "llamacpp"]

const connError = async (url: string): Promise<string | undefined> => {
  try {
    await fetch(url)
    return undefined
  } catch (e) {
    return ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code
  }
}

describe("faults", () => {
  it("refuse: ECONNREFUSED, then the same port serves again", async () => {
    const s = await sim({ kind: "ollama" })
    const url = `${s.url}/api/version`
    s.setFaults([{ kind: "refuse" }])
    expect(await connError(url)).toBe("ECONNREFUSED")
    s.setFaults([])
    await new Promise((r) => setTimeout(r, 10))
    expect((await fetch(url)).status).toBe(200)
    await s.stop()
    expect(await connError(url)).toBe("ECONNREFUSED")
    await s.start()
    expect((await fetch(url)).status).toBe(200)
    const refused = await sim({ kind: "openai", faults: [{ kind: "refuse" }] })
    expect(await connError(`${refused.url}/v1/models`)).toBe("ECONNREFUSED")
  })

  it("http-500 answers 500 in each server's shape", async () => {
    const bodies: Record<string, unknown> = {}
    for (const kind of KINDS) {
      const s = await sim({ kind, faults: [{ kind: "http-500" }] })
      const res = await chat(s.url, kind)
      expect(res.status).toBe(500)
      bodies[kind] = await res.json()
    }
    expect(bodies["ollama"]).toEqual({ error: "Internal server error" })
    expect(bodies["llamacpp"]).toMatchObject({ error: { code: 500, type: "server_error" } })
    expect(bodies["openai"]).toMatchObject({ error: { type: "InternalServerError", code: 500 } })
  })

  it.each(KINDS)("%s: split-chunks reassembles to the same text, cutting UTF-8 sequences", async (kind) => {
    const s = await sim({ kind })
    const whole = parse(kind, (await read(await chat(s.url, kind))).text)
    s.setFaults([{ kind: "split-chunks" }])
    const split = await read(await chat(s.url, kind))
    expect(parse(kind, split.text)).toEqual(whole)
    expect(split.chunks.length).toBeGreaterThan(split.text.split("\n").length)
    const cutsUtf8 = split.chunks.some((c) => {
      const last = c[c.length - 1]!
      return last >= 0xc0 || (c[0]! >= 0x80 && c[0]! < 0xc0)
    })
    expect(cutsUtf8).toBe(true)
  })

  it.each(KINDS)("%s: crlf line ends", async (kind) => {
    const s = await sim({ kind, faults: [{ kind: "crlf" }] })
    const { text } = await read(await chat(s.url, kind))
    expect(text).toContain("\r\n")
    expect(/[^\r]\n/.test(text)).toBe(false)
    expect(parse(kind, text).finished).toBe(true)
  })

  it.each(KINDS)("%s: cut ends the stream without a finish", async (kind) => {
    const s = await sim({ kind, faults: [{ kind: "cut", afterTokens: 3 }] })
    const r = await read(await chat(s.url, kind))
    expect(r.error).toBeDefined()
    const p = parse(kind, r.text)
    expect(p.finished).toBe(false)
    expect(p.text.length).toBeGreaterThan(0)
  })

  it("cut after every token still gives no finish (Ollama's last line carries text)", async () => {
    const s = await sim({ kind: "ollama", faults: [{ kind: "cut", afterTokens: 10_000 }] })
    const r = await read(await chat(s.url, "ollama"))
    expect(parse("ollama", r.text).finished).toBe(false)
  })

  it.each(KINDS)("%s: malformed-line puts one unparsable line mid-stream", async (kind) => {
    const s = await sim({ kind, faults: [{ kind: "malformed-line", afterTokens: 2 }] })
    const { text } = await read(await chat(s.url, kind))
    const payloads = kind === "ollama" ? text.split("\n").filter((l) => l !== "") : parseSse(text).events.map((e) => e.data).filter((d) => d !== "[DONE]")
    const bad = payloads.filter((p) => {
      try {
        JSON.parse(p)
        return false
      } catch {
        return true
      }
    })
    expect(bad).toHaveLength(1)
    expect(payloads.indexOf(bad[0]!)).toBeGreaterThan(0)
    expect(payloads.at(-1)).not.toBe(bad[0])
  })

  it("stall pauses the stream for ms, then continues", async () => {
    const s = await sim({ kind: "openai", faults: [{ kind: "stall", afterTokens: 2, ms: 300 }] })
    const start = performance.now()
    const r = await read(await chat(s.url, "openai"), start)
    // The total is a hard lower bound; the gap only shows the pause is mid-stream, and is
    // kept loose because a loaded CI machine can deliver the chunk before the pause late.
    expect(performance.now() - start).toBeGreaterThanOrEqual(295)
    const gaps = r.times.slice(1).map((t, i) => t - r.times[i]!)
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(150)
    expect(parse("openai", r.text).finished).toBe(true)
  })

  it("cold-start delays the response headers", async () => {
    const s = await sim({ kind: "ollama", faults: [{ kind: "cold-start", ms: 60 }] })
    const start = performance.now()
    const res = await chat(s.url, "ollama")
    expect(performance.now() - start).toBeGreaterThanOrEqual(55)
    const last = ndjson((await read(res)).text).at(-1)
    expect(last.load_duration).toBeGreaterThanOrEqual(55e6)
  })

  it.each(["lmstudio", "openai", "llamacpp"] as const)("%s: keepalive-comments between events", async (kind) => {
    const s = await sim({ kind, faults: [{ kind: "keepalive-comments" }] })
    const { text } = await read(await chat(s.url, kind))
    const { comments } = parseSse(text)
    expect(text).toContain(": keep-alive")
    expect(comments).toBeGreaterThan(5)
    expect(parse(kind, text).finished).toBe(true)
  })

  it("wrong-model answers with another id (ollama)", async () => {
    const s = await sim({ kind: "ollama", faults: [{ kind: "wrong-model", answeredModel: "other:1b" }] })
    const lines = ndjson((await read(await chat(s.url, "ollama"))).text)
    expect(lines.every((l) => l.model === "other:1b")).toBe(true)
  })

  it("unknown-model uses each server's not-found shape", async () => {
    const s = await sim({ kind: "llamacpp", faults: [{ kind: "unknown-model" }] })
    const res = await chat(s.url, "llamacpp")
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatchObject({ code: 404, type: "not_found_error" })
  })

  it("non-stream cut drops the socket halfway; malformed truncates the JSON", async () => {
    const s = await sim({ kind: "openai", faults: [{ kind: "cut", afterTokens: 2 }] })
    await expect(chat(s.url, "openai", { stream: false }).then((r) => r.json())).rejects.toThrow()
    s.setFaults([{ kind: "malformed-line", afterTokens: 2 }])
    await expect(chat(s.url, "openai", { stream: false }).then((r) => r.json())).rejects.toThrow(SyntaxError)
  })
})

describe("pacing, flood, recording", () => {
  it("tokenDelayMs spaces tokens", async () => {
    const s = await sim({ kind: "openai", tokenDelayMs: 2 })
    const start = performance.now()
    const { text } = await read(await chat(s.url, "openai"))
    const chunks = dataJson(parseSse(text).events)
    expect(performance.now() - start).toBeGreaterThanOrEqual((chunks.length - 3) * 2)
  })

  // How fast is measured by `npm run bench`, not here.
  it("flood mode streams N tokens", async () => {
    const s = await sim({ kind: "llamacpp", tokens: 5000 })
    const chunks = dataJson(parseSse((await read(await chat(s.url, "llamacpp"))).text).events)
    expect(chunks.at(-1).usage.completion_tokens).toBe(5000)
    expect(chunks.filter((c) => c.choices[0]?.delta?.content !== undefined && c.choices[0].delta.content !== null)).toHaveLength(5000)
  })

  it("records method, path, query, headers and the parsed body", async () => {
    const s = await sim({ kind: "ollama" })
    await post(`${s.url}/api/chat?x=1`, { model: "llama3.2", messages: [] }, { "x-test": "yes" }).then((r) => r.json())
    expect(s.requests).toHaveLength(1)
    expect(s.requests[0]).toMatchObject({ method: "POST", path: "/api/chat", query: { x: "1" }, body: { model: "llama3.2", messages: [] } })
    expect(s.requests[0]!.headers["x-test"]).toBe("yes")
    expect(s.requests[0]!.rawBody).toBe('{"model":"llama3.2","messages":[]}')
  })

  it("custom reply and max_tokens → finish length", async () => {
    const s = await sim({ kind: "openai", reply: () => "one two three four five" })
    const chunks = dataJson(parseSse((await read(await chat(s.url, "openai", { max_tokens: 2 }))).text).events)
    expect(deltaText(chunks)).toBe("one two")
    expect(chunks.at(-1).choices[0].finish_reason).toBe("length")
  })
})
