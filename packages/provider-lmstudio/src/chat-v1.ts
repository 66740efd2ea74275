import type { ChatRequest, ProviderError, StreamPart } from "@llp/core"
import {
  compact,
  decodeError,
  errorInfoLoose,
  isObject,
  maxTokensOf,
  num,
  parseJson,
  sseEvents,
  str,
  streamError,
  unifiedFinish,
  type ErrorInfo,
  type FinishPart,
  type JsonObject,
  type SseEvent
} from "@llp/provider-openai"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"

/**
 * The streamed `POST /api/v1/chat` body. v1 has no frequency/presence penalty; `store: false` keeps no
 * conversation on the server; the bot's context length goes with every request (LM Studio loads the model with it).
 */
export const v1ChatBody = (request: ChatRequest): Record<string, unknown> => {
  const s = request.sampling
  return compact({
    model: request.model,
    system_prompt: request.system !== undefined && request.system !== "" ? request.system : undefined,
    input: request.prompt,
    stream: true,
    store: false,
    temperature: s.temperature,
    top_p: s.topP,
    top_k: s.topK,
    min_p: s.minP,
    repeat_penalty: s.repeatPenalty,
    max_output_tokens: maxTokensOf(s.maxTokens),
    context_length: request.load.contextLength
  })
}

const ms = (seconds: unknown): number | undefined => {
  const n = num(seconds)
  return n === undefined ? undefined : n * 1000
}

/**
 * `chat.end.result.stats` → the finish part. v1 documents no stop reason: `stats.stop_reason` is used when
 * present; otherwise "length" when the output reached `max_output_tokens`, else "stop".
 */
export const v1Finish = (stats: JsonObject, maxOutputTokens: number | undefined, loadSeconds: number | undefined): FinishPart => {
  const stopReason = str(stats["stop_reason"])
  const output = num(stats["total_output_tokens"])
  const unified =
    stopReason !== undefined ? unifiedFinish(stopReason) : maxOutputTokens !== undefined && output !== undefined && output >= maxOutputTokens ? "length" : "stop"
  return {
    type: "finish",
    finishReason: { unified, raw: stopReason },
    usage: compact({ inputTokens: num(stats["input_tokens"]), outputTokens: output }),
    timings: compact({
      tokensPerSecond: num(stats["tokens_per_second"]),
      ttftMs: ms(stats["time_to_first_token_seconds"]),
      loadMs: ms(stats["model_load_time_seconds"]) ?? ms(loadSeconds),
      // LM Studio sends the load time only when this request loaded the model
      cold: stats["model_load_time_seconds"] !== undefined || loadSeconds !== undefined
    }),
    raw: stats
  }
}

export interface V1EventMapper {
  /** The parts of one event; Left for a line that is not JSON, or at `chat.end` after an `error` event. */
  readonly event: (event: SseEvent) => Either.Either<ReadonlyArray<StreamPart>, ProviderError>
  /** At the end of the body: Left when an `error` event came without a `chat.end`. */
  readonly end: () => Either.Either<ReadonlyArray<StreamPart>, ProviderError>
  readonly ended: () => boolean
}

/**
 * Maps LM Studio's named events: `chat.start`/`chat.end` model_instance_id → response-metadata,
 * `reasoning.delta` → reasoning-delta, `message.delta` → text-delta, `model_load.end` → load time,
 * `chat.end.result.stats` → finish. An `error` event is kept until `chat.end` (which still comes), then fails the stream.
 */
export const makeV1EventMapper = (provider: string, maxOutputTokens?: number): V1EventMapper => {
  let modelSent = false
  let error: ErrorInfo | undefined
  let loadSeconds: number | undefined
  let ended = false

  const failure = (info: ErrorInfo): ProviderError => streamError(provider, info.type === "model_not_found" ? { ...info, code: "model_not_found" } : info)

  const metadata = (model: unknown): Array<StreamPart> => {
    const m = str(model)
    if (m === undefined || modelSent) return []
    modelSent = true
    return [{ type: "response-metadata", model: m }]
  }

  const event = (e: SseEvent): Either.Either<ReadonlyArray<StreamPart>, ProviderError> => {
    if (e.data.trim() === "") return Either.right([])
    const parsed = parseJson(e.data)
    if (!parsed.ok) {
      if (e.partial) return Either.right([])
      return Either.left(decodeError(provider, "the server sent an event that is not JSON", `${e.event !== undefined ? `event: ${e.event} ` : ""}data: ${e.data}`))
    }
    const data = parsed.value
    if (!isObject(data)) return Either.right([])
    const type = e.event ?? str(data["type"])
    switch (type) {
      case "chat.start":
      case "model_load.start":
        return Either.right(metadata(data["model_instance_id"]))
      case "model_load.end":
        loadSeconds = num(data["load_time_seconds"]) ?? loadSeconds
        return Either.right([])
      case "reasoning.delta": {
        const delta = str(data["content"])
        return Either.right(delta === undefined ? [] : [{ type: "reasoning-delta", delta }])
      }
      case "message.delta": {
        const delta = str(data["content"])
        return Either.right(delta === undefined ? [] : [{ type: "text-delta", delta }])
      }
      case "error":
        error = errorInfoLoose(data["error"]) ?? errorInfoLoose(data) ?? { message: e.data }
        return Either.right([])
      case "chat.end": {
        ended = true
        if (error !== undefined) return Either.left(failure(error))
        const result = isObject(data["result"]) ? data["result"] : {}
        const stats = isObject(result["stats"]) ? result["stats"] : {}
        return Either.right([...metadata(result["model_instance_id"]), v1Finish(stats, maxOutputTokens, loadSeconds)])
      }
      default:
        return Either.right([])
    }
  }

  const end = (): Either.Either<ReadonlyArray<StreamPart>, ProviderError> =>
    error !== undefined && !ended ? Either.left(failure(error)) : Either.right([])

  return { event, end, ended: () => ended }
}

const fromEither = <A>(e: Either.Either<A, ProviderError>): Effect.Effect<A, ProviderError> =>
  Either.isRight(e) ? Effect.succeed(e.right) : Effect.fail(e.left)

/** A `/api/v1/chat` SSE body → stream parts, up to `chat.end`. */
export const v1Parts =
  (provider: string, maxOutputTokens?: number) =>
  <R>(text: Stream.Stream<string, ProviderError, R>): Stream.Stream<StreamPart, ProviderError, R> =>
    Stream.suspend(() => {
      const mapper = makeV1EventMapper(provider, maxOutputTokens)
      return sseEvents(text).pipe(
        Stream.mapConcatEffect((event) => fromEither(mapper.event(event))),
        Stream.takeUntil((part) => part.type === "finish"),
        Stream.concat(Stream.suspend(() => Stream.fromEffect(fromEither(mapper.end())).pipe(Stream.flattenIterables)))
      )
    })
