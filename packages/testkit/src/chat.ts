import type { Ctx } from "./context.js"
import type { Piece } from "./faults.js"
import { defaultReasoning, defaultReply, promptTokenCount, tokenize } from "./reply.js"

export interface ChatPlan {
  /** The model id the response reports (the `wrong-model` fault changes it). */
  model: string
  pieces: Piece[]
  promptTokens: number
  finish: "stop" | "length"
}

const positive = (u: unknown): number | undefined => (typeof u === "number" && u > 0 ? u : undefined)

/** The request's token limit (`max_tokens`, `max_completion_tokens`, `max_output_tokens`, Ollama `options.num_predict`). */
export const maxTokensOf = (body: Record<string, unknown>): number | undefined => {
  const options = body["options"]
  const numPredict = typeof options === "object" && options !== null ? (options as Record<string, unknown>)["num_predict"] : undefined
  return positive(body["max_completion_tokens"]) ?? positive(body["max_tokens"]) ?? positive(body["max_output_tokens"]) ?? positive(numPredict)
}

/** What a chat request will answer: reply pieces (reasoning first), truncated to the token limit. */
export const planChat = (ctx: Ctx, o: { model: string; reasoning: boolean }): ChatPlan => {
  const options = ctx.sim.options
  const text = options.reply !== undefined ? options.reply(ctx.req) : defaultReply(ctx.req)
  const content = tokenize(text)
  const wrong = ctx.fault("wrong-model")
  const model = wrong !== undefined ? wrong.answeredModel : o.model
  const promptTokens = promptTokenCount(ctx.req.body)
  if (options.tokens !== undefined) {
    const base = content.length > 0 ? content : [" token"]
    const pieces = Array.from({ length: options.tokens }, (_, i) => ({ text: base[i % base.length] ?? "", reasoning: false }))
    return { model, pieces, promptTokens, finish: "stop" }
  }
  const reasoning = o.reasoning ? tokenize(defaultReasoning(ctx.req)) : []
  const all: Piece[] = [...reasoning.map((text) => ({ text, reasoning: true })), ...content.map((text) => ({ text, reasoning: false }))]
  const max = maxTokensOf(ctx.body)
  if (max !== undefined && all.length > max) return { model, pieces: all.slice(0, max), promptTokens, finish: "length" }
  return { model, pieces: all, promptTokens, finish: "stop" }
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

export const chatId = (ctx: Ctx): string => `chatcmpl-sim${ctx.sim.next().toString(36).padStart(8, "0")}`

/** Tokens per second, rounded like the servers do (a float). */
export const perSecond = (tokens: number, ms: number): number => (tokens * 1000) / ms
