import { ProviderError } from "@llp/core"
import { HttpClient, HttpClientRequest, type HttpClientError, type HttpClientResponse } from "@effect/platform"
import { Duration, Effect, Stream } from "effect"
import { bodyError, errorMessage, requestError, statusError, streamError } from "./errors.js"
import { parseJson, truncate } from "./json.js"

export interface HttpTarget {
  readonly provider: string
  /** Without a trailing slash. */
  readonly baseUrl: string
  readonly apiKey?: string | undefined
  readonly client: HttpClient.HttpClient
}

const makeRequest = (target: HttpTarget, method: "GET" | "POST", path: string, body: unknown, accept: string) => {
  let request = method === "GET" ? HttpClientRequest.get(target.baseUrl + path) : HttpClientRequest.post(target.baseUrl + path)
  request = HttpClientRequest.setHeader(request, "accept", accept)
  if (target.apiKey !== undefined && target.apiKey !== "") request = HttpClientRequest.bearerToken(request, target.apiKey)
  if (body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, body)
  return request
}

const mapRequestError = (target: HttpTarget, label: string, error: HttpClientError.HttpClientError): ProviderError =>
  error._tag === "RequestError" ? requestError(target.provider, target.baseUrl, error) : bodyError(target.provider, label, error)

const errorBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> =>
  response.text.pipe(Effect.timeout(Duration.seconds(5)), Effect.orElseSucceed(() => ""))

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
      Effect.mapError((e) => mapRequestError(target, label, e))
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
        .pipe(Effect.mapError((e) => mapRequestError(target, label, e)))
      if (response.status >= 400) return yield* Effect.fail(statusError(target.provider, label, response.status, yield* errorBody(response)))
      const contentType = response.headers["content-type"] ?? ""
      if (contentType.startsWith("text/html")) {
        const text = yield* errorBody(response)
        return yield* Effect.fail(
          new ProviderError({
            provider: target.provider,
            reason: "Decode",
            detail: `${label} answered with an HTML page, not a stream (is the baseUrl ${target.baseUrl} right?): ${JSON.stringify(truncate(text, 120))}`
          })
        )
      }
      return response.stream.pipe(
        Stream.mapError((e) => bodyError(target.provider, label, e)),
        Stream.decodeText()
      )
    })
  )
}
