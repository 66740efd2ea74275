/** Small helpers for reading untyped JSON from servers. */

export type JsonObject = Readonly<Record<string, unknown>>

export const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u)

/** A finite number, else undefined. */
export const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)

/** A non-empty string, else undefined. */
export const str = (u: unknown): string | undefined => (typeof u === "string" && u !== "" ? u : undefined)

/** The object's own keys whose value is not undefined (for `exactOptionalPropertyTypes`). */
export const compact = <T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as { [K in keyof T]: Exclude<T[K], undefined> }
}

/** JSON.parse that returns undefined instead of throwing. */
export const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** Shortens text for an error message, saying how long it was. */
export const truncate = (text: string, max = 160): string => {
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max).join("")}… (${chars.length} characters)` : text
}
