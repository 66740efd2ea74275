import { chatId, nowSeconds, type ChatPlan } from "./chat.js"
import type { Ctx } from "./context.js"
import { llamacppError, llamacppErrorData, MID_STREAM_MESSAGE, oaiError, vllmError } from "./errors.js"
import { play, playThenRespond, textOf, type Piece, type PlayIo } from "./faults.js"
import { isObject } from "./reply.js"

/**
 * Flavours of OpenAI-compatible chat completions:
 * - `lmstudio` (`/v1`): role on the first delta, separate `delta:{}` finish chunk, usage chunk with `include_usage`, `"stats": {}`.
 * - `lmstudio-v0` (`/api/v0`): same stream but never usage; the non-stream body has usage, stats, model_info, runtime.
 * - `ollama` (`/v1`): `fp_ollama`, role on every delta, usage chunk with `include_usage`.
 * - `vllm`: a role-only first chunk, finish_reason on the last content chunk, usage when `stream_options` is present
 *   (`include_usage` defaults to true there).
 * - `llamacpp`: role-only first chunk, final `delta:{}` chunk always carrying `usage` and `timings`; errors on the `error:` field.
 */
export type OaiFlavor = "lmstudio" | "lmstudio-v0" | "ollama" | "vllm" | "llamacpp"

export interface OaiExtras {
  /** Fields added to the final stream chunk (llama.cpp `timings`). */
  finalChunk?: () => Record<string, unknown>
  /** Fields added to the non-stream body (LM Studio v0 stats/model_info/runtime, llama.cpp timings). */
  body?: () => Record<string, unknown>
}

const LLAMACPP_FINGERPRINT = "b5000-llpsim"

const reasoningField = (flavor: OaiFlavor): string => (flavor === "vllm" || flavor === "llamacpp" ? "reasoning_content" : "reasoning")

const fingerprint = (flavor: OaiFlavor, model: string): Record<string, string> =>
  flavor === "lmstudio" || flavor === "lmstudio-v0"
    ? { system_fingerprint: model }
    : flavor === "ollama"
      ? { system_fingerprint: "fp_ollama" }
      : flavor === "llamacpp"
        ? { system_fingerprint: LLAMACPP_FINGERPRINT }
        : {}

const choice = (flavor: OaiFlavor, key: "delta" | "message", value: unknown, finish: string | null): Record<string, unknown> => {
  if (flavor === "llamacpp") return { finish_reason: finish, index: 0, [key]: value }
  if (flavor === "ollama") return { index: 0, [key]: value, finish_reason: finish }
  if (flavor === "vllm") return { index: 0, [key]: value, logprobs: null, finish_reason: finish, ...(finish !== null ? { stop_reason: null } : {}) }
  return { index: 0, [key]: value, logprobs: null, finish_reason: finish }
}

const errorBody = (ctx: Ctx, flavor: OaiFlavor, message: string): unknown =>
  flavor === "llamacpp"
    ? llamacppError(500, message, "server_error")
    : flavor === "vllm"
      ? vllmError(ctx.sim.options.flatErrors === true, message, "InternalServerError", 500)
      : oaiError(message, flavor === "ollama" ? "api_error" : "server_error")

const wantsUsageChunk = (ctx: Ctx, flavor: OaiFlavor): boolean => {
  const so = ctx.body["stream_options"]
  if (flavor === "vllm") return isObject(so) && so["include_usage"] !== false
  if (flavor === "lmstudio" || flavor === "ollama") return isObject(so) && so["include_usage"] === true
  return false
}

const usageOf = (plan: ChatPlan, completion: number) => ({
  prompt_tokens: plan.promptTokens,
  completion_tokens: completion,
  total_tokens: plan.promptTokens + completion
})

/** Serve a chat completion (stream or not) for an already resolved model. */
export const oaiChat = async (ctx: Ctx, flavor: OaiFlavor, plan: ChatPlan, extras: OaiExtras = {}): Promise<void> => {
  await ctx.coldStart()
  if (ctx.wire.closed) return
  if (ctx.body["stream"] === true) await streamChat(ctx, flavor, plan, extras)
  else await completeChat(ctx, flavor, plan, extras)
}

const streamChat = async (ctx: Ctx, flavor: OaiFlavor, plan: ChatPlan, extras: OaiExtras): Promise<void> => {
  const { wire } = ctx
  const id = chatId(ctx)
  const created = nowSeconds()
  const head = { id, object: "chat.completion.chunk", created, model: plan.model, ...fingerprint(flavor, plan.model) }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): Promise<void> =>
    wire.sse(JSON.stringify({ ...head, choices: [choice(flavor, "delta", delta, finish)], ...extra }))
  const roleChunk = (): Promise<void> =>
    flavor === "vllm" ? chunk({ role: "assistant", content: "" }) : flavor === "llamacpp" ? chunk({ role: "assistant", content: null }) : Promise.resolve()
  const field = reasoningField(flavor)
  wire.streamHead("text/event-stream")

  const io: PlayIo = {
    emit: async (p: Piece, i: number, last: boolean) => {
      if (i === 0) await roleChunk()
      const key = p.reasoning ? field : "content"
      const delta =
        flavor === "ollama"
          ? { role: "assistant", content: p.reasoning ? "" : p.text, ...(p.reasoning ? { reasoning: p.text } : {}) }
          : i === 0 && (flavor === "lmstudio" || flavor === "lmstudio-v0")
            ? { role: "assistant", [key]: p.text }
            : { [key]: p.text }
      await chunk(delta, flavor === "vllm" && last ? plan.finish : null)
    },
    malformed: () => wire.sse(`{"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"`),
    error: async () => {
      if (flavor === "llamacpp") await wire.sse(JSON.stringify(llamacppErrorData(500, MID_STREAM_MESSAGE, "server_error")), { field: "error" })
      else await wire.sse(JSON.stringify(errorBody(ctx, flavor, MID_STREAM_MESSAGE)))
      if (flavor === "llamacpp" || flavor === "vllm") await wire.sse("[DONE]")
      wire.end()
    }
  }
  const end = await play(ctx, plan.pieces, io, { lastInline: flavor === "vllm" })
  if (end !== "finished") return
  const usage = usageOf(plan, ctx.emitted)
  if (flavor === "vllm") {
    if (plan.pieces.length === 0) {
      await roleChunk()
      await chunk({ content: "" }, plan.finish)
    }
  } else {
    await chunk({}, plan.finish, flavor === "llamacpp" ? { usage, ...extras.finalChunk?.() } : {})
  }
  if (wantsUsageChunk(ctx, flavor)) await wire.sse(JSON.stringify({ ...head, choices: [], usage }))
  await wire.sse("[DONE]")
  wire.end()
}

const completeChat = async (ctx: Ctx, flavor: OaiFlavor, plan: ChatPlan, extras: OaiExtras): Promise<void> => {
  const id = chatId(ctx)
  const created = nowSeconds()
  const build = (): Record<string, unknown> => {
    const emitted = plan.pieces.slice(0, ctx.emitted)
    const reasoning = textOf(emitted, true)
    const content = textOf(emitted, false)
    const field = reasoningField(flavor)
    const message =
      flavor === "vllm"
        ? { role: "assistant", content, [field]: reasoning === "" ? null : reasoning, tool_calls: [] }
        : { role: "assistant", content, ...(reasoning !== "" ? { [field]: reasoning } : {}) }
    const usage = usageOf(plan, ctx.emitted)
    const base = {
      id,
      object: "chat.completion",
      created,
      model: plan.model,
      ...fingerprint(flavor, plan.model),
      choices: [choice(flavor, "message", message, plan.finish)],
      usage: flavor === "vllm" ? { ...usage, prompt_tokens_details: null } : usage
    }
    if (flavor === "lmstudio") return { ...base, stats: {} }
    if (flavor === "vllm") return { ...base, prompt_logprobs: null }
    return { ...base, ...extras.body?.() }
  }
  await playThenRespond(ctx, plan.pieces, build, () => errorBody(ctx, flavor, MID_STREAM_MESSAGE))
}
