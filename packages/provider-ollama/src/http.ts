import { ProviderError } from "@llp/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { bodyError, errorBody, htmlPageError, makeRequest, mapRequestError, parseJson, truncate, type HttpTarget } from "@llp/provider-openai"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { errorMessage, statusError, streamError } from "./errors.js"

/** GET or POST JSON; error statuses and `{error}` bodies fail with Ollama's message. */
export const requestJson = (
  target: HttpTarget,
  method: "GET" | "POST",
  path: string,
  options: { readonly body?: unknown; readonly timeoutMs?: number } = {}
): Effect.Effect<unknown, ProviderError> => {
  const label = `${method} ${path}`
  const run = Effect.gen(function* () {
    const response = yield* target.client.execute(makeRequest(target, method, path, options.body, "application/json")).pipe(
      Effect.mapError((e) => mapRequestError(target, e))
    )
    if (response.status >= 400) return yield* Effect.fail(statusError(target.provider, label, response.status, yield* errorBody(response)))
    const text = yield* response.text.pipe(Effect.mapError((e) => bodyError(target.provider, label, e)))
    const parsed = parseJson(text)
    if (!parsed.ok) {
      return yield* Effect.fail(
        new ProviderError({ provider: target.provider, reason: "Decode", detail: `${label} answered with something that is not JSON: ${JSON.stringify(truncate(text, 120))}` })
      )
    }
    const message = errorMessage(parsed.value)
    if (message !== undefined) return yield* Effect.fail(streamError(target.provider, message))
    return parsed.value
  })
  const timeoutMs = options.timeoutMs
  return timeoutMs === undefined
    ? run
    : run.pipe(
        Effect.timeoutFail({
          duration: Duration.millis(timeoutMs),
          onTimeout: () => new ProviderError({ provider: target.provider, reason: "Timeout", detail: `${label} got no answer within ${Math.round(timeoutMs / 1000)}s` })
        })
      )
}

/** POST JSON and stream the body as text; the request is aborted when the stream stops. */
export const streamText = (target: HttpTarget, path: string, body: unknown): Stream.Stream<string, ProviderError> => {
  const label = `POST ${path}`
  return Stream.unwrapScoped(
    Effect.gen(function* () {
      const response = yield* HttpClient.withScope(target.client)
        .execute(makeRequest(target, "POST", path, body, "application/x-ndjson"))
        .pipe(Effect.mapError((e) => mapRequestError(target, e)))
      if (response.status >= 400) return yield* Effect.fail(statusError(target.provider, label, response.status, yield* errorBody(response)))
      const contentType = response.headers["content-type"] ?? ""
      if (contentType.startsWith("text/html")) return yield* Effect.fail(htmlPageError(target, label, yield* errorBody(response)))
      return response.stream.pipe(
        Stream.mapError((e) => bodyError(target.provider, label, e)),
        Stream.decodeText()
      )
    })
  )
}
