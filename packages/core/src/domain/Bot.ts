import * as Schema from "effect/Schema"
import { NoNul } from "./Text.js"

/** Parameters applied when the model is loaded. Unset means "the server's default". */
export const LoadParams = Schema.Struct({
  contextLength: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** Layers offloaded to the GPU; -1 means all of them. */
  gpuLayers: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(-1))),
  /** Share of the model offloaded to the GPU, 0 … 1 (LM Studio's SDK speaks in ratios, not layers). */
  gpuOffload: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  batchSize: Schema.optional(Schema.Int.pipe(Schema.positive())),
  threads: Schema.optional(Schema.Int.pipe(Schema.positive())),
  flashAttention: Schema.optional(Schema.Boolean),
  mmap: Schema.optional(Schema.Boolean),
  mlock: Schema.optional(Schema.Boolean),
  /** Ollama's keep_alive, e.g. "10m", "-1", "0". */
  keepAlive: Schema.optional(Schema.String)
})
export type LoadParams = typeof LoadParams.Type

export const SamplingParams = Schema.Struct({
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  topK: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  topP: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  minP: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  repeatPenalty: Schema.optional(Schema.Number.pipe(Schema.between(0, 5))),
  frequencyPenalty: Schema.optional(Schema.Number.pipe(Schema.between(-2, 2))),
  presencePenalty: Schema.optional(Schema.Number.pipe(Schema.between(-2, 2))),
  /** -1 means no limit. */
  maxTokens: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(-1)))
})
export type SamplingParams = typeof SamplingParams.Type

/** What the server reports about the model; kept as it was last seen. */
export const ModelMeta = Schema.Struct({
  type: Schema.optional(Schema.String),
  publisher: Schema.optional(Schema.String),
  arch: Schema.optional(Schema.String),
  quantization: Schema.optional(Schema.String),
  format: Schema.optional(Schema.String),
  sizeBytes: Schema.optional(Schema.Number),
  maxContext: Schema.optional(Schema.Number)
})
export type ModelMeta = typeof ModelMeta.Type

export const BotName = NoNul.pipe(
  Schema.trimmed({ message: () => "name must not start or end with spaces" }),
  Schema.minLength(1, { message: () => "name must not be empty" }),
  Schema.maxLength(200, { message: () => "name must be at most 200 characters" })
)

/** What a person gives to create a bot. */
export const BotInput = Schema.Struct({
  name: BotName,
  provider: Schema.String.pipe(Schema.minLength(1, { message: () => "provider must not be empty" })),
  model: Schema.String.pipe(Schema.minLength(1, { message: () => "model must not be empty" })),
  load: Schema.optionalWith(LoadParams, { default: () => ({}) }),
  sampling: Schema.optionalWith(SamplingParams, { default: () => ({}) }),
  meta: Schema.optionalWith(ModelMeta, { default: () => ({}) }),
  notes: Schema.optionalWith(NoNul, { default: () => "" })
})
export type BotInput = typeof BotInput.Encoded

export const Bot = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  load: LoadParams,
  sampling: SamplingParams,
  meta: ModelMeta,
  notes: Schema.String,
  createdAt: Schema.String,
  updatedAt: Schema.String
})
export type Bot = typeof Bot.Type

/** A parameter group in a patch: a field given as null is removed (the server's or the category's default applies again). */
export type Clearable<A> = { readonly [K in keyof A]?: A[K] | null }

/** A change to a bot: every field optional; groups are merged field by field. */
export type BotPatch = {
  readonly name?: string
  readonly provider?: string
  readonly model?: string
  readonly load?: Clearable<LoadParams>
  readonly sampling?: Clearable<SamplingParams>
  readonly meta?: Clearable<ModelMeta>
  readonly notes?: string
}
