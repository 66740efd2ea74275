import type { Bot } from "@llp/core"

const entries = (o: Readonly<Record<string, unknown>>, names: Readonly<Record<string, string>>): Array<string> =>
  Object.entries(names)
    .filter(([k]) => o[k] !== undefined && o[k] !== null)
    .map(([k, label]) => {
      const v = o[k]
      return `${label} ${typeof v === "boolean" ? (v ? "on" : "off") : String(v)}`
    })

const LOAD = { contextLength: "ctx", gpuLayers: "gpu layers", gpuOffload: "gpu offload", batchSize: "batch", threads: "threads", flashAttention: "flash attn", mmap: "mmap", mlock: "mlock", keepAlive: "keep alive" }
const SAMPLING = { temperature: "temp", topK: "top-k", topP: "top-p", minP: "min-p", repeatPenalty: "repeat", frequencyPenalty: "freq", presencePenalty: "presence", maxTokens: "max tokens" }
const META = { type: "type", publisher: "publisher", arch: "arch", quantization: "quant", format: "format", maxContext: "max ctx" }

/** A bot's parameters as labelled one-line summaries (untrusted: show them through `cell`). */
export const botParams = (bot: Bot): Array<readonly [string, string]> => {
  const size = bot.meta.sizeBytes === undefined ? [] : [`size ${(bot.meta.sizeBytes / 1e9).toFixed(2)} GB`]
  return [
    ["Model", `${bot.provider}: ${bot.model}`],
    ["Load", entries(bot.load, LOAD).join(" · ") || "server defaults"],
    ["Sampling", entries(bot.sampling, SAMPLING).join(" · ") || "server defaults"],
    ["Meta", [...entries(bot.meta, META), ...size].join(" · ") || "–"],
    ["Notes", bot.notes || "–"]
  ]
}
