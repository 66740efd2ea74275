import type { Bot, BotInput } from "./domain/Bot.js"

/** The values to sweep; an absent or empty list keeps the base's value. */
export interface SweepAxes {
  readonly models?: ReadonlyArray<string> | undefined
  readonly temperatures?: ReadonlyArray<number> | undefined
  readonly contextLengths?: ReadonlyArray<number> | undefined
  readonly gpuLayers?: ReadonlyArray<number> | undefined
}

export interface SweepVariant {
  /** What the variant is, as a bot to create: the base with the swept values. */
  readonly input: BotInput & { readonly name: string }
  /** The swept values that make it, for the name and for people. */
  readonly labels: ReadonlyArray<string>
}

/** 8192 → 8k, 32768 → 32k; other lengths as they are. */
const ctxLabel = (n: number) => (n % 1024 === 0 ? `ctx${n / 1024}k` : `ctx${n}`)
const gpuLabel = (n: number) => (n === -1 ? "gpu-all" : `gpu${n}`)
/** The last part of a model id: `lmstudio-community/qwen2.5-7b@q4_k_m` → `qwen2.5-7b@q4_k_m`. */
const modelLabel = (id: string) => id.split("/").filter((s) => s !== "").pop() ?? id

const unique = <A>(xs: ReadonlyArray<A> | undefined): ReadonlyArray<A | undefined> => (xs === undefined || xs.length === 0 ? [undefined] : [...new Set(xs)])

/**
 * One variant per combination of the swept values, named after the base and the values that make
 * it (`Qwen2.5 7B · t0.5 · ctx32k`). The order is model, then context, then GPU layers, then
 * temperature, so that variants sharing load parameters come together (a tournament then loads
 * each model setting once).
 */
export const sweepVariants = (base: Bot, axes: SweepAxes): ReadonlyArray<SweepVariant> => {
  const out: Array<SweepVariant> = []
  for (const model of unique(axes.models))
    for (const contextLength of unique(axes.contextLengths))
      for (const gpuLayers of unique(axes.gpuLayers))
        for (const temperature of unique(axes.temperatures)) {
          const labels = [
            model === undefined ? null : modelLabel(model),
            temperature === undefined ? null : `t${temperature}`,
            contextLength === undefined ? null : ctxLabel(contextLength),
            gpuLayers === undefined ? null : gpuLabel(gpuLayers)
          ].filter((l): l is string => l !== null)
          out.push({
            labels,
            input: {
              name: [base.name, ...labels].join(" · "),
              provider: base.provider,
              model: model ?? base.model,
              load: { ...base.load, ...(contextLength !== undefined ? { contextLength } : {}), ...(gpuLayers !== undefined ? { gpuLayers } : {}) },
              sampling: { ...base.sampling, ...(temperature !== undefined ? { temperature } : {}) },
              meta: model === undefined || model === base.model ? base.meta : {},
              notes: `variant of ${base.name}: ${labels.join(", ")}`
            }
          })
        }
  return out
}

/** Whether a stored bot is the variant (same provider, model and parameters). */
export const isSameSetup = (bot: Bot, input: SweepVariant["input"]): boolean =>
  bot.provider === input.provider &&
  bot.model === input.model &&
  sameParams(bot.load, input.load ?? {}) &&
  sameParams(bot.sampling, input.sampling ?? {})

const sameParams = (a: object, b: object) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false
  return true
}

/** A stable key of what a model load depends on: two bots with the same key need no reload between them. */
export const loadKey = (bot: Pick<Bot, "provider" | "model" | "load">): string =>
  JSON.stringify([bot.provider, bot.model, Object.entries(bot.load).sort(([a], [b]) => (a < b ? -1 : 1))])
