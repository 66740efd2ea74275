export { startSimulator } from "./server.js"
export type { Fault, FaultKind, RecordedRequest, SimKind, SimModel, SimOptions, Simulator } from "./types.js"
export { defaultReasoning, defaultReply, lastUserText, replyFor, tokenize } from "./reply.js"
export { DEFAULT_MODELS } from "./models.js"
