import type { BenchResult, Bot, Machine } from "@llp/core"
import * as Schema from "effect/Schema"

const NullableNumber = Schema.NullOr(Schema.Number)

/** A machine profile in a document: matched across workspaces by its fingerprint. */
export const DocumentMachine = Schema.Struct({
  fingerprint: Schema.String,
  os: Schema.Struct({ platform: Schema.String, release: Schema.String, version: Schema.String, arch: Schema.String }),
  cpu: Schema.Struct({ model: Schema.String, cores: Schema.Int }),
  ramMb: Schema.Number,
  gpus: Schema.Array(
    Schema.Struct({ vendor: Schema.Literal("nvidia", "amd", "apple", "other"), name: Schema.String, vramMb: NullableNumber, driver: Schema.NullOr(Schema.String) })
  ),
  probes: Schema.Array(Schema.String)
})
export type DocumentMachine = typeof DocumentMachine.Type

/** The run fields of issue 15, all optional so that exports made before them still read. */
export const RunSpeedFields = {
  /** The fingerprint of the machine the run was made on. */
  machine: Schema.optional(Schema.NullOr(Schema.String)),
  loadMs: Schema.optional(NullableNumber),
  promptMs: Schema.optional(NullableNumber),
  promptEvalTokens: Schema.optional(NullableNumber),
  cachedPromptTokens: Schema.optional(NullableNumber),
  serverGenerationMs: Schema.optional(NullableNumber),
  cold: Schema.optional(Schema.NullOr(Schema.Boolean)),
  warmTtftMs: Schema.optional(NullableNumber),
  peakVramMb: Schema.optional(NullableNumber),
  energyJ: Schema.optional(NullableNumber),
  seed: Schema.optional(NullableNumber),
  contextLength: Schema.optional(NullableNumber),
  serverVersion: Schema.optional(Schema.NullOr(Schema.String))
}

const RunSpeedStruct = Schema.Struct(RunSpeedFields)
type RunSpeedFieldsType = typeof RunSpeedStruct.Type

/** A bench probe's result (`llp bench`), by bot name and machine fingerprint. */
export const DocumentBench = Schema.Struct({
  bot: Schema.String,
  machine: Schema.NullOr(Schema.String),
  serverVersion: Schema.NullOr(Schema.String),
  pp: Schema.Int,
  tg: Schema.Int,
  repeat: Schema.Int,
  createdAt: Schema.String,
  depths: Schema.Array(
    Schema.Struct({
      depth: Schema.Int,
      ppMean: NullableNumber,
      ppSd: NullableNumber,
      ppSource: Schema.NullOr(Schema.Literal("server", "llp")),
      tgMean: NullableNumber,
      tgSd: NullableNumber,
      tgSource: Schema.NullOr(Schema.Literal("server", "llp")),
      ppTokens: Schema.Array(NullableNumber),
      tgTokens: Schema.Array(NullableNumber),
      ppSamples: Schema.Array(Schema.Number),
      tgSamples: Schema.Array(Schema.Number)
    })
  )
})
export type DocumentBench = typeof DocumentBench.Type

export const documentMachine = (m: Machine): DocumentMachine => ({ fingerprint: m.fingerprint, os: m.os, cpu: m.cpu, ramMb: m.ramMb, gpus: m.gpus, probes: m.probes })

export const documentBench = (b: BenchResult, bots: ReadonlyMap<number, Bot>, machines: ReadonlyMap<number, Machine>): DocumentBench | undefined => {
  const bot = bots.get(b.botId)
  if (bot === undefined) return undefined
  return {
    bot: bot.name,
    machine: b.machineId === null ? null : (machines.get(b.machineId)?.fingerprint ?? null),
    serverVersion: b.serverVersion,
    pp: b.pp,
    tg: b.tg,
    repeat: b.repeat,
    createdAt: b.createdAt,
    depths: b.depths.map((d) => ({ ...d }))
  }
}

/** The speed fields of a run as a document holds them (the machine by fingerprint). */
export const runSpeed = (r: Omit<RunSpeedFieldsType, "machine">, machine: string | null) => ({
  machine,
  loadMs: r.loadMs ?? null,
  promptMs: r.promptMs ?? null,
  promptEvalTokens: r.promptEvalTokens ?? null,
  cachedPromptTokens: r.cachedPromptTokens ?? null,
  serverGenerationMs: r.serverGenerationMs ?? null,
  cold: r.cold ?? null,
  warmTtftMs: r.warmTtftMs ?? null,
  peakVramMb: r.peakVramMb ?? null,
  energyJ: r.energyJ ?? null,
  seed: r.seed ?? null,
  contextLength: r.contextLength ?? null,
  serverVersion: r.serverVersion ?? null
})
