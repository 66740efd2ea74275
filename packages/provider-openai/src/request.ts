import type { ChatRequest, StructuredOutput } from "@llp/core"
import { compact } from "./json.js"

/** The system message (when there is one) and the user message. */
export const chatMessages = (request: ChatRequest): ReadonlyArray<{ readonly role: "system" | "user"; readonly content: string }> => [
  ...(request.system !== undefined && request.system !== "" ? [{ role: "system" as const, content: request.system }] : []),
  { role: "user" as const, content: request.prompt }
]

/** maxTokens for an OpenAI-style body: -1 (no limit) and unset are left out. */
export const maxTokensOf = (maxTokens: number | undefined): number | undefined =>
  maxTokens === undefined || maxTokens < 0 ? undefined : maxTokens

export interface ChatBodyOptions {
  /** Send llama.cpp's `cache_prompt: false`, so that every run processes its whole prompt (fair TTFT). Default true. */
  readonly cachePromptOff?: boolean
}

/**
 * The streamed `POST /chat/completions` body. Sampling fields that a server does not know are ignored by it
 * (vLLM logs them, llama.cpp and LM Studio read top_k/min_p/repeat_penalty), so all are sent when set.
 */
export const openAiChatBody = (request: ChatRequest, options: ChatBodyOptions = {}): Record<string, unknown> => {
  const s = request.sampling
  return compact({
    model: request.model,
    messages: chatMessages(request),
    stream: true,
    stream_options: { include_usage: true },
    cache_prompt: options.cachePromptOff === false || request.promptCache === true ? undefined : false,
    max_tokens: maxTokensOf(s.maxTokens),
    temperature: s.temperature,
    top_p: s.topP,
    top_k: s.topK,
    min_p: s.minP,
    repeat_penalty: s.repeatPenalty,
    frequency_penalty: s.frequencyPenalty,
    presence_penalty: s.presencePenalty,
    response_format: request.structured === undefined ? undefined : jsonSchemaFormat(request.structured)
  })
}

/**
 * OpenAI's structured-output field, which LM Studio, llama.cpp's llama-server (it turns the schema into a
 * grammar), vLLM and Ollama's /v1 read as well.
 */
export const jsonSchemaFormat = (structured: StructuredOutput): Record<string, unknown> => ({
  type: "json_schema",
  json_schema: { name: structured.name, strict: true, schema: structured.schema }
})
