import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { parseConfig } from "../src/index.js"

const parse = (json: unknown, env: Record<string, string> = {}) => parseConfig("llp.config.json", typeof json === "string" ? json : JSON.stringify(json), env)
const err = (json: unknown, env: Record<string, string> = {}) => {
  const r = parse(json, env)
  if (Either.isRight(r)) throw new Error("expected an error")
  return r.left.message
}

describe("parseConfig", () => {
  it("has LM Studio, Ollama and the demo at their defaults with no configuration", () => {
    const c = Either.getOrThrow(parse({}))
    expect(c.providers.map((p) => [p.name, p.type, p.baseUrl])).toEqual([
      ["lmstudio", "lmstudio", "http://127.0.0.1:1234"],
      ["ollama", "ollama", "http://127.0.0.1:11434"],
      ["demo", "demo", "demo:"]
    ])
  })

  it("adds OpenAI-compatible servers by configuration and reads keys from the environment", () => {
    const c = Either.getOrThrow(parse({ providers: { tabby: { type: "openai-compatible", baseUrl: "http://127.0.0.1:5000/v1/", apiKey: "env:TABBY_API_KEY" } } }, { TABBY_API_KEY: "k" }))
    expect(c.providers.find((p) => p.name === "tabby")).toEqual({ name: "tabby", type: "openai-compatible", baseUrl: "http://127.0.0.1:5000/v1", apiKey: "k", configured: true })
  })

  it("keeps a provider whose key is in an unset environment variable, with the problem named, so the others still work", () => {
    const c = Either.getOrThrow(parse({ providers: { vllm: { type: "openai-compatible", baseUrl: "http://x", apiKey: "env:NOPE" } } }))
    expect(c.providers.find((p) => p.name === "vllm")?.problem).toBe("llp.config.json: providers.vllm.apiKey: the environment variable NOPE is not set")
    expect(c.providers.find((p) => p.name === "ollama")?.problem).toBeUndefined()
  })

  it("overrides a built-in provider's address", () => {
    const c = Either.getOrThrow(parse({ providers: { lmstudio: { baseUrl: "http://10.0.0.2:1234" } } }))
    expect(c.providers.find((p) => p.name === "lmstudio")?.baseUrl).toBe("http://10.0.0.2:1234")
  })

  it("takes the judge bot by name, and says what is wrong with it", () => {
    expect(Either.getOrThrow(parse({ judge: " Qwen 14B " })).judge).toBe("Qwen 14B")
    expect(Either.getOrThrow(parse({})).judge).toBeUndefined()
    expect(err({ judge: 3 })).toBe("llp.config.json: judge: must be the name (or id) of the bot that judges")
    expect(err({ judge: "" })).toBe("llp.config.json: judge: must be the name (or id) of the bot that judges")
  })

  it("names the key at fault", () => {
    expect(err("{nope")).toMatch(/^llp\.config\.json: \(file\): not valid JSON/)
    expect(err({ provider: {} })).toBe("llp.config.json: provider: unknown key (expected store, providers, timeouts, retryForMs, judge)")
    expect(err({ providers: { vllm: { type: "openai", baseUrl: "http://x" } } })).toBe("llp.config.json: providers.vllm.type: must be one of lmstudio, ollama, openai-compatible, demo")
    expect(err({ providers: { vllm: { type: "openai-compatible", baseUrl: "localhost:8000" } } })).toMatch(/providers\.vllm\.baseUrl: must start with http/)
    expect(err({ timeouts: { firstTokenMs: -1 } })).toBe("llp.config.json: timeouts.firstTokenMs: must be a whole number of milliseconds > 0")
  })

  it("reads the store: SQLite by default, Postgres from a URL or an environment variable, with errors by key", () => {
    expect(Either.getOrThrow(parse({})).store).toEqual({ type: "sqlite" })
    expect(Either.getOrThrow(parse({ store: { type: "postgres", url: "postgres://u@h/db" } })).store).toEqual({ type: "postgres", url: "postgres://u@h/db" })
    expect(Either.getOrThrow(parse({ store: { type: "postgres", url: "env:DB" } }, { DB: "postgresql://x/y" })).store).toEqual({ type: "postgres", url: "postgresql://x/y" })
    expect(Either.getOrThrow(parse({ store: { type: "postgres", url: "env:DB" } })).store).toEqual({
      type: "postgres",
      problem: "llp.config.json: store.url: the environment variable DB is not set"
    })
    expect(err({ store: { type: "mysql" } })).toBe('llp.config.json: store.type: must be "sqlite" or "postgres"')
    expect(err({ store: { type: "postgres" } })).toMatch(/^llp\.config\.json: store\.url: must be a postgres:\/\/ URL/)
    expect(err({ store: { type: "postgres", url: "mysql://h/db" } })).toMatch(/store\.url: must start with postgres:\/\//)
    expect(err({ store: { type: "postgres", url: "env:DB" } }, { DB: "http://x" })).toMatch(/DB holds something else/)
    expect(err({ store: { type: "sqlite", url: "x" } })).toMatch(/store\.url: a SQLite store lives in the workspace/)
    expect(err({ store: { type: "postgres", url: "postgres://h/d", pool: 3 } })).toBe("llp.config.json: store.pool: unknown key (expected type, url)")
  })
})
