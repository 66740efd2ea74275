import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, judgeReply, withSim, type SimKind } from "@llp/testkit"
import { Effect } from "effect"
import { makeOpenAiProvider } from "../src/index.js"

const SCHEMA = { type: "object", properties: { item1: { type: "object" } }, required: ["item1"], additionalProperties: false }

describe.each<[SimKind, string]>([
  ["llamacpp", "qwen2.5-0.5b-instruct-q4_k_m.gguf"],
  ["openai", "Qwen/Qwen2.5-0.5B-Instruct"]
])("openai-compatible provider: structured output against %s", (kind, model) => {
  it.live("sends response_format json_schema, the field the server reads its schema from", () =>
    withSim({ kind, reply: judgeReply({ verdict: () => "not met" }) }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeOpenAiProvider({ name: "oai", baseUrl: `${sim.url}/v1` })
        const r = yield* chatOf(provider, { model, prompt: "RUBRIC ITEMS:", structured: { name: "rubric_verdicts", schema: SCHEMA } })
        expect(r.error).toBeUndefined()
        const chat = sim.requests.find((q) => q.path.endsWith("/chat/completions"))!
        expect((chat.body as any).response_format).toEqual({ type: "json_schema", json_schema: { name: "rubric_verdicts", strict: true, schema: SCHEMA } })
        // what the server itself extracted from its own field
        expect(chat.structured).toEqual(SCHEMA)
        expect(JSON.parse(r.text)).toMatchObject({ item1: { verdict: "not met" } })
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("sends no response_format when no schema is asked for", () =>
    withSim({ kind }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeOpenAiProvider({ name: "oai", baseUrl: `${sim.url}/v1` })
        yield* chatOf(provider, { model })
        const chat = sim.requests.find((q) => q.path.endsWith("/chat/completions"))!
        expect((chat.body as any).response_format).toBeUndefined()
        expect(chat.structured).toBeUndefined()
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
