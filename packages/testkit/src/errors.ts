/** Error bodies, each in the shape its server really uses (see docs/protocols.md §1A.7, 1B.4, 1C.5, 1D). */

/** OpenAI's nested shape (LM Studio, Ollama `/v1`, newer vLLM). */
export const oaiError = (message: string, type: string, param: string | null = null, code: string | number | null = null) => ({
  error: { message, type, param, code }
})

/** vLLM: newer nested `{error:{…}}`, or the older flat `{object:"error",…}`. */
export const vllmError = (flat: boolean, message: string, type: string, code: number, param: string | null = null) =>
  flat ? { object: "error", message, type, param, code } : { error: { message, type, param, code } }

/** Ollama native: `{"error": "<message>"}`. */
export const ollamaError = (message: string) => ({ error: message })

/** llama-server: `{"error":{"code":…,"message":…,"type":…}}`; mid-stream errors send the inner object. */
export const llamacppErrorData = (code: number, message: string, type: string) => ({ code, message, type })
export const llamacppError = (code: number, message: string, type: string) => ({ error: llamacppErrorData(code, message, type) })

/** LM Studio REST v1: `{error:{type, message, code?, param?}}` (the payload of the `error` stream event adds `type:"error"`). */
export const lmsV1Error = (type: string, message: string) => ({ error: { type, message } })

export const LMS_NO_MODELS = "No models loaded. Please load a model in the developer page or use the `lms load` command."
export const MID_STREAM_MESSAGE = "an error was encountered while running the model"
