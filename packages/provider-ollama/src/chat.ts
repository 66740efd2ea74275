import type { ChatRequest, ProviderError, StreamPart, UnifiedFinish } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { compact, decodeError, isObject, num, parseJson, str, type JsonObject } from "@llp/provider-openai"
import { streamError } from "./errors.js"
import { ndjsonLines, type Line } from "./lines.js"
import { keepAliveOf, loadOptions, samplingOptions } from "./options.js"

export type FinishPart = Extract<StreamPart, { type: "finish" }>

/** The streamed `POST /api/chat` body. */
export const chatBody = (request: ChatRequest): Record<string, unknown> => {
  const keepAlive = keepAliveOf(request.load.keepAlive)
  return {
    model: request.model,
    messages: [
      ...(request.system !== undefined && request.system !== "" ? [{ role: "system", content: request.system }] : []),
      { role: "user", content: request.prompt }
    ],
    stream: true,
    options: { ...loadOptions(request.load), ...samplingOptions(request.sampling) },
    // Ollama's structured outputs: `format` takes the JSON schema itself
    ...(request.structured !== undefined ? { format: request.structured.schema } : {}),
    ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {})
  }
}

/** done_reason → unified: stop, length; load/unload and "" (connection closed) are other. */
export const unifiedDoneReason = (raw: string | undefined): UnifiedFinish =>
  raw === undefined || raw === "stop" ? "stop" : raw === "length" ? "length" : "other"

const nsToMs = (ns: number | undefined): number | undefined => (ns === undefined ? undefined : ns / 1e6)

/**
 * The final `done:true` line → the finish part. Durations are nanoseconds; a missing metric is unknown, not 0
 * (Ollama leaves zero values out). TTFT is the server-side proxy load_duration + prompt_eval_duration.
 */
export const ollamaFinish = (line: JsonObject): FinishPart => {
  const evalCount = num(line["eval_count"])
  const evalNs = num(line["eval_duration"])
  const loadNs = num(line["load_duration"])
  const promptNs = num(line["prompt_eval_duration"])
  const promptCount = num(line["prompt_eval_count"])
  const cached = num(line["prompt_eval_cached_count"])
  const doneReason = typeof line["done_reason"] === "string" ? line["done_reason"] : undefined
  const { message: _message, ...raw } = line
  return {
    type: "finish",
    finishReason: { unified: unifiedDoneReason(doneReason), raw: doneReason },
    // prompt_eval_count counts the tokens evaluated: the cached ones come on top
    usage: compact({ inputTokens: promptCount === undefined ? undefined : promptCount + (cached ?? 0), outputTokens: evalCount }),
    timings: compact({
      tokensPerSecond: evalCount !== undefined && evalNs !== undefined && evalNs > 0 ? (evalCount / evalNs) * 1e9 : undefined,
      ttftMs: loadNs !== undefined && promptNs !== undefined ? (loadNs + promptNs) / 1e6 : undefined,
      generationMs: nsToMs(evalNs),
      loadMs: nsToMs(loadNs),
      promptMs: nsToMs(promptNs),
      promptEvalTokens: promptCount,
      cachedPromptTokens: cached
    }),
    raw
  }
}

export interface LineMapper {
  /** The parts of one NDJSON line; Left for an `{"error"}` line or a line that is not JSON. */
  readonly line: (line: Line) => Either.Either<ReadonlyArray<StreamPart>, ProviderError>
}

/**
 * `model` → response-metadata (once), `message.thinking` → reasoning-delta, `message.content` → text-delta
 * (the `done:true` line's text too), the `done:true` line → finish.
 */
export const makeLineMapper = (provider: string): LineMapper => {
  let modelSent = false
  const line = (l: Line): Either.Either<ReadonlyArray<StreamPart>, ProviderError> => {
    if (l.text.trim() === "") return Either.right([])
    const parsed = parseJson(l.text)
    if (!parsed.ok) return l.partial ? Either.right([]) : Either.left(decodeError(provider, "the server sent a line that is not JSON", l.text))
    const value = parsed.value
    if (!isObject(value)) return Either.right([])
    const error = value["error"]
    if (error !== undefined && error !== null) {
      return Either.left(streamError(provider, typeof error === "string" ? error : (isObject(error) ? str(error["message"]) : undefined) ?? JSON.stringify(error)))
    }
    const parts: Array<StreamPart> = []
    const model = str(value["model"])
    if (model !== undefined && !modelSent) {
      modelSent = true
      parts.push({ type: "response-metadata", model })
    }
    const message = isObject(value["message"]) ? value["message"] : undefined
    const thinking = str(message?.["thinking"]) ?? str(value["thinking"])
    if (thinking !== undefined) parts.push({ type: "reasoning-delta", delta: thinking })
    const content = str(message?.["content"]) ?? str(value["response"])
    if (content !== undefined) parts.push({ type: "text-delta", delta: content })
    if (value["done"] === true) parts.push(ollamaFinish(value))
    return Either.right(parts)
  }
  return { line }
}

const fromEither = <A>(e: Either.Either<A, ProviderError>): Effect.Effect<A, ProviderError> =>
  Either.isRight(e) ? Effect.succeed(e.right) : Effect.fail(e.left)

/** An NDJSON `/api/chat` body → stream parts, up to the `done:true` line. */
export const ollamaParts =
  (provider: string) =>
  <R>(text: Stream.Stream<string, ProviderError, R>): Stream.Stream<StreamPart, ProviderError, R> =>
    Stream.suspend(() => {
      const mapper = makeLineMapper(provider)
      return ndjsonLines(text).pipe(
        Stream.mapConcatEffect((l) => fromEither(mapper.line(l))),
        Stream.takeUntil((part) => part.type === "finish")
      )
    })
