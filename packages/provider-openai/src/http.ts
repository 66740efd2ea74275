import { ProviderError } from "@llp/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { bodyError, errorInfo, isModelNotFound, requestError, statusError, streamError } from "./errors.js"
import { isObject, parseJson, truncate } from "./json.js"

/** How a server reports errors: the one thing that differs between the HTTP servers LLP talks to. */
export interface ErrorDialect {
  /** An HTTP error status, with the body's text. */
  readonly status: (provider: string, label: string, status: number, bodyText: string) => ProviderError
  /** The error a 2xx JSON answer carries, if it carries one. */
  readonly inJson: (provider: string, label: string, status: number, value: unknown) => ProviderError | undefined
  /** The error in a JSON document answered where a stream was asked for, if it carries one. */
  readonly inStream: (provider: string, value: unknown) => ProviderError | undefined
}

/** OpenAI's error shapes, with the variants of llama.cpp, vLLM, TabbyAPI and LM Studio (see errors.ts). */
export const openAiErrors: ErrorDialect = {
  status: statusError,
  inJson: (provider, label, status, value) => {
    const info = isObject(value) && (value["error"] !== undefined || value["object"] === "error") ? errorInfo(value) : undefined
    if (info === undefined) return undefined
    // LM Studio answers unknown routes with 200 {"error":"Unexpected endpoint or method. (…)"}.
    return isModelNotFound(info)
      ? new ProviderError({ provider, reason: "ModelNotFound", status, detail: info.message })
      : new ProviderError({ provider, reason: "HttpStatus", status, detail: `${label}: ${info.message}` })
  },
  inStream: (provider, value) => {
    const info = errorInfo(value)
    return info === undefined ? undefined : streamError(provider, info)
  }
}

/** Where and how a provider talks HTTP. */
export interface HttpTarget {
  /** The provider's name, for error messages. */
  readonly provider: string
  /** Without a trailing slash. */
  readonly baseUrl: string
  readonly apiKey?: string | undefined
  readonly client: HttpClient.HttpClient
  readonly errors: ErrorDialect
}

/**
 * The target of a provider. Its client makes no tracing spans and sends no trace headers: a local
 * server has no use for them, and they cost time on the way to the first token.
 */
export const httpTarget = (provider: string, baseUrl: string, apiKey: string | undefined, client: HttpClient.HttpClient, errors: ErrorDialect = openAiErrors): HttpTarget => ({
  provider,
  baseUrl,
  apiKey,
  client: client.pipe(HttpClient.withTracerDisabledWhen(() => true), HttpClient.withTracerPropagation(false)),
  errors
})

/** The base URL without trailing slashes. */
export const trimBaseUrl = (url: string): string => url.trim().replace(/\/+$/, "")

/** The request for a path of the target: the accept header, the API key as a bearer token, a JSON body. */
export const makeRequest = (target: HttpTarget, method: "GET" | "POST", path: string, body: unknown, accept: string) => {
  const url = target.baseUrl + path
  let request = method === "GET" ? HttpClientRequest.get(url) : HttpClientRequest.post(url)
  request = HttpClientRequest.setHeader(request, "accept", accept)
  if (target.apiKey !== undefined && target.apiKey !== "") request = HttpClientRequest.bearerToken(request, target.apiKey)
  if (body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, body)
  return request
}

/** A failure of the request itself → Unreachable/Config (RequestError) or Interrupted (reading the answer). */
export const mapRequestError = (target: HttpTarget, error: HttpClientError.HttpClientError): ProviderError =>
  error._tag === "RequestError"
    ? requestError(target.provider, target.baseUrl, error)
    : bodyError(target.provider, `${error.request.method} ${error.request.url}`, error)

/** Reads an error body, waiting at most a few seconds for it. */
export const errorBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> =>
  response.text.pipe(
    Effect.timeout(Duration.seconds(5)),
    Effect.orElseSucceed(() => "")
  )

export interface JsonOptions {
  readonly body?: unknown
  /** Fail with reason Timeout after this long; none by default (a model load can take minutes). */
  readonly timeoutMs?: number
}

/**
 * GET or POST a JSON request and read the JSON answer. Error statuses, and `{error: …}` bodies sent with a
 * 2xx status, become a ProviderError carrying the server's message.
 */
export const requestJson = (target: HttpTarget, method: "GET" | "POST", path: string, options: JsonOptions = {}): Effect.Effect<unknown, ProviderError> => {
  const label = `${method} ${path}`
  const run = Effect.gen(function* () {
    const response = yield* target.client.execute(makeRequest(target, method, path, options.body, "application/json")).pipe(
      Effect.mapError((e) => mapRequestError(target, e))
    )
    if (response.status >= 400) return yield* Effect.fail(target.errors.status(target.provider, label, response.status, yield* errorBody(response)))
    const text = yield* response.text.pipe(Effect.mapError((e) => bodyError(target.provider, label, e)))
    const parsed = parseJson(text)
    if (!parsed.ok) {
      return yield* Effect.fail(
        new ProviderError({ provider: target.provider, reason: "Decode", detail: `${label} answered with something that is not JSON: ${JSON.stringify(truncate(text, 120))}` })
      )
    }
    const error = target.errors.inJson(target.provider, label, response.status, parsed.value)
    if (error !== undefined) return yield* Effect.fail(error)
    return parsed.value
  })
  return options.timeoutMs === undefined
    ? run
    : run.pipe(
        Effect.timeoutFail({
          duration: Duration.millis(options.timeoutMs),
          onTimeout: () => new ProviderError({ provider: target.provider, reason: "Timeout", detail: `${label} got no answer within ${Math.round(options.timeoutMs! / 1000)}s` })
        })
      )
}

/** A 2xx HTML page where a stream was expected: usually a wrong baseUrl (a web UI or a proxy's page). */
export const htmlPageError = (target: HttpTarget, label: string, text: string): ProviderError =>
  new ProviderError({
    provider: target.provider,
    reason: "Decode",
    detail: `${label} answered with an HTML page, not a stream (is the baseUrl ${target.baseUrl} right?): ${JSON.stringify(truncate(text, 120))}`
  })

/**
 * POST a JSON request and stream the answer's body as text. Error statuses fail with the server's message;
 * a 2xx answer that is a JSON document instead of a stream fails with its error (or Decode); a broken
 * connection while reading fails with reason Interrupted. The request is aborted when the stream stops.
 */
export const streamText = (target: HttpTarget, path: string, body: unknown, accept: string): Stream.Stream<string, ProviderError> => {
  const label = `POST ${path}`
  return Stream.unwrapScoped(
    Effect.gen(function* () {
      const response = yield* HttpClient.withScope(target.client)
        .execute(makeRequest(target, "POST", path, body, accept))
        .pipe(Effect.mapError((e) => mapRequestError(target, e)))
      if (response.status >= 400) return yield* Effect.fail(target.errors.status(target.provider, label, response.status, yield* errorBody(response)))
      const contentType = response.headers["content-type"] ?? ""
      if (contentType.startsWith("application/json")) {
        const text = yield* errorBody(response)
        const parsed = parseJson(text)
        return yield* Effect.fail(
          (parsed.ok ? target.errors.inStream(target.provider, parsed.value) : undefined) ??
            new ProviderError({ provider: target.provider, reason: "Decode", detail: `${label} answered with a JSON document instead of a stream: ${JSON.stringify(truncate(text, 120))}` })
        )
      }
      if (contentType.startsWith("text/html")) return yield* Effect.fail(htmlPageError(target, label, yield* errorBody(response)))
      return response.stream.pipe(
        Stream.mapError((e) => bodyError(target.provider, label, e)),
        Stream.decodeText()
      )
    })
  )
}
