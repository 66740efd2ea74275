import { createHash } from "node:crypto"
import type { SimKind, SimModel } from "./types.js"

export interface LoadConfig {
  context_length: number
  eval_batch_size?: number
  flash_attention?: boolean
  num_experts?: number
  offload_kv_cache_to_gpu?: boolean
}

export interface Instance {
  id: string
  config: LoadConfig
}

/** A model with defaults filled in, plus the mutable loaded state. */
export interface ModelState {
  id: string
  type: "llm" | "vlm" | "embeddings"
  arch: string
  quantization: string
  format: "gguf" | "mlx"
  maxContext: number
  sizeBytes: number
  reasoning: boolean
  loaded: boolean
  instances: Instance[]
  /** Ollama: the num_ctx it was last run with. */
  numCtx: number
}

export const DEFAULT_MODELS: Record<SimKind, SimModel[]> = {
  lmstudio: [
    { id: "qwen2.5-7b-instruct", arch: "qwen2", quantization: "Q4_K_M", maxContext: 32768, sizeBytes: 4683073888, loaded: true },
    { id: "llama-3.2-1b-instruct", arch: "llama", quantization: "4bit", format: "mlx", maxContext: 131072, sizeBytes: 695283712 },
    { id: "openai/gpt-oss-20b", arch: "gpt-oss", quantization: "MXFP4", maxContext: 131072, sizeBytes: 12109566560, reasoning: true },
    { id: "text-embedding-nomic-embed-text-v1.5", type: "embeddings", arch: "nomic-bert", quantization: "Q4_K_M", maxContext: 2048, sizeBytes: 84106624 }
  ],
  ollama: [
    { id: "llama3.2:latest", arch: "llama", quantization: "Q4_K_M", maxContext: 131072, sizeBytes: 2019393189 },
    { id: "qwen3:4b", arch: "qwen3", quantization: "Q4_K_M", maxContext: 40960, sizeBytes: 2497293918, reasoning: true },
    { id: "nomic-embed-text:latest", type: "embeddings", arch: "nomic-bert", quantization: "F16", maxContext: 2048, sizeBytes: 274302450 }
  ],
  openai: [{ id: "Qwen/Qwen2.5-0.5B-Instruct", arch: "qwen2", quantization: "BF16", maxContext: 32768, sizeBytes: 988097824, loaded: true }],
  llamacpp: [{ id: "qwen2.5-0.5b-instruct-q4_k_m.gguf", arch: "qwen2", quantization: "Q4_K_M", maxContext: 32768, sizeBytes: 491400032, loaded: true }]
}

export const toModelState = (kind: SimKind, m: SimModel): ModelState => {
  const maxContext = m.maxContext ?? 8192
  const loaded = m.loaded ?? (kind === "openai" || kind === "llamacpp")
  const numCtx = Math.min(maxContext, 4096)
  return {
    id: m.id,
    type: m.type ?? "llm",
    arch: m.arch ?? "llama",
    quantization: m.quantization ?? "Q4_K_M",
    format: m.format ?? "gguf",
    maxContext,
    sizeBytes: m.sizeBytes ?? 1_000_000_000,
    reasoning: m.reasoning ?? false,
    loaded,
    instances: loaded ? [{ id: m.id, config: { context_length: numCtx } }] : [],
    numCtx
  }
}

/** Bits per weight from a quantization name: "Q4_K_M" → 4, "4bit" → 4, "F16" → 16, "MXFP4" → 4. */
export const bitsPerWeight = (quant: string): number => {
  const digits = quant.match(/(\d+)/)
  return digits?.[1] !== undefined ? Number(digits[1]) : 16
}

/** Parameter count estimated from file size and quantization. */
export const paramCount = (m: ModelState): number => Math.round((m.sizeBytes * 8) / (bitsPerWeight(m.quantization) + 0.5))

/** "7.6B", "494M". */
export const paramsString = (m: ModelState): string => {
  const n = paramCount(m)
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${Math.round(n / 1e6)}M`
}

export const digest = (id: string): string => createHash("sha256").update(id).digest("hex")

/** `publisher/name` → publisher; otherwise LM Studio's usual community publisher. */
export const publisher = (id: string): string => (id.includes("/") ? (id.split("/")[0] ?? "") : "lmstudio-community")

/** "qwen2.5-7b-instruct" → "Qwen2.5 7b Instruct". */
export const displayName = (id: string): string =>
  (id.split("/").pop() ?? id)
    .split(/[-_]/)
    .map((w) => (w === "" ? w : (w[0] ?? "").toUpperCase() + w.slice(1)))
    .join(" ")

/** Default loaded context: the model's maximum, capped at 4096 (LM Studio's and Ollama's usual default). */
export const defaultContext = (m: ModelState): number => Math.min(m.maxContext, 4096)

/** Load a model (LM Studio JIT or `/api/v1/models/load`); returns the new instance id. */
export const loadInstance = (m: ModelState, config: LoadConfig): string => {
  const id = m.instances.length === 0 ? m.id : `${m.id}:${m.instances.length + 1}`
  m.instances.push({ id, config })
  m.loaded = true
  return id
}
