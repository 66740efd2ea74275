import { ProviderError } from "@llp/core"
import { isObject, parseJson, str, truncate, type ErrorDialect } from "@llp/provider-openai"

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

/** Ollama's errors for the shared HTTP helpers: `{"error": …}` in a 2xx answer is an error too. */
export const ollamaErrors: ErrorDialect = {
  status: statusError,
  inJson: (provider, _label, _status, value) => {
    const message = errorMessage(value)
    return message === undefined ? undefined : streamError(provider, message)
  },
  inStream: (provider, value) => {
    const message = errorMessage(value)
    return message === undefined ? undefined : streamError(provider, message)
  }
}
