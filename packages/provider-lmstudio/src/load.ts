import type { LoadParams, LoadReport } from "@llp/core"
import { compact, isObject, num, str } from "@llp/provider-openai"

/** The LoadParams that LM Studio's REST API cannot set (its SDK can set most of them; see README.md). */
export const REST_CANNOT_SET: ReadonlyArray<keyof LoadParams> = ["gpuLayers", "gpuOffload", "threads", "mmap", "mlock", "keepAlive"]

/**
 * `offload_kv_cache_to_gpu`: the REST API cannot set how much of the model goes to the GPU, so only the two
 * extremes say something about the KV cache: everything on the GPU (gpuLayers -1 or gpuOffload 1) → true,
 * nothing on the GPU (gpuLayers 0 or gpuOffload 0) → false; otherwise LM Studio's own setting.
 */
export const kvCacheOnGpu = (load: LoadParams): boolean | undefined =>
  load.gpuLayers === -1 || load.gpuOffload === 1 ? true : load.gpuLayers === 0 || load.gpuOffload === 0 ? false : undefined

/** The `POST /api/v1/models/load` body. */
export const loadBody = (model: string, load: LoadParams): Record<string, unknown> =>
  compact({
    model,
    context_length: load.contextLength,
    eval_batch_size: load.batchSize,
    flash_attention: load.flashAttention,
    offload_kv_cache_to_gpu: kvCacheOnGpu(load),
    echo_load_config: true
  })

/** The bot's load parameters that were set but could not be sent. */
export const ignoredParams = (load: LoadParams): ReadonlyArray<keyof LoadParams> => REST_CANNOT_SET.filter((k) => load[k] !== undefined)

/** The load answer → LoadReport; `applied` is the server's `load_config` when it echoes it, else what was sent. */
export const loadReport = (model: string, load: LoadParams, sent: Record<string, unknown>, answer: unknown): LoadReport => {
  const a = isObject(answer) ? answer : {}
  const { model: _model, echo_load_config: _echo, ...asked } = sent
  const seconds = num(a["load_time_seconds"])
  const instanceId = str(a["instance_id"])
  return {
    model,
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(seconds !== undefined ? { loadMs: seconds * 1000 } : {}),
    applied: isObject(a["load_config"]) ? a["load_config"] : asked,
    ignored: ignoredParams(load)
  }
}
