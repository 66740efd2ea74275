import type { LoadParams, SamplingParams } from "@llp/core"
import { compact } from "@llp/provider-openai"

/** num_ctx when the bot sets no context length: Ollama's own default depends on VRAM (2k…256k), so LLP always sends one. */
export const DEFAULT_NUM_CTX = 32768

/**
 * Load-time (runner) options. Sent with every chat too: Ollama reloads the model when they differ from the
 * loaded runner's. gpuLayers -1 ("all") is left out: Ollama's default (num_gpu -1) already puts as many layers
 * on the GPU as fit, which is all of them when the model fits, without the out-of-memory risk of forcing 999.
 */
export const loadOptions = (load: LoadParams): Record<string, unknown> =>
  compact({
    num_ctx: load.contextLength ?? DEFAULT_NUM_CTX,
    num_batch: load.batchSize,
    num_gpu: load.gpuLayers !== undefined && load.gpuLayers >= 0 ? load.gpuLayers : undefined,
    num_thread: load.threads,
    use_mmap: load.mmap
  })

/** Sampling options; maxTokens → num_predict (-1 is Ollama's "no limit" too). */
export const samplingOptions = (s: SamplingParams): Record<string, unknown> =>
  compact({
    temperature: s.temperature,
    top_k: s.topK,
    top_p: s.topP,
    min_p: s.minP,
    repeat_penalty: s.repeatPenalty,
    frequency_penalty: s.frequencyPenalty,
    presence_penalty: s.presencePenalty,
    num_predict: s.maxTokens
  })

/**
 * keep_alive: a number of seconds when the bot's value is a bare number ("-1", "0", "300"), because Ollama
 * parses strings with Go's time.ParseDuration, which rejects a number without a unit; else the string ("10m").
 */
export const keepAliveOf = (keepAlive: string | undefined): string | number | undefined => {
  if (keepAlive === undefined || keepAlive.trim() === "") return undefined
  const t = keepAlive.trim()
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t
}

/** LoadParams Ollama has no option for: gpuOffload (a ratio, Ollama counts layers), flashAttention (a server setting, OLLAMA_FLASH_ATTENTION), mlock (dropped from current Ollama). */
export const OLLAMA_CANNOT_SET: ReadonlyArray<keyof LoadParams> = ["gpuOffload", "flashAttention", "mlock"]

export const ignoredParams = (load: LoadParams): ReadonlyArray<keyof LoadParams> => OLLAMA_CANNOT_SET.filter((k) => load[k] !== undefined)
