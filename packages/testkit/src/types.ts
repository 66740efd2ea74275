/** Which server the simulator pretends to be. `openai` is a generic OpenAI-compatible server (vLLM / TabbyAPI-like). */
export type SimKind = "lmstudio" | "ollama" | "openai" | "llamacpp"

export interface SimModel {
  id: string
  type?: "llm" | "vlm" | "embeddings"
  arch?: string
  quantization?: string
  format?: "gguf" | "mlx"
  maxContext?: number
  sizeBytes?: number
  loaded?: boolean
  /** Extension: the model emits reasoning before its answer (LM Studio `reasoning.*`, Ollama `thinking`, `delta.reasoning[_content]`). */
  reasoning?: boolean
}

export type Fault =
  | { kind: "refuse" }
  | { kind: "unknown-model" }
  | { kind: "http-500" }
  | { kind: "malformed-line"; afterTokens: number }
  | { kind: "cut"; afterTokens: number }
  | { kind: "stall"; afterTokens: number; ms: number }
  | { kind: "cold-start"; ms: number }
  | { kind: "crlf" }
  | { kind: "split-chunks" }
  | { kind: "keepalive-comments" }
  | { kind: "mid-stream-error"; afterTokens: number }
  | { kind: "wrong-model"; answeredModel: string }
  | { kind: "no-v1-api" }

export type FaultKind = Fault["kind"]

export interface RecordedRequest {
  method: string
  /** Path without the query string, e.g. `/api/chat`. */
  path: string
  query: Record<string, string>
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>
  /** Parsed JSON body, or `undefined` when the body is empty or not JSON. */
  body: unknown
  rawBody: string
  /**
   * The JSON schema the server would constrain its answer to, read from that server's own structured-output
   * field (see structuredSchema); undefined when the request asked for none there.
   */
  structured?: unknown
  /** `Date.now()` when the request was received. */
  at: number
}

export interface SimOptions {
  kind: SimKind
  /** 0 or absent: a free port. */
  port?: number
  models?: SimModel[]
  reply?: (req: RecordedRequest) => string
  tokenDelayMs?: number
  /** Flood mode: stream this many tokens as fast as possible. */
  tokens?: number
  faults?: Fault[]
  /** Require `Authorization: Bearer <apiKey>` (401 in the server's own shape otherwise). */
  apiKey?: string
  /** `openai` kind: vLLM's older flat error shape `{object:"error",message,type,param,code}`. */
  flatErrors?: boolean
  /** Serve `POST /__sim/faults` (body: Fault[]) and `GET /__sim/requests`; on in the CLI. */
  control?: boolean
}

export interface Simulator {
  /** Base URL without a trailing slash and without `/v1`, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  readonly kind: SimKind
  /** Every request, in arrival order (mutable: `sim.requests.length = 0` clears it). */
  readonly requests: RecordedRequest[]
  /** Replace the active faults. Adding `refuse` stops listening; removing it listens again. */
  setFaults(faults: Fault[]): void
  close(): Promise<void>
  /** Stop listening: new connections get ECONNREFUSED, open ones are destroyed. */
  stop(): Promise<void>
  /** Listen again on the same port. */
  start(): Promise<void>
}
