import type { LoadParams, LoadReport, Provider, ProviderError, ServerInfo, StreamPart } from "@llp/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { chatBody, ollamaParts } from "./chat.js"
import { ollamaErrors } from "./errors.js"
import { httpTarget, isObject, num, requestJson, streamText } from "@llp/provider-openai"
import { loadedNames, modelEntry, tagsOf, vramOf } from "./models.js"
import { ignoredParams, keepAliveOf, loadOptions } from "./options.js"

export const OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"

export interface OllamaProviderConfig {
  /** The provider's name in llp.config.json (used in error messages). */
  readonly name: string
  /** The server's root, default `http://127.0.0.1:11434`; a trailing `/v1` or `/api` is removed. */
  readonly baseUrl?: string | undefined
  /** Sent as `Authorization: Bearer …` when set (Ollama behind a proxy, or ollama.com). */
  readonly apiKey?: string | undefined
  /** Ask `/api/show` for each model's context length when `/api/tags` does not say it (default true). */
  readonly showDetails?: boolean
  /** Time allowed for listing models; default 30 s. */
  readonly listTimeoutMs?: number
}

/** `http://h:11434/v1/` → `http://h:11434`. */
export const ollamaBaseUrl = (baseUrl: string | undefined): string =>
  (baseUrl ?? OLLAMA_DEFAULT_URL).trim().replace(/\/+$/, "").replace(/\/(v1|api)$/, "")

/** An Ollama provider (native API: /api/tags, /api/show, /api/ps, /api/chat) using the given client. */
export const makeOllamaProviderWith = (client: HttpClient.HttpClient, config: OllamaProviderConfig): Provider.Service => {
  const baseUrl = ollamaBaseUrl(config.baseUrl)
  const name = config.name
  const target = httpTarget(name, baseUrl, config.apiKey, client, ollamaErrors)
  const timeoutMs = config.listTimeoutMs ?? 30_000

  const listModels = () =>
    Effect.gen(function* () {
      const [tags, ps] = yield* Effect.all(
        [
          requestJson(target, "GET", "/api/tags", { timeoutMs }),
          // Which models are loaded is a nicety: a failure here does not fail the listing.
          Effect.option(requestJson(target, "GET", "/api/ps", { timeoutMs }))
        ],
        { concurrency: 2 }
      )
      const loaded = Option.getOrUndefined(Option.map(ps, loadedNames))
      return yield* Effect.forEach(
        tagsOf(tags),
        (tag) => {
          const details = isObject(tag["details"]) ? tag["details"] : {}
          const needShow = config.showDetails !== false && (num(details["context_length"]) === undefined || tag["capabilities"] === undefined)
          const show = needShow
            ? Effect.orElseSucceed(requestJson(target, "POST", "/api/show", { body: { model: tag["name"] ?? tag["model"] }, timeoutMs: 5000 }), () => undefined)
            : Effect.succeed(undefined)
          return Effect.map(show, (s) => modelEntry(tag, s, loaded))
        },
        { concurrency: 4 }
      ).pipe(Effect.map((entries) => entries.filter((e) => e !== undefined)))
    })

  const chat: Provider.Service["chat"] = (request) =>
    Stream.suspend(() => {
      const body = chatBody(request)
      return Stream.make<Array<StreamPart>>({ type: "request", body }).pipe(Stream.concat(streamText(target, "/api/chat", body, "application/x-ndjson").pipe(ollamaParts(name))))
    })

  const load = (model: string, params: LoadParams): Effect.Effect<LoadReport, ProviderError> =>
    Effect.gen(function* () {
      const keepAlive = keepAliveOf(params.keepAlive)
      const options = loadOptions(params)
      const body = { model, messages: [], stream: false, options, ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}) }
      const start = yield* Clock.currentTimeMillis
      const answer = yield* requestJson(target, "POST", "/api/chat", { body })
      const end = yield* Clock.currentTimeMillis
      const loadNs = isObject(answer) ? num(answer["load_duration"]) : undefined
      return {
        model,
        // Ollama's load reply usually carries no metrics: the time of the request is the load time.
        loadMs: loadNs !== undefined ? loadNs / 1e6 : end - start,
        applied: { ...options, ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}) },
        ignored: ignoredParams(params)
      }
    })

  const unload = (model: string): Effect.Effect<void, ProviderError> =>
    Effect.asVoid(requestJson(target, "POST", "/api/chat", { body: { model, messages: [], keep_alive: 0, stream: false } }))

  // asked once per process: a server is not upgraded under a running LLP often enough to ask per run
  const server = Effect.cached(
    requestJson(target, "GET", "/api/version", { timeoutMs: 2000 }).pipe(
      Effect.map((v): ServerInfo => ({ name: "ollama", version: isObject(v) && typeof v["version"] === "string" ? v["version"] : null }))
    )
  ).pipe(Effect.runSync)

  const modelMemory = (model: string) => Effect.map(requestJson(target, "GET", "/api/ps", { timeoutMs: 2000 }), (ps) => vramOf(ps, model))

  return { name, kind: "ollama", baseUrl, listModels, chat, load, unload, server: () => server, modelMemory }
}

/**
 * An Ollama provider that uses the app's HttpClient (provide `NodeHttpClient.layerUndici` or
 * `FetchHttpClient.layer`). The returned service needs nothing more.
 */
export const makeOllamaProvider = (config: OllamaProviderConfig): Effect.Effect<Provider.Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => makeOllamaProviderWith(client, config))
