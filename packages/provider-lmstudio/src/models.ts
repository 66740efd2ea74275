import type { ModelEntry } from "@llp/core"
import { compact, isObject, num, str } from "@llp/provider-openai"

const listOf = (body: unknown, key: string): ReadonlyArray<unknown> =>
  isObject(body) && Array.isArray(body[key]) ? (body[key] as ReadonlyArray<unknown>) : []

/** `GET /api/v1/models` (LM Studio ≥ 0.4) → model entries; `loaded` from `loaded_instances`. */
export const v1Models = (body: unknown): ReadonlyArray<ModelEntry> =>
  listOf(body, "models").flatMap((m): Array<ModelEntry> => {
    if (!isObject(m)) return []
    const id = str(m["key"])
    if (id === undefined) return []
    const type = str(m["type"]) ?? "llm"
    const instances = Array.isArray(m["loaded_instances"]) ? m["loaded_instances"] : []
    const quantization = isObject(m["quantization"]) ? str(m["quantization"]["name"]) : str(m["quantization"])
    return [
      {
        id,
        type,
        loaded: instances.length > 0,
        meta: compact({
          type,
          publisher: str(m["publisher"]),
          arch: str(m["architecture"]),
          quantization,
          format: str(m["format"]),
          sizeBytes: num(m["size_bytes"]),
          maxContext: num(m["max_context_length"])
        })
      }
    ]
  })

/** `GET /api/v0/models` → model entries; `loaded` from `state`. */
export const v0Models = (body: unknown): ReadonlyArray<ModelEntry> =>
  listOf(body, "data").flatMap((m): Array<ModelEntry> => {
    if (!isObject(m)) return []
    const id = str(m["id"])
    if (id === undefined) return []
    const type = str(m["type"]) ?? "llm"
    const state = str(m["state"])
    return [
      {
        id,
        type,
        ...(state !== undefined ? { loaded: state === "loaded" } : {}),
        meta: compact({
          type,
          publisher: str(m["publisher"]),
          arch: str(m["arch"]),
          quantization: str(m["quantization"]),
          format: str(m["compatibility_type"]),
          maxContext: num(m["max_context_length"])
        })
      }
    ]
  })

/** The loaded instance ids of a model in a `GET /api/v1/models` answer: by key, or the instance itself. */
export const instancesOf = (body: unknown, model: string): { readonly known: boolean; readonly ids: ReadonlyArray<string> } => {
  for (const m of listOf(body, "models")) {
    if (!isObject(m)) continue
    const ids = (Array.isArray(m["loaded_instances"]) ? m["loaded_instances"] : []).flatMap((i: unknown) => {
      const id = isObject(i) ? str(i["id"]) : undefined
      return id === undefined ? [] : [id]
    })
    if (m["key"] === model) return { known: true, ids }
    if (ids.includes(model)) return { known: true, ids: [model] }
  }
  return { known: false, ids: [] }
}
