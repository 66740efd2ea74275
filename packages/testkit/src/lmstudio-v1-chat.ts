import { perSecond, planChat } from "./chat.js"
import type { Ctx } from "./context.js"
import { lmsV1Error, MID_STREAM_MESSAGE } from "./errors.js"
import { play, playThenRespond, textOf, type PlayIo } from "./faults.js"
import { round3 } from "./kind.js"
import { defaultContext, digest, loadInstance } from "./models.js"

/**
 * LM Studio `POST /api/v1/chat`. Streaming uses named SSE events: chat.start, model_load.* (when the model was not
 * loaded, or a `cold-start` fault is set: the delay happens between model_load.start and model_load.end),
 * prompt_processing.*, reasoning.* (reasoning models), message.*, error, chat.end {result}.
 */
export const lmstudioV1Chat = async (ctx: Ctx): Promise<void> => {
  const { body, wire } = ctx
  const key = body["model"]
  if (typeof key !== "string") return wire.json(400, lmsV1Error("invalid_request", '"model" is required'))
  const models = ctx.sim.models
  if (ctx.fault("unknown-model")) return wire.json(404, lmsV1Error("model_not_found", `Model "${key}" not found`))
  const found = models.find((m) => m.id === key || m.instances.some((i) => i.id === key))
  const m = ctx.fault("wrong-model") ? (found ?? models.find((x) => x.loaded) ?? models[0]) : found
  if (m === undefined) return wire.json(404, lmsV1Error("model_not_found", `Model "${key}" not found`))

  const coldMs = ctx.fault("cold-start")?.ms ?? 0
  const needsLoad = !m.loaded || coldMs > 0
  const requestedContext = typeof body["context_length"] === "number" ? body["context_length"] : defaultContext(m)
  const instanceId = m.loaded
    ? (m.instances.find((i) => i.id === key) ?? m.instances[0])?.id ?? m.id
    : loadInstance(m, { context_length: requestedContext })
  const plan = planChat(ctx, { model: instanceId, reasoning: m.reasoning && body["reasoning"] !== "off" })
  const responseId = `resp_${digest(`${ctx.req.at}:${ctx.sim.next()}`).slice(0, 48)}`

  const result = () => {
    const emitted = plan.pieces.slice(0, ctx.emitted)
    const reasoning = textOf(emitted, true)
    const t = ctx.timing()
    return {
      model_instance_id: plan.model,
      output: [...(reasoning !== "" ? [{ type: "reasoning", content: reasoning }] : []), { type: "message", content: textOf(emitted, false) }],
      stats: {
        input_tokens: plan.promptTokens,
        total_output_tokens: ctx.emitted,
        reasoning_output_tokens: emitted.filter((p) => p.reasoning).length,
        tokens_per_second: perSecond(ctx.emitted, t.genMs),
        time_to_first_token_seconds: round3(t.ttftMs / 1000),
        ...(needsLoad ? { model_load_time_seconds: round3(t.loadMs / 1000) } : {})
      },
      ...(body["store"] !== false ? { response_id: responseId } : {})
    }
  }

  if (body["stream"] !== true) {
    await ctx.coldStart()
    return playThenRespond(ctx, plan.pieces, result, () => lmsV1Error("internal_error", MID_STREAM_MESSAGE))
  }

  const ev = (type: string, extra: Record<string, unknown> = {}): Promise<void> => wire.sse(JSON.stringify({ type, ...extra }), { event: type })
  wire.streamHead("text/event-stream")
  await ev("chat.start", { model_instance_id: plan.model })
  if (needsLoad) {
    const start = performance.now()
    await ev("model_load.start", { model_instance_id: plan.model })
    await ctx.sleep(coldMs / 2)
    await ev("model_load.progress", { model_instance_id: plan.model, progress: 0.5 })
    await ctx.sleep(coldMs / 2)
    ctx.loadMs += performance.now() - start
    await ev("model_load.progress", { model_instance_id: plan.model, progress: 1 })
    await ev("model_load.end", { model_instance_id: plan.model, load_time_seconds: round3(ctx.loadMs / 1000) })
  }
  await ev("prompt_processing.start")
  await ev("prompt_processing.progress", { progress: 1 })
  await ev("prompt_processing.end")

  let open: "reasoning" | "message" | undefined
  const close = async (): Promise<void> => {
    if (open !== undefined) await ev(`${open}.end`)
    open = undefined
  }
  const io: PlayIo = {
    emit: async (p) => {
      const section = p.reasoning ? "reasoning" : "message"
      if (open !== section) {
        await close()
        open = section
        await ev(`${section}.start`)
      }
      await ev(`${section}.delta`, { content: p.text })
    },
    malformed: () => wire.sse(`{"type":"message.delta","content":"`, { event: "message.delta" }),
    error: async () => {
      await ev("error", { error: { type: "internal_error", message: MID_STREAM_MESSAGE } })
      await ev("chat.end", { result: result() })
      wire.end()
    }
  }
  const end = await play(ctx, plan.pieces, io)
  if (end !== "finished") return
  await close()
  await ev("chat.end", { result: result() })
  wire.end()
}
