import { describe, expect, it } from "vitest"
import { replyFor, tokenize } from "../src/index.js"
import { post, read, sim } from "./helpers.js"

describe("default reply", () => {
  it("is deterministic, has a code block, Vietnamese and an emoji; tokens rebuild it", () => {
    const a = replyFor("Write a function")
    expect(replyFor("Write a function")).toBe(a)
    expect(replyFor("Something else")).not.toBe(a)
    expect(a).toContain("Xin chào")
    expect(a).toContain("🚀")
    expect(a).toMatch(/```ts\n[\s\S]*\n```/)
    const tokens = tokenize(a)
    expect(tokens.join("")).toBe(a)
    expect(tokens.length).toBeGreaterThan(20)
    expect(Math.max(...tokens.map((t) => Array.from(t.trimStart()).length))).toBeLessThanOrEqual(5)
  })
})

describe("lifecycle", () => {
  it("close() ends an in-flight stalled stream promptly", async () => {
    const s = await sim({ kind: "openai", faults: [{ kind: "stall", afterTokens: 1, ms: 10_000 }] })
    const res = await post(`${s.url}/v1/chat/completions`, { messages: [{ role: "user", content: "x" }], stream: true })
    const reading = read(res)
    await new Promise((r) => setTimeout(r, 30))
    const start = performance.now()
    await s.close()
    const r = await reading
    // Far below the 10 s stall: close() did not wait for it.
    expect(performance.now() - start).toBeLessThan(5000)
    expect(r.error).toBeDefined()
  })
})
