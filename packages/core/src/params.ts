import type { LoadParams, SamplingParams } from "./domain/Bot.js"

/** JSON with keys sorted at every level, so that the same parameters always give the same text. */
const stableJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null"
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`
}

/** 64-bit FNV-1a as 16 hex digits: pure and fast; a fingerprint, not a secret. */
const fnv1a64 = (text: string): string => {
  let h = 0xcbf29ce484222325n
  const prime = 0x100000001b3n
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * prime) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, "0")
}

/**
 * The key of a bot's load and sampling parameters: runs made with the same key are comparable. `keepAlive`
 * is left out: how long a model stays loaded changes no answer.
 */
export const paramsKey = (params: { readonly load: LoadParams; readonly sampling: SamplingParams }): string => {
  const { keepAlive: _keepAlive, ...load } = params.load
  return fnv1a64(stableJson({ load, sampling: params.sampling }))
}
