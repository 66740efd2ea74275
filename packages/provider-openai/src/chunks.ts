import type { ProviderError, StreamPart } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { decodeError, errorInfoLoose, streamError } from "./errors.js"
import { unifiedFinish } from "./finish.js"
import { compact, isObject, num, parseJson, str, type JsonObject } from "./json.js"
import { sseEvents, type SseEvent } from "./sse.js"

export type FinishPart = Extract<StreamPart, { type: "finish" }>

/** Turns OpenAI-style `chat.completion.chunk` events into stream parts, remembering what the finish needs. */
export interface OpenAiChunkMapper {
  /** The parts of one event; Left for an error event or a line that is not JSON. */
  readonly event: (event: SseEvent) => Either.Either<ReadonlyArray<StreamPart>, ProviderError>
  /** The parts of one decoded chunk; Left when it is an error payload. */
  readonly chunk: (chunk: unknown) => Either.Either<ReadonlyArray<StreamPart>, ProviderError>
  /** The finish part, when a finish_reason was seen; otherwise undefined (the answer was cut). */
  readonly finish: () => FinishPart | undefined
}

/** `data: [DONE]`, the end of an OpenAI-style stream. */
export const isDone = (event: SseEvent): boolean => event.error === undefined && event.data.trim() === "[DONE]"

const nonEmpty = (u: unknown): JsonObject | undefined => (isObject(u) && Object.keys(u).length > 0 ? u : undefined)

const seconds = (u: unknown): number | undefined => {
  const n = num(u)
  return n === undefined ? undefined : n * 1000
}

/**
 * Builds the finish part of an OpenAI-style answer from what the chunks carried:
 * `usage` (prompt/completion tokens), llama.cpp `timings` (predicted_per_second, prompt_ms, predicted_ms),
 * LM Studio `stats` when present (tokens_per_second, time_to_first_token s, generation_time s), `model_info`, `runtime`.
 */
export const openAiFinish = (input: {
  readonly finishReason: string
  readonly usage?: JsonObject | undefined
  readonly timings?: JsonObject | undefined
  readonly stats?: JsonObject | undefined
  readonly modelInfo?: unknown
  readonly runtime?: unknown
}): FinishPart => {
  const { usage, timings, stats } = input
  const promptN = num(timings?.["prompt_n"])
  const detailsValue = usage?.["prompt_tokens_details"]
  const details = isObject(detailsValue) ? detailsValue : undefined
  const cacheN = num(timings?.["cache_n"]) ?? num(details?.["cached_tokens"])
  const fromTimings = promptN === undefined ? undefined : promptN + (cacheN ?? 0)
  return {
    type: "finish",
    finishReason: { unified: unifiedFinish(input.finishReason), raw: input.finishReason },
    usage: compact({
      inputTokens: num(usage?.["prompt_tokens"]) ?? fromTimings,
      outputTokens: num(usage?.["completion_tokens"]) ?? num(timings?.["predicted_n"])
    }),
    timings: compact({
      tokensPerSecond: num(timings?.["predicted_per_second"]) ?? num(stats?.["tokens_per_second"]),
      ttftMs: num(timings?.["prompt_ms"]) ?? seconds(stats?.["time_to_first_token"]),
      generationMs: num(timings?.["predicted_ms"]) ?? seconds(stats?.["generation_time"]),
      promptMs: num(timings?.["prompt_ms"]),
      promptEvalTokens: promptN,
      cachedPromptTokens: cacheN
    }),
    raw: compact({ finish_reason: input.finishReason, usage, timings, stats }),
    ...(input.modelInfo !== undefined ? { modelInfo: input.modelInfo } : {}),
    ...(input.runtime !== undefined ? { runtime: input.runtime } : {})
  }
}

export const makeOpenAiChunkMapper = (provider: string): OpenAiChunkMapper => {
  let modelSent = false
  let finishReason: string | undefined
  let usage: JsonObject | undefined
  let timings: JsonObject | undefined
  let stats: JsonObject | undefined
  let modelInfo: unknown
  let runtime: unknown

  const chunk = (value: unknown): Either.Either<ReadonlyArray<StreamPart>, ProviderError> => {
    if (!isObject(value)) return Either.right([])
    if (value["error"] !== undefined && value["error"] !== null || value["object"] === "error") {
      const info = errorInfoLoose(value)
      return Either.left(streamError(provider, info ?? { message: JSON.stringify(value) }))
    }
    const parts: Array<StreamPart> = []
    const model = str(value["model"])
    if (model !== undefined && !modelSent) {
      modelSent = true
      parts.push({ type: "response-metadata", model })
    }
    const choices = value["choices"]
    if (Array.isArray(choices)) {
      for (const choice of choices) {
        if (!isObject(choice)) continue
        const delta = isObject(choice["delta"]) ? choice["delta"] : isObject(choice["message"]) ? choice["message"] : undefined
        if (delta !== undefined) {
          const reasoning = str(delta["reasoning_content"]) ?? str(delta["reasoning"])
          if (reasoning !== undefined) parts.push({ type: "reasoning-delta", delta: reasoning })
          const content = str(delta["content"])
          if (content !== undefined) parts.push({ type: "text-delta", delta: content })
        }
        const reason = str(choice["finish_reason"])
        if (reason !== undefined) finishReason = reason
      }
    }
    usage = nonEmpty(value["usage"]) ?? usage
    timings = nonEmpty(value["timings"]) ?? timings
    stats = nonEmpty(value["stats"]) ?? stats
    if (value["model_info"] !== undefined) modelInfo = value["model_info"]
    if (value["runtime"] !== undefined) runtime = value["runtime"]
    return Either.right(parts)
  }

  const event = (e: SseEvent): Either.Either<ReadonlyArray<StreamPart>, ProviderError> => {
    if (e.error !== undefined) {
      const parsed = parseJson(e.error)
      const info = errorInfoLoose(parsed.ok ? parsed.value : e.error)
      return Either.left(streamError(provider, info ?? { message: e.error }))
    }
    if (isDone(e) || e.data.trim() === "") return Either.right([])
    const parsed = parseJson(e.data)
    if (!parsed.ok) {
      // A line cut off by the end of the body is the cut's doing, not a bad line: the stream just ends.
      if (e.partial) return Either.right([])
      return Either.left(decodeError(provider, "the server sent a line that is not JSON", `data: ${e.data}`))
    }
    if (e.event === "error") return Either.left(streamError(provider, errorInfoLoose(parsed.value) ?? { message: e.data }))
    return chunk(parsed.value)
  }

  const finish = (): FinishPart | undefined =>
    finishReason === undefined ? undefined : openAiFinish({ finishReason, usage, timings, stats, modelInfo, runtime })

  return { event, chunk, finish }
}

const fromEither = <A>(e: Either.Either<A, ProviderError>): Effect.Effect<A, ProviderError> =>
  Either.isRight(e) ? Effect.succeed(e.right) : Effect.fail(e.left)

/**
 * An OpenAI-style SSE body → stream parts: deltas as they come, then one finish part after `data: [DONE]`
 * (or the end of the body) when a finish_reason was seen. Errors in the stream fail it after the parts before them.
 */
export const openAiParts =
  (provider: string) =>
  <R>(text: Stream.Stream<string, ProviderError, R>): Stream.Stream<StreamPart, ProviderError, R> =>
    Stream.suspend(() => {
      const mapper = makeOpenAiChunkMapper(provider)
      return sseEvents(text).pipe(
        Stream.takeUntil(isDone),
        Stream.mapConcatEffect((event) => fromEither(mapper.event(event))),
        Stream.concat(
          Stream.suspend(() => {
            const finish = mapper.finish()
            return finish === undefined ? Stream.empty : Stream.make<Array<StreamPart>>(finish)
          })
        )
      )
    })
