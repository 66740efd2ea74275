import { planChat } from "./chat.js"
import type { Ctx } from "./context.js"
import { vllmError } from "./errors.js"
import { is, type KindServer } from "./kind.js"
import { digest } from "./models.js"
import { oaiChat } from "./oai.js"

const CREATED = Math.floor(Date.now() / 1000)

const flat = (ctx: Ctx): boolean => ctx.sim.options.flatErrors === true

/** vLLM's `ModelCard`: `max_model_len` is the context window. */
const modelCards = (ctx: Ctx) => ({
  object: "list",
  data: ctx.sim.models.map((m) => ({
    id: m.id,
    object: "model",
    created: CREATED,
    owned_by: "vllm",
    root: m.id,
    parent: null,
    max_model_len: m.maxContext,
    permission: [
      {
        id: `modelperm-${digest(m.id).slice(0, 32)}`,
        object: "model_permission",
        created: CREATED,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: "*",
        group: null,
        is_blocking: false
      }
    ]
  }))
})

const chat = async (ctx: Ctx): Promise<void> => {
  const requested = ctx.body["model"]
  const models = ctx.sim.models
  const found = typeof requested === "string" ? models.find((m) => m.id === requested) : models[0]
  const model = ctx.fault("wrong-model") ? (found ?? models[0]) : found
  if (model === undefined || ctx.fault("unknown-model"))
    return ctx.wire.json(404, vllmError(flat(ctx), `The model \`${String(requested)}\` does not exist.`, "NotFoundError", 404, "model"))
  const plan = planChat(ctx, { model: model.id, reasoning: model.reasoning })
  await oaiChat(ctx, "vllm", plan)
}

/** A generic OpenAI-compatible server, vLLM-like (TabbyAPI differs only in ignoring `model`). */
export const openai: KindServer = {
  async route(ctx) {
    if (is(ctx, "GET", "/health")) await ctx.wire.json(200, "", "text/plain")
    else if (is(ctx, "GET", "/v1/models")) await ctx.wire.json(200, modelCards(ctx))
    else if (is(ctx, "POST", "/v1/chat/completions")) await chat(ctx)
    else return false
    return true
  },
  notFound: (ctx) => ctx.wire.json(404, { detail: "Not Found" }),
  serverError: (ctx) => ctx.wire.json(500, vllmError(flat(ctx), "Internal server error", "InternalServerError", 500)),
  unauthorized: (ctx) => ctx.wire.json(401, vllmError(flat(ctx), "Unauthorized", "authentication_error", 401)),
  isPublic: (path) => path === "/health"
}
