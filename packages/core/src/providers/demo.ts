import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { LoadParams } from "../domain/Bot.js"
import type { ChatRequest, ModelEntry, Service, StreamPart } from "../services/Provider.js"

export const DEMO_MODELS: ReadonlyArray<ModelEntry> = [
  { id: "demo-fast-3b", type: "llm", loaded: true, meta: { arch: "demo", quantization: "Q8_0", format: "gguf", maxContext: 32768, sizeBytes: 3_620_000_000 } },
  { id: "demo-thoughtful-14b", type: "llm", loaded: false, meta: { arch: "demo", quantization: "Q5_K_M", format: "gguf", maxContext: 32768, sizeBytes: 10_500_000_000 } }
]

const speedOf = (model: string) => (model.includes("14b") ? { ttftMs: 900, tokenMs: 45 } : { ttftMs: 350, tokenMs: 22 })

/** A plausible answer built from the prompt, so every screen can be tried without a server. */
export const demoAnswer = (request: ChatRequest): string => {
  const firstLine = request.prompt.split("\n").find((l) => l.trim() !== "")?.trim() ?? "your question"
  const topic = firstLine.length > 90 ? `${firstLine.slice(0, 87)}…` : firstLine
  const wantsCode = /\b(code|function|program|implement|write a|go|rust|python|typescript|sql)\b/i.test(request.prompt)
  const lines = [
    `*(This answer comes from LLP's built-in demo provider, not from a real model.)*`,
    "",
    `You asked: "${topic}"`,
    "",
    "Here is how I would approach it:",
    "",
    "1. Restate the problem and the constraints, so nothing is missed.",
    "2. Work through a small example by hand before generalising.",
    "3. Give the answer, then check it against the example.",
    ""
  ]
  if (wantsCode) {
    lines.push("```python", "def solve(items):", "    \"\"\"Return the items in order, without duplicates.\"\"\"", "    seen = set()", "    out = []", "    for item in items:", "        if item not in seen:", "            seen.add(item)", "            out.append(item)", "    return out", "```", "")
  }
  lines.push("In short: the answer depends on the details above; a real model would say more. Xin chào! 👋")
  return lines.join("\n")
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * JSON matching the request's schema (what a server's structured-output mode guarantees): enums pick a
 * value from a hash of the prompt, texts quote the first words of the answer being judged. So the judge
 * can be tried with a demo bot.
 */
export const demoStructured = (schema: unknown, prompt: string): unknown => {
  const answer = /<<<ANSWER\n([\s\S]*?)\nANSWER>>>/.exec(prompt)?.[1] ?? prompt
  const quote = answer.replace(/\s+/g, " ").trim().slice(0, 40)
  let h = 0
  const pick = (key: string, values: ReadonlyArray<unknown>) => {
    for (const c of `${key}:${prompt}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0
    return values[h % values.length]
  }
  const value = (key: string, s: unknown): unknown => {
    if (!isObject(s)) return null
    if (Array.isArray(s["enum"])) return pick(key, s["enum"])
    if (s["type"] === "object" && isObject(s["properties"])) return Object.fromEntries(Object.entries(s["properties"]).map(([k, v]) => [k, value(k, v)]))
    if (s["type"] === "string") return `The answer says "${quote}".`
    return null
  }
  return value("", schema)
}

/** Splits text into word-sized pieces, as a tokenizer would roughly do. */
const pieces = (text: string): ReadonlyArray<string> => text.match(/\s*\S+|\s+/g) ?? []

/**
 * The demo provider: streams a plausible answer at a realistic pace (a cold first token, then
 * steady tokens), and reports its own stats like a server would. Its runs are marked as demo.
 */
export const makeDemoProvider = (name = "demo", pace = 1): Service => ({
  name,
  kind: "demo",
  baseUrl: "demo:",
  listModels: () => Effect.succeed(DEMO_MODELS),
  load: (model: string, load: LoadParams) =>
    Effect.succeed({ model, loadMs: 0, applied: { ...load }, ignored: [] }),
  unload: () => Effect.void,
  chat: (request: ChatRequest): Stream.Stream<StreamPart, never> => {
    const answer = request.structured !== undefined ? JSON.stringify(demoStructured(request.structured.schema, request.prompt)) : demoAnswer(request)
    const tokens = pieces(answer)
    const speed = speedOf(request.model)
    const body = { model: request.model, messages: [...(request.system ? [{ role: "system", content: request.system }] : []), { role: "user", content: request.prompt }], ...request.sampling }
    return Stream.make<Array<StreamPart>>({ type: "request", body }, { type: "response-metadata", model: request.model }).pipe(
      Stream.concat(
        Stream.fromIterable(tokens).pipe(
          Stream.zipWithIndex,
          Stream.mapEffect(([delta, i]) => Effect.sleep(i === 0 ? speed.ttftMs * pace : speed.tokenMs * pace).pipe(Effect.as<StreamPart>({ type: "text-delta", delta })))
        )
      ),
      Stream.concat(
        Stream.make<Array<StreamPart>>({
          type: "finish",
          finishReason: { unified: "stop", raw: "eosFound" },
          usage: { inputTokens: pieces(request.prompt).length, outputTokens: tokens.length },
          timings: { tokensPerSecond: 1000 / (speed.tokenMs * pace), ttftMs: speed.ttftMs * pace },
          raw: { demo: true, tokens_per_second: 1000 / (speed.tokenMs * pace), time_to_first_token: (speed.ttftMs * pace) / 1000, stop_reason: "eosFound" }
        })
      )
    )
  }
})
