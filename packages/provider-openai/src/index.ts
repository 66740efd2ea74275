export { makeOpenAiProvider, makeOpenAiProviderWith, openAiBaseUrl, type OpenAiProviderConfig } from "./provider.js"
export { LineSplitter, SseParser, sseEvents, textLines, type SseEvent } from "./sse.js"
export { makeOpenAiChunkMapper, openAiParts, openAiFinish, isDone, type OpenAiChunkMapper, type FinishPart } from "./chunks.js"
export { openAiChatBody, chatMessages, maxTokensOf, jsonSchemaFormat, type ChatBodyOptions } from "./request.js"
export { openAiModels } from "./models.js"
export { unifiedFinish } from "./finish.js"
export {
  requestJson,
  streamText,
  trimBaseUrl,
  httpTarget,
  makeRequest,
  mapRequestError,
  errorBody,
  htmlPageError,
  type HttpTarget,
  type ErrorDialect,
  openAiErrors,
  type JsonOptions
} from "./http.js"
export {
  errorInfo,
  errorInfoLoose,
  isModelNotFound,
  statusError,
  streamError,
  decodeError,
  requestError,
  bodyError,
  describeCause,
  type ErrorInfo
} from "./errors.js"
export { isObject, num, str, compact, parseJson, truncate, type JsonObject } from "./json.js"
