import { ProviderError } from "@llp/core"
import type { HttpClientError } from "@effect/platform"
import { isObject, parseJson, str, truncate } from "./json.js"

/** Ollama's error message: `{"error":"…"}` natively, `{"error":{"message":…}}` on /v1; undefined for other bodies. */
export const errorMessage = (body: unknown): string | undefined => {
  if (!isObject(body)) return undefined
  const error = body["error"]
  if (typeof error === "string") return error
  if (isObject(error)) return str(error["message"]) ?? JSON.stringify(error)
  return undefined
}

/** "model 'x' not found", "model \"x\" not found, try pulling it first". */
export const saysModelNotFound = (message: string): boolean => /\bmodel\b.*\bnot found\b/i.test(message)

/** An HTTP error status, with Ollama's message. */
export const statusError = (provider: string, request: string, status: number, bodyText: string): ProviderError => {
  const parsed = parseJson(bodyText)
  const message = (parsed.ok ? errorMessage(parsed.value) : undefined) ?? (bodyText.trim() === "" ? "(no message)" : truncate(bodyText.trim(), 300))
  if (status === 404 && saysModelNotFound(message)) return new ProviderError({ provider, reason: "ModelNotFound", status, detail: truncate(message, 600) })
  return new ProviderError({ provider, reason: "HttpStatus", status, detail: `HTTP ${status} from ${request}: ${message}` })
}

/** An `{"error": …}` line inside a 200 stream. */
export const streamError = (provider: string, message: string): ProviderError =>
  saysModelNotFound(message)
    ? new ProviderError({ provider, reason: "ModelNotFound", detail: truncate(message, 600) })
    : new ProviderError({ provider, reason: "Server", detail: `the server reported an error: ${truncate(message, 600)}` })

export const decodeError = (provider: string, line: string): ProviderError =>
  new ProviderError({ provider, reason: "Decode", detail: `the server sent a line that is not JSON: ${JSON.stringify(truncate(line, 120))}` })

/** The most telling message in an error's cause chain (undici nests the socket error, sometimes in an AggregateError). */
export const describeCause = (cause: unknown): string => {
  const seen = new Set<unknown>()
  let best: string | undefined
  const visit = (e: unknown, depth: number): string | undefined => {
    if (e === null || e === undefined || seen.has(e) || depth > 6) return undefined
    seen.add(e)
    if (typeof e !== "object") return String(e)
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
    const message = typeof o.message === "string" && o.message !== "" ? o.message : undefined
    if (typeof o.code === "string" && o.code !== "") {
      return message !== undefined && message.includes(o.code) ? message : `${o.code}${message !== undefined ? `: ${message}` : ""}`
    }
    best ??= message
    if (Array.isArray(o.errors)) {
      for (const inner of o.errors) {
        const found = visit(inner, depth + 1)
        if (found !== undefined) return found
      }
    }
    return visit(o.cause, depth + 1)
  }
  return visit(cause, 0) ?? best ?? "unknown error"
}

export const requestError = (provider: string, url: string, error: HttpClientError.RequestError): ProviderError =>
  error.reason === "Transport"
    ? new ProviderError({ provider, reason: "Unreachable", detail: `cannot reach ${url}: ${describeCause(error.cause)}`, cause: causeOf(error) })
    : new ProviderError({ provider, reason: "Config", detail: `cannot send a request to ${url}: ${error.reason} (${describeCause(error.cause)})`, cause: causeOf(error) })

export const bodyError = (provider: string, request: string, error: unknown): ProviderError =>
  new ProviderError({ provider, reason: "Interrupted", detail: `the connection broke while reading the answer to ${request}: ${describeCause(error)}`, cause: causeOf(error) })

/** The underlying socket/parse error, without the HttpClient request (whose headers carry the API key). */
const causeOf = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "cause" in error ? (error as { cause?: unknown }).cause : error
