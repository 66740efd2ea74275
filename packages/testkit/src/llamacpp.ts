import { planChat } from "./chat.js"
import type { Ctx } from "./context.js"
import { llamacppError } from "./errors.js"
import { is, type KindServer } from "./kind.js"
import { paramCount, type ModelState } from "./models.js"
import { oaiChat } from "./oai.js"
import { promptPieces } from "./reply.js"

const CREATED = Math.floor(Date.now() / 1000)
const BUILD = "b5000-llpsim"

/** llama-server serves one model: the first of the list. */
const served = (ctx: Ctx): ModelState | undefined => ctx.sim.models[0]

const loading = (ctx: Ctx): boolean => {
  const f = ctx.fault("cold-start")
  return f !== undefined && Date.now() - ctx.sim.faultsSince < f.ms
}

const props = (m: ModelState) => ({
  default_generation_settings: {
    id: 0,
    id_task: -1,
    n_ctx: m.maxContext,
    speculative: false,
    is_processing: false,
    params: {
      n_predict: -1,
      seed: 4294967295,
      temperature: 0.8,
      dynatemp_range: 0,
      dynatemp_exponent: 1,
      top_k: 40,
      top_p: 0.95,
      min_p: 0.05,
      typical_p: 1,
      repeat_last_n: 64,
      repeat_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      mirostat: 0,
      stream: true,
      n_probs: 0,
      samplers: ["penalties", "dry", "top_k", "typ_p", "top_p", "min_p", "xtc", "temperature"]
    }
  },
  total_slots: 1,
  model_path: m.id,
  chat_template: "{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endfor %}",
  build_info: BUILD
})

const models = (m: ModelState) => ({
  object: "list",
  data: [
    {
      id: m.id,
      object: "model",
      created: CREATED,
      owned_by: "llamacpp",
      meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: m.maxContext, n_embd: 896, n_params: paramCount(m), size: m.sizeBytes }
    }
  ]
})

const chat = async (ctx: Ctx, m: ModelState): Promise<void> => {
  const requested = ctx.body["model"]
  if (ctx.fault("unknown-model")) return ctx.wire.json(404, llamacppError(404, `model '${String(requested)}' not found`, "not_found_error"))
  const plan = planChat(ctx, { model: typeof requested === "string" ? requested : m.id, reasoning: m.reasoning })
  // prompt cache: with cache_prompt (default true) only the unseen suffix of the prompt is processed
  const pieces = promptPieces(ctx.req.body)
  const cached = ctx.sim.reusePrompt(pieces, ctx.body["cache_prompt"] !== false)
  const cacheN = Math.max(0, Math.min(cached, plan.promptTokens - 1))
  const promptN = plan.promptTokens - cacheN
  const timings = () => {
    const t = ctx.timing()
    const n = ctx.emitted
    return {
      cache_n: cacheN,
      prompt_n: promptN,
      prompt_ms: t.promptMs,
      prompt_per_token_ms: t.promptMs / promptN,
      prompt_per_second: (promptN * 1000) / t.promptMs,
      predicted_n: n,
      predicted_ms: t.genMs,
      predicted_per_token_ms: t.genMs / Math.max(1, n),
      predicted_per_second: (n * 1000) / t.genMs
    }
  }
  await oaiChat(ctx, "llamacpp", plan, { finalChunk: () => ({ timings: timings() }), body: () => ({ timings: timings() }) })
}

export const llamacpp: KindServer = {
  async route(ctx) {
    const m = served(ctx)
    const { wire } = ctx
    if (is(ctx, "GET", "/health", "/v1/health")) {
      if (loading(ctx) || m === undefined) await wire.json(503, llamacppError(503, "Loading model", "unavailable_error"))
      else await wire.json(200, { status: "ok" })
    } else if (m === undefined) await wire.json(503, llamacppError(503, "Loading model", "unavailable_error"))
    else if (is(ctx, "GET", "/props")) await wire.json(200, props(m))
    else if (is(ctx, "GET", "/v1/models", "/models")) await wire.json(200, models(m))
    else if (is(ctx, "POST", "/v1/chat/completions", "/chat/completions")) await chat(ctx, m)
    else return false
    return true
  },
  notFound: (ctx) => ctx.wire.json(404, llamacppError(404, "File Not Found", "not_found_error")),
  serverError: (ctx) => ctx.wire.json(500, llamacppError(500, "Internal server error", "server_error")),
  unauthorized: (ctx) => ctx.wire.json(401, llamacppError(401, "Invalid API Key", "authentication_error")),
  isPublic: (path) => ["/health", "/v1/health", "/models", "/v1/models"].includes(path)
}
