import { ProviderError } from "@llp/core"

/** A failure as one line for a person; a provider error with what to do about it. */
export const messageOf = (e: unknown): string => {
  if (e instanceof ProviderError) return `${e.message} — ${e.hint}`
  if (e instanceof Error) return e.message
  if (typeof e === "object" && e !== null && "message" in e) return String((e as { message: unknown }).message)
  return String(e)
}
