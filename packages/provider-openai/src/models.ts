import type { ModelEntry } from "@llp/core"
import { compact, isObject, num, str } from "./json.js"

/**
 * `GET /models` of an OpenAI-compatible server → model entries. Reads vLLM's `max_model_len`, llama.cpp's
 * `meta.n_ctx_train` and `meta.size`, and llama.cpp router mode's `status.value` (loaded or not).
 */
export const openAiModels = (body: unknown): ReadonlyArray<ModelEntry> => {
  const data = isObject(body) && Array.isArray(body["data"]) ? body["data"] : Array.isArray(body) ? body : []
  const out: Array<ModelEntry> = []
  for (const item of data) {
    if (!isObject(item)) continue
    const id = str(item["id"])
    if (id === undefined) continue
    const meta = isObject(item["meta"]) ? item["meta"] : undefined
    const status = isObject(item["status"]) ? str(item["status"]["value"]) : undefined
    const type = str(item["type"]) ?? "llm"
    out.push({
      id,
      type,
      ...(status !== undefined ? { loaded: status === "loaded" } : {}),
      meta: compact({
        type,
        arch: str(item["arch"]),
        maxContext: num(item["max_model_len"]) ?? num(meta?.["n_ctx_train"]) ?? num(item["max_context_length"]) ?? num(item["context_length"]),
        sizeBytes: num(meta?.["size"])
      })
    })
  }
  return out
}
