import type { UnifiedFinish } from "@llp/core"

/**
 * A server's stop reason → LLP's unified one. Covers OpenAI `finish_reason`, LM Studio `stop_reason`
 * (SDK enum) and Ollama `done_reason`; anything else is "other" (the raw value is kept beside it).
 */
export const unifiedFinish = (raw: string | undefined): UnifiedFinish => {
  switch (raw) {
    case "stop":
    case "eos":
    case "eosFound":
    case "stopStringFound":
    case "end_turn":
      return "stop"
    case "length":
    case "max_tokens":
    case "maxPredictedTokensReached":
    case "contextLengthReached":
      return "length"
    case "userStopped":
    case "cancelled":
    case "abort":
      return "cancelled"
    case "error":
    case "failed":
    case "modelUnloaded":
      return "error"
    default:
      return "other"
  }
}
