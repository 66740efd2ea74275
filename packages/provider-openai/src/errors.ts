import { ProviderError } from "@llp/core"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { isObject, parseJson, str, truncate } from "./json.js"

/** The parts of an error body that matter, whichever shape the server uses. */
export interface ErrorInfo {
  readonly message: string
  readonly type?: string
  readonly code?: string | number
}

const fromObject = (o: Readonly<Record<string, unknown>>): ErrorInfo => {
  const message = str(o["message"]) ?? str(o["msg"]) ?? JSON.stringify(o)
  const type = str(o["type"])
  const code = typeof o["code"] === "number" || typeof o["code"] === "string" ? o["code"] : undefined
  return { message, ...(type !== undefined ? { type } : {}), ...(code !== undefined && code !== "" ? { code } : {}) }
}

/**
 * Reads an error body in any of the shapes of docs/protocols.md: OpenAI's nested `{error:{message,type,code}}`
 * (LM Studio, llama.cpp, newer vLLM, Ollama `/v1`), vLLM's older flat `{object:"error",message,…}`,
 * Ollama's `{error:"…"}`, LM Studio v1's `{error:{type,message}}`, FastAPI's `{detail}` (TabbyAPI).
 * Undefined when the body is none of these.
 */
export const errorInfo = (body: unknown): ErrorInfo | undefined => {
  if (!isObject(body)) return undefined
  const error = body["error"]
  if (typeof error === "string") return { message: error }
  if (isObject(error)) return fromObject(error)
  if (body["object"] === "error") return fromObject(body)
  const detail = body["detail"]
  if (typeof detail === "string") return { message: detail }
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => (isObject(d) ? (str(d["msg"]) ?? JSON.stringify(d)) : String(d)))
    return { message: parts.join("; ") }
  }
  return undefined
}

/** Like errorInfo, but also reads a bare `{message,…}` object or a string (llama.cpp's `error:` field, LM Studio's error event). */
export const errorInfoLoose = (body: unknown): ErrorInfo | undefined => {
  if (typeof body === "string") return body === "" ? undefined : { message: body }
  const info = errorInfo(body)
  if (info !== undefined) return info
  return isObject(body) && (typeof body["message"] === "string" || typeof body["msg"] === "string") ? fromObject(body) : undefined
}

/** Whether an error says the model does not exist or is not loaded. */
export const isModelNotFound = (info: ErrorInfo, status?: number): boolean => {
  if (info.code === "model_not_found" || info.type === "model_not_found") return true
  const notFound = status === 404 || (info.type !== undefined && /not.?found/i.test(info.type))
  return notFound && /\bmodel\b/i.test(info.message)
}

const label = (info: ErrorInfo): string => {
  const kind = info.type ?? (typeof info.code === "string" ? info.code : undefined)
  return kind !== undefined && !info.message.includes(kind) ? `${info.message} (${kind})` : info.message
}

/** An HTTP error status, with the server's message. */
export const statusError = (provider: string, request: string, status: number, bodyText: string): ProviderError => {
  const parsed = parseJson(bodyText)
  const info = parsed.ok ? errorInfo(parsed.value) : undefined
  const message = info !== undefined ? label(info) : bodyText.trim() === "" ? "(no message)" : truncate(bodyText.trim(), 300)
  if (info !== undefined && isModelNotFound(info, status)) {
    return new ProviderError({ provider, reason: "ModelNotFound", status, detail: truncate(info.message, 600) })
  }
  return new ProviderError({ provider, reason: "HttpStatus", status, detail: `HTTP ${status} from ${request}: ${message}` })
}

/** An error the server reported inside a successful (200) answer. */
export const streamError = (provider: string, info: ErrorInfo): ProviderError =>
  isModelNotFound(info)
    ? new ProviderError({ provider, reason: "ModelNotFound", detail: truncate(info.message, 600) })
    : new ProviderError({ provider, reason: "Server", detail: `the server reported an error: ${truncate(label(info), 600)}` })

/** A line of the answer that LLP cannot read. */
export const decodeError = (provider: string, what: string, line: string): ProviderError =>
  new ProviderError({ provider, reason: "Decode", detail: `${what}: ${JSON.stringify(truncate(line, 120))}` })

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
    if (Array.isArray(o.errors)) for (const inner of o.errors) {
      const found = visit(inner, depth + 1)
      if (found !== undefined) return found
    }
    return visit(o.cause, depth + 1)
  }
  return visit(cause, 0) ?? best ?? "unknown error"
}

/** A failure before any answer: connection refused, reset, bad URL. */
export const requestError = (provider: string, url: string, error: HttpClientError.RequestError): ProviderError => {
  if (error.reason === "InvalidUrl") return new ProviderError({ provider, reason: "Config", detail: `not a valid URL: ${url}`, cause: causeOf(error) })
  if (error.reason === "Encode") return new ProviderError({ provider, reason: "Config", detail: `cannot encode the request to ${url}: ${describeCause(error.cause)}`, cause: causeOf(error) })
  return new ProviderError({ provider, reason: "Unreachable", detail: `cannot reach ${url}: ${describeCause(error.cause)}`, cause: causeOf(error) })
}

/** The connection broke while the answer was being read. */
export const bodyError = (provider: string, request: string, error: unknown): ProviderError =>
  new ProviderError({ provider, reason: "Interrupted", detail: `the connection broke while reading the answer to ${request}: ${describeCause(error)}`, cause: causeOf(error) })

/** The underlying socket/parse error, without the HttpClient request (whose headers carry the API key). */
const causeOf = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "cause" in error ? (error as { cause?: unknown }).cause : error
