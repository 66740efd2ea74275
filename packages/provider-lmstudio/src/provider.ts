import { type LoadParams, type Provider, ProviderError, type StreamPart } from "@llp/core"
import * as HttpClient from "@effect/platform/HttpClient"
import {
  openAiChatBody,
  openAiParts,
  requestJson,
  streamText,
  trimBaseUrl,
  httpTarget
} from "@llp/provider-openai"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { v1ChatBody, v1Parts } from "./chat-v1.js"
import { loadBody, loadReport } from "./load.js"
import { instancesOf, v0Models, v1Models } from "./models.js"

export const LMSTUDIO_DEFAULT_URL = "http://127.0.0.1:1234"

export interface LmStudioProviderConfig {
  /** The provider's name in llp.config.json (used in error messages). */
  readonly name: string
  /** The server's root, default `http://127.0.0.1:1234`; a trailing `/v1`, `/api/v0` or `/api/v1` is removed. */
  readonly baseUrl?: string | undefined
  /** LM_API_TOKEN, sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string | undefined
  /** Time allowed for listing models; default 30 s. */
  readonly listTimeoutMs?: number
}

/** Which native REST API the server has: v1 (LM Studio ≥ 0.4.0) or only v0. */
export type LmStudioApi = "v1" | "v0"

/** `http://h:1234/v1/` → `http://h:1234`. */
export const lmStudioBaseUrl = (baseUrl: string | undefined): string =>
  trimBaseUrl(baseUrl ?? LMSTUDIO_DEFAULT_URL).replace(/\/(v1|api\/v0|api\/v1)$/, "")

/** A 404, or LM Studio's "Unexpected endpoint or method" answer: the route does not exist on this server. */
const isMissingRoute = (e: ProviderError): boolean =>
  (e.reason === "HttpStatus" && e.status === 404) || /unexpected endpoint/i.test(e.detail)

/** An LM Studio provider using the given client. The API (v1 or v0) is detected on first use and remembered. */
export const makeLmStudioProviderWith = (client: HttpClient.HttpClient, config: LmStudioProviderConfig): Provider.Service => {
  const baseUrl = lmStudioBaseUrl(config.baseUrl)
  const name = config.name
  const target = httpTarget(name, baseUrl, config.apiKey, client)
  const listTimeoutMs = config.listTimeoutMs ?? 30_000
  let api: LmStudioApi | undefined

  /** `GET /api/v1/models`, or undefined when the server has no v1 API (remembered). */
  const v1Listing: Effect.Effect<unknown, ProviderError> = requestJson(target, "GET", "/api/v1/models", { timeoutMs: listTimeoutMs }).pipe(
    Effect.tap(() => Effect.sync(() => (api = "v1"))),
    Effect.catchAll((e) => (isMissingRoute(e) ? Effect.sync(() => ((api = "v0"), undefined)) : Effect.fail(e)))
  )

  const detect: Effect.Effect<LmStudioApi, ProviderError> = Effect.suspend(() =>
    api !== undefined ? Effect.succeed(api) : Effect.map(v1Listing, (): LmStudioApi => api ?? "v0")
  )

  const noV1 = (what: string) =>
    new ProviderError({
      provider: name,
      reason: "Unsupported",
      detail:
        `cannot ${what}: LM Studio at ${baseUrl} has no /api/v1 REST API (it needs LM Studio 0.4.0 or newer). ` +
        "Load the model in LM Studio or with `lms load`, or update LM Studio."
    })

  const listModels = () =>
    Effect.suspend(() =>
      api === "v0"
        ? Effect.map(requestJson(target, "GET", "/api/v0/models", { timeoutMs: listTimeoutMs }), v0Models)
        : Effect.flatMap(v1Listing, (body) =>
            api === "v1" ? Effect.succeed(v1Models(body)) : Effect.map(requestJson(target, "GET", "/api/v0/models", { timeoutMs: listTimeoutMs }), v0Models)
          )
    )

  const chat: Provider.Service["chat"] = (request) =>
    Stream.unwrap(
      Effect.map(detect, (which) => {
        if (request.structured !== undefined) {
          // LM Studio documents structured output (response_format json_schema) on its OpenAI-compatible
          // endpoint, present in every version; its native /api/v1/chat has no such field.
          const body = openAiChatBody(request, { cachePromptOff: false })
          return Stream.make<Array<StreamPart>>({ type: "request", body }).pipe(
            Stream.concat(streamText(target, "/v1/chat/completions", body, "text/event-stream").pipe(openAiParts(name)))
          )
        }
        if (which === "v1") {
          const body = v1ChatBody(request)
          const max = typeof body["max_output_tokens"] === "number" ? body["max_output_tokens"] : undefined
          return Stream.make<Array<StreamPart>>({ type: "request", body }).pipe(
            Stream.concat(streamText(target, "/api/v1/chat", body, "text/event-stream").pipe(v1Parts(name, max)))
          )
        }
        const body = openAiChatBody(request, { cachePromptOff: false })
        return Stream.make<Array<StreamPart>>({ type: "request", body }).pipe(
          Stream.concat(streamText(target, "/api/v0/chat/completions", body, "text/event-stream").pipe(openAiParts(name)))
        )
      })
    )

  const load = (model: string, params: LoadParams) =>
    Effect.flatMap(detect, (which) => {
      if (which === "v0") return Effect.fail(noV1(`load ${model}`))
      const body = loadBody(model, params)
      return Effect.map(requestJson(target, "POST", "/api/v1/models/load", { body }), (answer) => loadReport(model, params, body, answer))
    })

  const unload = (model: string) =>
    Effect.flatMap(detect, (which) => {
      if (which === "v0") return Effect.fail(noV1(`unload ${model}`))
      return Effect.flatMap(requestJson(target, "GET", "/api/v1/models", { timeoutMs: listTimeoutMs }), (listing) => {
        const found = instancesOf(listing, model)
        // Not in the listing: let the server judge the id. Known but not loaded: nothing to do.
        const ids = found.known ? found.ids : [model]
        return Effect.forEach(ids, (id) => requestJson(target, "POST", "/api/v1/models/unload", { body: { instance_id: id } }), { discard: true })
      })
    })

  return { name, kind: "lmstudio", baseUrl, listModels, chat, load, unload }
}

/**
 * An LM Studio provider that uses the app's HttpClient (provide `NodeHttpClient.layerUndici` or
 * `FetchHttpClient.layer`). The returned service needs nothing more.
 */
export const makeLmStudioProvider = (config: LmStudioProviderConfig): Effect.Effect<Provider.Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => makeLmStudioProviderWith(client, config))
