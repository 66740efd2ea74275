import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, judgeReply, withSim } from "@llp/testkit"
import { Effect } from "effect"
import { makeOllamaProvider } from "../src/index.js"

const SCHEMA = { type: "object", properties: { item1: { type: "object" } }, required: ["item1"], additionalProperties: false }

describe("Ollama provider: structured output", () => {
  it.live("sends the schema itself as `format` on /api/chat", () =>
    withSim({ kind: "ollama", reply: judgeReply({ verdict: () => "partly" }) }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeOllamaProvider({ name: "ollama", baseUrl: sim.url })
        const r = yield* chatOf(provider, { model: "llama3.2:latest", prompt: "RUBRIC ITEMS:", structured: { name: "rubric_verdicts", schema: SCHEMA } })
        expect(r.error).toBeUndefined()
        const chat = sim.requests.find((q) => q.path === "/api/chat")!
        expect((chat.body as any).format).toEqual(SCHEMA)
        expect(chat.structured).toEqual(SCHEMA)
        expect(JSON.parse(r.text)).toMatchObject({ item1: { verdict: "partly" } })
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
