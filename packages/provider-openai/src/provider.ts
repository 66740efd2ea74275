import { type LoadParams, type Provider, ProviderError, type ServerInfo, type StreamPart } from "@llp/core"
import { isObject } from "./json.js"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { openAiParts } from "./chunks.js"
import { httpTarget, requestJson, streamText, trimBaseUrl } from "./http.js"
import { openAiModels } from "./models.js"
import { openAiChatBody } from "./request.js"

export interface OpenAiProviderConfig {
  /** The provider's name in llp.config.json (used in error messages). */
  readonly name: string
  /** Including the API prefix, e.g. `http://127.0.0.1:8080/v1`. A URL with no path at all gets `/v1`. */
  readonly baseUrl: string
  /** Sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string | undefined
  /** Time allowed for `GET /models`; default 30 s. */
  readonly listTimeoutMs?: number
}

/** `http://host:8080` → `http://host:8080/v1`; a URL with a path is kept as it is (without trailing slashes). */
export const openAiBaseUrl = (baseUrl: string): string => {
  const trimmed = trimBaseUrl(baseUrl)
  try {
    const url = new URL(trimmed)
    return url.pathname === "/" || url.pathname === "" ? `${trimmed}/v1` : trimmed
  } catch {
    return trimmed
  }
}

const UNSUPPORTED_LOAD =
  "an OpenAI-compatible server cannot load or unload models over its API: start llama-server with -m, vLLM with --model, " +
  "or load the model in the server's own UI/admin API (TabbyAPI: /v1/model/load with the admin key)"

/** An OpenAI-compatible provider (llama.cpp llama-server, vLLM, TabbyAPI, the /v1 of LM Studio and Ollama) using the given client. */
export const makeOpenAiProviderWith = (client: HttpClient.HttpClient, config: OpenAiProviderConfig): Provider.Service => {
  const baseUrl = openAiBaseUrl(config.baseUrl)
  const target = httpTarget(config.name, baseUrl, config.apiKey, client)
  const unsupported = (what: string) =>
    Effect.fail(new ProviderError({ provider: config.name, reason: "Unsupported", detail: `cannot ${what}: ${UNSUPPORTED_LOAD}` }))
  // llama.cpp serves /props at its root with its build; other servers answer 404 and stay unnamed. Asked once per process.
  const root = httpTarget(config.name, baseUrl.replace(/\/v1$/, ""), config.apiKey, client)
  const server = Effect.runSync(
    Effect.cached(
      requestJson(root, "GET", "/props", { timeoutMs: 2000 }).pipe(
        Effect.flatMap((props) =>
          isObject(props) && typeof props["build_info"] === "string"
            ? Effect.succeed<ServerInfo>({ name: "llama.cpp", version: props["build_info"] })
            : Effect.fail(new ProviderError({ provider: config.name, reason: "Unsupported", detail: "GET /props has no build_info: not llama.cpp" }))
        )
      )
    )
  )
  return {
    name: config.name,
    kind: "openai-compatible",
    baseUrl,
    listModels: () => requestJson(target, "GET", "/models", { timeoutMs: config.listTimeoutMs ?? 30_000 }).pipe(Effect.map(openAiModels)),
    chat: (request) =>
      Stream.suspend(() => {
        const body = openAiChatBody(request)
        return Stream.make<Array<StreamPart>>({ type: "request", body }).pipe(
          Stream.concat(streamText(target, "/chat/completions", body, "text/event-stream").pipe(openAiParts(config.name)))
        )
      }),
    load: (model: string, _load: LoadParams) => unsupported(`load ${model}`),
    unload: (model: string) => unsupported(`unload ${model}`),
    server: () => server
  }
}

/**
 * An OpenAI-compatible provider that uses the app's HttpClient (provide `NodeHttpClient.layerUndici` or
 * `FetchHttpClient.layer`). The returned service needs nothing more.
 */
export const makeOpenAiProvider = (config: OpenAiProviderConfig): Effect.Effect<Provider.Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => makeOpenAiProviderWith(client, config))
