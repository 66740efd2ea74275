import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, judgeReply, withSim } from "@llp/testkit"
import { Effect } from "effect"
import { makeLmStudioProvider } from "../src/index.js"

const SCHEMA = { type: "object", properties: { item1: { type: "object" } }, required: ["item1"], additionalProperties: false }

describe("LM Studio provider: structured output", () => {
  it.live("sends the schema as response_format json_schema on the OpenAI-compatible route, which LM Studio constrains", () =>
    withSim({ kind: "lmstudio", reply: judgeReply({ verdict: () => "met" }) }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeLmStudioProvider({ name: "lms", baseUrl: sim.url })
        const r = yield* chatOf(provider, { model: "qwen2.5-7b-instruct", prompt: "RUBRIC ITEMS:", structured: { name: "rubric_verdicts", schema: SCHEMA } })
        expect(r.error).toBeUndefined()
        const chat = sim.requests.find((q) => q.path.includes("chat"))!
        expect(chat.path).toBe("/v1/chat/completions")
        expect((chat.body as any).response_format).toEqual({ type: "json_schema", json_schema: { name: "rubric_verdicts", strict: true, schema: SCHEMA } })
        expect(chat.structured).toEqual(SCHEMA)
        expect(JSON.parse(r.text)).toMatchObject({ item1: { verdict: "met" } })
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("a request without a schema stays on the native /api/v1/chat with no such field", () =>
    withSim({ kind: "lmstudio" }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeLmStudioProvider({ name: "lms", baseUrl: sim.url })
        yield* chatOf(provider, { model: "qwen2.5-7b-instruct" })
        const chat = sim.requests.find((q) => q.path.includes("chat"))!
        expect(chat.path).toBe("/api/v1/chat")
        expect(chat.structured).toBeUndefined()
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
