import { perSecond, planChat, type ChatPlan } from "./chat.js"
import type { Ctx } from "./context.js"
import { LMS_NO_MODELS, lmsV1Error, oaiError } from "./errors.js"
import { is, round3, type KindServer } from "./kind.js"
import { bitsPerWeight, defaultContext, displayName, loadInstance, paramsString, publisher, type LoadConfig, type ModelState } from "./models.js"
import { oaiChat } from "./oai.js"
import { lmstudioV1Chat } from "./lmstudio-v1-chat.js"

const v0Model = (m: ModelState) => ({
  id: m.id,
  object: "model",
  type: m.type,
  publisher: publisher(m.id),
  arch: m.arch,
  compatibility_type: m.format,
  quantization: m.quantization,
  state: m.loaded ? "loaded" : "not-loaded",
  max_context_length: m.maxContext
})

const isLlm = (m: ModelState): boolean => m.type !== "embeddings"

const fullConfig = (m: ModelState, config: LoadConfig): LoadConfig =>
  isLlm(m)
    ? { eval_batch_size: 512, flash_attention: true, offload_kv_cache_to_gpu: true, ...config }
    : { context_length: config.context_length }

const v1Model = (m: ModelState) => ({
  type: isLlm(m) ? "llm" : "embedding",
  publisher: publisher(m.id),
  key: m.id,
  display_name: displayName(m.id),
  ...(isLlm(m) ? { architecture: m.arch } : {}),
  quantization: { name: m.quantization, bits_per_weight: bitsPerWeight(m.quantization) },
  size_bytes: m.sizeBytes,
  params_string: isLlm(m) ? paramsString(m) : null,
  loaded_instances: m.instances.map((i) => ({ id: i.id, config: isLlm(m) ? { parallel: 4, ...fullConfig(m, i.config) } : i.config })),
  max_context_length: m.maxContext,
  format: m.format,
  ...(isLlm(m)
    ? {
        capabilities: {
          vision: m.type === "vlm",
          trained_for_tool_use: false,
          ...(m.reasoning ? { reasoning: { allowed_options: ["low", "medium", "high"], default: "medium" } } : {})
        },
        description: null
      }
    : {})
})

type Resolved = { model: ModelState } | { status: number; body: unknown }

/** Model resolution of `/v1` and `/api/v0` chat: unknown → 404 model_not_found; downloaded but unloaded → JIT load. */
const resolveOai = (ctx: Ctx): Resolved => {
  const models = ctx.sim.models
  const requested = ctx.body["model"]
  const firstLoaded = models.find((m) => m.loaded && isLlm(m))
  if (ctx.fault("unknown-model")) return { status: 404, body: oaiError(LMS_NO_MODELS, "invalid_request_error", "model", "model_not_found") }
  const found = typeof requested === "string" ? models.find((m) => m.id === requested) : undefined
  const model = ctx.fault("wrong-model") || typeof requested !== "string" ? (found ?? firstLoaded ?? models[0]) : found
  if (model === undefined) {
    if (typeof requested !== "string") return { status: 404, body: oaiError(LMS_NO_MODELS, "invalid_request_error", "model", "model_not_found") }
    const list = models.map((m) => m.id).join("\n")
    const message = `Model "${requested}" not found. Please specify a valid model.\n\nYour models:\n\n${list}`
    return { status: 404, body: oaiError(message, "invalid_request_error", "model", "model_not_found") }
  }
  if (!model.loaded) loadInstance(model, { context_length: defaultContext(model) })
  return { model }
}

const v0Extras = (ctx: Ctx, m: ModelState, plan: ChatPlan) => () => {
  const t = ctx.timing()
  return {
    stats: {
      tokens_per_second: perSecond(ctx.emitted, t.genMs),
      time_to_first_token: round3(t.ttftMs / 1000),
      generation_time: round3(t.genMs / 1000),
      stop_reason: plan.finish === "length" ? "maxPredictedTokensReached" : "eosFound"
    },
    model_info: { arch: m.arch, quant: m.quantization, format: m.format, context_length: m.instances[0]?.config.context_length ?? m.maxContext },
    runtime:
      m.format === "mlx"
        ? { name: "mlx-llm-mac-arm64-apple-metal-advsimd", version: "0.26.1", supported_formats: ["safetensors"] }
        : { name: "llama.cpp-linux-x86_64-avx2", version: "1.50.2", supported_formats: ["gguf"] }
  }
}

const chatCompletions = async (ctx: Ctx, v0: boolean): Promise<void> => {
  const r = resolveOai(ctx)
  if (!("model" in r)) return ctx.wire.json(r.status, r.body)
  const plan = planChat(ctx, { model: r.model.id, reasoning: r.model.reasoning })
  await oaiChat(ctx, v0 ? "lmstudio-v0" : "lmstudio", plan, v0 ? { body: v0Extras(ctx, r.model, plan) } : {})
}

const load = async (ctx: Ctx): Promise<void> => {
  const body = ctx.body
  const key = body["model"]
  if (typeof key !== "string") return ctx.wire.json(400, lmsV1Error("invalid_request", '"model" is required'))
  const m = ctx.sim.models.find((x) => x.id === key)
  if (m === undefined || ctx.fault("unknown-model")) return ctx.wire.json(404, lmsV1Error("model_not_found", `Model "${key}" not found`))
  const spent = await ctx.coldStart()
  const num = (k: string): number | undefined => (typeof body[k] === "number" ? body[k] : undefined)
  const bool = (k: string): boolean | undefined => (typeof body[k] === "boolean" ? body[k] : undefined)
  const asked: LoadConfig = { context_length: Math.min(num("context_length") ?? defaultContext(m), m.maxContext) }
  const batch = num("eval_batch_size")
  const flash = bool("flash_attention")
  const experts = num("num_experts")
  const offload = bool("offload_kv_cache_to_gpu")
  if (batch !== undefined) asked.eval_batch_size = batch
  if (flash !== undefined) asked.flash_attention = flash
  if (experts !== undefined) asked.num_experts = experts
  if (offload !== undefined) asked.offload_kv_cache_to_gpu = offload
  const config = fullConfig(m, asked)
  const instanceId = loadInstance(m, config)
  await ctx.wire.json(200, {
    type: isLlm(m) ? "llm" : "embedding",
    instance_id: instanceId,
    load_time_seconds: round3(Math.max(spent, 1) / 1000),
    status: "loaded",
    ...(body["echo_load_config"] === true ? { load_config: config } : {})
  })
}

const unload = async (ctx: Ctx): Promise<void> => {
  const id = ctx.body["instance_id"]
  if (typeof id !== "string") return ctx.wire.json(400, lmsV1Error("invalid_request", '"instance_id" is required'))
  const m = ctx.sim.models.find((x) => x.instances.some((i) => i.id === id))
  if (m === undefined) return ctx.wire.json(404, lmsV1Error("model_not_found", `No loaded model instance with id "${id}"`))
  m.instances = m.instances.filter((i) => i.id !== id)
  m.loaded = m.instances.length > 0
  await ctx.wire.json(200, { instance_id: id })
}

const V0_MODEL_PREFIX = "/api/v0/models/"

export const lmstudio: KindServer = {
  async route(ctx) {
    const { path, method } = ctx.req
    const models = ctx.sim.models
    if (path.startsWith("/api/v1/") && ctx.fault("no-v1-api")) return false
    if (is(ctx, "GET", "/lmstudio-greeting")) await ctx.wire.json(200, { lmstudio: true })
    else if (is(ctx, "GET", "/api/v0/models")) await ctx.wire.json(200, { object: "list", data: models.map(v0Model) })
    else if (method === "GET" && path.startsWith(V0_MODEL_PREFIX)) {
      const id = decodeURIComponent(path.slice(V0_MODEL_PREFIX.length))
      const m = models.find((x) => x.id === id)
      if (m === undefined) await ctx.wire.json(404, oaiError(`Model "${id}" not found.`, "invalid_request_error", "model", "model_not_found"))
      else await ctx.wire.json(200, v0Model(m))
    } else if (is(ctx, "POST", "/api/v0/chat/completions")) await chatCompletions(ctx, true)
    else if (is(ctx, "GET", "/api/v1/models")) await ctx.wire.json(200, { models: models.map(v1Model) })
    else if (is(ctx, "POST", "/api/v1/models/load")) await load(ctx)
    else if (is(ctx, "POST", "/api/v1/models/unload")) await unload(ctx)
    else if (is(ctx, "POST", "/api/v1/chat")) await lmstudioV1Chat(ctx)
    else if (is(ctx, "GET", "/v1/models"))
      await ctx.wire.json(200, { object: "list", data: models.map((m) => ({ id: m.id, object: "model", owned_by: "organization_owner" })) })
    else if (is(ctx, "POST", "/v1/chat/completions")) await chatCompletions(ctx, false)
    else return false
    return true
  },
  notFound: (ctx) => ctx.wire.json(404, { error: `Unexpected endpoint or method. (${ctx.req.method} ${ctx.req.path})` }),
  serverError: (ctx) =>
    ctx.wire.json(
      500,
      ctx.req.path.startsWith("/api/v1/") ? lmsV1Error("internal_error", "Internal server error") : oaiError("Internal server error", "server_error")
    ),
  unauthorized: (ctx) => ctx.wire.json(401, oaiError("Invalid or missing API token", "invalid_request_error", null, "invalid_api_key"))
}
