import type { ModelEntry } from "@llp/core"
import { compact, isObject, num, str, type JsonObject } from "@llp/provider-openai"

/** The context length in `/api/show`'s model_info: `<general.architecture>.context_length`, else any `*.context_length`. */
export const contextLengthOf = (show: unknown): number | undefined => {
  if (!isObject(show) || !isObject(show["model_info"])) return undefined
  const info = show["model_info"]
  const arch = str(info["general.architecture"])
  if (arch !== undefined && num(info[`${arch}.context_length`]) !== undefined) return num(info[`${arch}.context_length`])
  for (const [k, v] of Object.entries(info)) if (k.endsWith(".context_length") && num(v) !== undefined) return num(v)
  return undefined
}

/** Ollama capabilities → LLP's model type: embedding-only → "embeddings", vision → "vlm", else "llm". */
export const typeOf = (capabilities: unknown): string => {
  const caps = Array.isArray(capabilities) ? capabilities.filter((c): c is string => typeof c === "string") : []
  if (caps.includes("embedding") && !caps.includes("completion")) return "embeddings"
  if (caps.includes("vision")) return "vlm"
  return "llm"
}

/** The `models` of `/api/tags`. */
export const tagsOf = (body: unknown): ReadonlyArray<JsonObject> =>
  isObject(body) && Array.isArray(body["models"]) ? body["models"].filter(isObject) : []

/** Names of the loaded models in `/api/ps`. */
export const loadedNames = (body: unknown): ReadonlySet<string> =>
  new Set(tagsOf(body).flatMap((m) => [str(m["name"]), str(m["model"])].filter((n): n is string => n !== undefined)))

/** "llama3.2" and "llama3.2:latest" name the same model. */
const tagged = (name: string): string => (name.includes(":") ? name : `${name}:latest`)

/** The model's share of GPU memory from `/api/ps` (`size_vram`), MB; null when it is not loaded or not said. */
export const vramOf = (body: unknown, model: string): number | null => {
  const entry = tagsOf(body).find((m) => [str(m["name"]), str(m["model"])].some((n) => n !== undefined && tagged(n) === tagged(model)))
  const bytes = entry === undefined ? undefined : num(entry["size_vram"])
  return bytes === undefined ? null : Math.round(bytes / (1024 * 1024))
}

/** One `/api/tags` item (plus its `/api/show` answer when fetched) → a model entry. */
export const modelEntry = (tag: JsonObject, show: unknown, loaded: ReadonlySet<string> | undefined): ModelEntry | undefined => {
  const id = str(tag["name"]) ?? str(tag["model"])
  if (id === undefined) return undefined
  const details = isObject(tag["details"]) ? tag["details"] : {}
  const capabilities = tag["capabilities"] ?? (isObject(show) ? show["capabilities"] : undefined)
  const type = typeOf(capabilities)
  return {
    id,
    type,
    ...(loaded !== undefined ? { loaded: loaded.has(id) } : {}),
    meta: compact({
      type,
      arch: str(details["family"]),
      quantization: str(details["quantization_level"]),
      format: str(details["format"]),
      sizeBytes: num(tag["size"]),
      maxContext: num(details["context_length"]) ?? contextLengthOf(show)
    })
  }
}
