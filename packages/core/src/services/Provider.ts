import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { LoadParams, ModelMeta, SamplingParams } from "../domain/Bot.js"
import type { ProviderError } from "../errors.js"
import type { ServerInfo } from "../domain/Machine.js"

/** What LLP asks of a model: one system message (optional) and one user message. */
export interface ChatRequest {
  readonly model: string
  readonly system?: string
  readonly prompt: string
  readonly load: LoadParams
  /** With the temperature already resolved from prompt, category and bot. */
  readonly sampling: SamplingParams
  /** Ask for JSON matching a schema, through the server's own structured-output field (the judge uses it). */
  readonly structured?: StructuredOutput
  /** true: the server may reuse its prompt cache (the bench's depth prefix); runs leave it off, for a fair TTFT. */
  readonly promptCache?: boolean
}

/** A JSON schema the answer must match; `name` is what OpenAI-style servers call it. */
export interface StructuredOutput {
  readonly name: string
  readonly schema: Readonly<Record<string, unknown>>
}

export type UnifiedFinish = "stop" | "length" | "error" | "cancelled" | "other"

export interface Usage {
  readonly inputTokens?: number
  readonly outputTokens?: number
}

/** Figures the server itself reported, normalised; each undefined when the server did not say. */
export interface ServerTimings {
  readonly tokensPerSecond?: number
  readonly ttftMs?: number
  readonly generationMs?: number
  readonly loadMs?: number
  /** Prompt processing time (llama.cpp prompt_ms, Ollama prompt_eval_duration). */
  readonly promptMs?: number
  /** Prompt tokens processed, the cached ones not counted (llama.cpp prompt_n, Ollama prompt_eval_count). */
  readonly promptEvalTokens?: number
  /** Prompt tokens taken from the prompt cache (llama.cpp cache_n, Ollama prompt_eval_cached_count). */
  readonly cachedPromptTokens?: number
  /** The server says whether this request loaded the model (LM Studio: model_load_time_seconds comes only then). */
  readonly cold?: boolean
}

/** The typed parts of a streamed answer (named after the AI SDK's). */
export type StreamPart =
  /** The request body exactly as sent; first part of every stream. */
  | { readonly type: "request"; readonly body: unknown }
  /** The model the server says is answering. */
  | { readonly type: "response-metadata"; readonly model?: string }
  | { readonly type: "text-delta"; readonly delta: string }
  | { readonly type: "reasoning-delta"; readonly delta: string }
  | {
      readonly type: "finish"
      readonly finishReason: { readonly unified: UnifiedFinish; readonly raw: string | undefined }
      readonly usage: Usage
      readonly timings: ServerTimings
      /** The server's raw statistics, verbatim. */
      readonly raw?: unknown
      readonly modelInfo?: unknown
      readonly runtime?: unknown
    }

export interface ModelEntry {
  readonly id: string
  /** "llm", "vlm", "embeddings", … as the server says. */
  readonly type: string
  readonly loaded?: boolean
  readonly meta: ModelMeta
}

export interface LoadReport {
  readonly model: string
  readonly instanceId?: string
  readonly loadMs?: number
  /** The load parameters the server applied. */
  readonly applied: Readonly<Record<string, unknown>>
  /** Parameters the provider could not pass to the server. */
  readonly ignored: ReadonlyArray<keyof LoadParams>
}

export type ProviderKind = "lmstudio" | "ollama" | "openai-compatible" | "demo"

export interface Service {
  readonly name: string
  readonly kind: ProviderKind
  readonly baseUrl: string
  readonly listModels: () => Effect.Effect<ReadonlyArray<ModelEntry>, ProviderError>
  /** Streams an answer; fails with a ProviderError, after the parts that did arrive. */
  readonly chat: (request: ChatRequest) => Stream.Stream<StreamPart, ProviderError>
  /** Loads the model with its load parameters; fails with reason "Unsupported" where the server cannot. */
  readonly load: (model: string, load: LoadParams) => Effect.Effect<LoadReport, ProviderError>
  readonly unload: (model: string) => Effect.Effect<void, ProviderError>
  /** The server's name and version (Ollama /api/version, llama.cpp /props); absent where the server has no such endpoint. */
  readonly server?: () => Effect.Effect<ServerInfo, ProviderError>
  /** GPU memory the loaded model holds, MB, as the server says (Ollama /api/ps size_vram); null when not loaded. */
  readonly modelMemory?: (model: string) => Effect.Effect<number | null, ProviderError>
}

export interface ProviderInfo {
  readonly name: string
  readonly kind: ProviderKind
  readonly baseUrl: string
  /** true when it comes from llp.config.json, false for a built-in default. */
  readonly configured: boolean
}

/** The providers of a workspace by name: built-in defaults plus llp.config.json. */
export interface Registry {
  readonly list: () => ReadonlyArray<ProviderInfo>
  readonly get: (name: string) => Effect.Effect<Service, ProviderError>
}

export class Providers extends Context.Tag("@llp/core/Providers")<Providers, Registry>() {}
