import * as Effect from "effect/Effect"
import { ArenaVerdict, ArenaVoteSource, type ArenaVote, type ArenaVoteInput } from "../domain/Arena.js"
import type { BenchDepth, BenchInput, BenchResult } from "../domain/Bench.js"
import type { BotGroup } from "../domain/Group.js"
import type { Machine, MachineProfile } from "../domain/Machine.js"
import type { InvalidInput, StoreError } from "../errors.js"
import type { JudgePair, JudgeScore, JudgeScoreInput } from "../judge/types.js"
import type { BotSampleSet } from "../services/Store.js"
import { finite, invalid, notFound } from "./errors.js"

// The rows of the statistics, Arena, judge, machine, bench and group tables, as both stores hold them (the
// same column names and types: flags are 0/1 integers, JSON is text, timestamps ISO text), and the checks
// their inputs pass before a write.

export interface VoteRow {
  readonly id: number
  readonly duel: string | null
  readonly prompt_id: number
  readonly category: string
  readonly left_run_id: number
  readonly right_run_id: number
  readonly left_bot_id: number
  readonly right_bot_id: number
  readonly verdict: ArenaVote["verdict"]
  readonly source: ArenaVote["source"]
  readonly created_at: string
}

export const voteFromRow = (r: VoteRow): ArenaVote => ({
  id: r.id,
  duel: r.duel,
  promptId: r.prompt_id,
  category: r.category,
  leftRunId: r.left_run_id,
  rightRunId: r.right_run_id,
  leftBotId: r.left_bot_id,
  rightBotId: r.right_bot_id,
  verdict: r.verdict,
  source: r.source,
  createdAt: r.created_at
})

const VERDICTS: ReadonlySet<string> = new Set(ArenaVerdict.literals)
const SOURCES: ReadonlySet<string> = new Set(ArenaVoteSource.literals)

interface VoteRun {
  readonly id: number
  readonly bot_id: number
  readonly prompt_id: number
}

/** A vote's fields, then its two runs (as read from the store): two runs of different bots answering one prompt. */
export const checkVote = (
  input: ArenaVoteInput,
  runs: ReadonlyArray<VoteRun>
): Effect.Effect<{ readonly left: VoteRun; readonly right: VoteRun }, InvalidInput | StoreError> => {
  if (!VERDICTS.has(input.verdict)) return Effect.fail(invalid("verdict", `must be one of ${[...VERDICTS].join(", ")}, got ${String(input.verdict)}`))
  if (!SOURCES.has(input.source)) return Effect.fail(invalid("source", `must be one of ${[...SOURCES].join(", ")}, got ${String(input.source)}`))
  if (input.duel !== null && (typeof input.duel !== "string" || input.duel === "")) return Effect.fail(invalid("duel", "must be a duel id or null"))
  const left = runs.find((r) => r.id === input.leftRunId)
  const right = runs.find((r) => r.id === input.rightRunId)
  if (!left) return Effect.fail(notFound(`no run ${input.leftRunId}`))
  if (!right) return Effect.fail(notFound(`no run ${input.rightRunId}`))
  if (left.id === right.id) return Effect.fail(invalid("rightRunId", "a duel needs two different runs"))
  if (left.prompt_id !== right.prompt_id) return Effect.fail(invalid("rightRunId", `runs ${left.id} and ${right.id} answer different prompts`))
  if (left.bot_id === right.bot_id) return Effect.fail(invalid("rightRunId", `runs ${left.id} and ${right.id} are by the same bot`))
  return Effect.succeed({ left, right })
}

export interface JudgeScoreRow {
  readonly id: number
  readonly run_id: number
  readonly judge_bot_id: number
  readonly judge: string
  readonly bot_id: number
  readonly prompt_id: number
  readonly category: string
  readonly status: "scored" | "failed"
  readonly points: number | null
  readonly max_points: number
  readonly partial: number
  readonly items: string
  readonly raw: string
  readonly error: string | null
  readonly seed: number
  readonly item_order: string
  readonly created_at: string
}

export interface JudgePairRow {
  readonly id: number
  readonly judge_bot_id: number
  readonly prompt_id: number
  readonly run_a: number
  readonly run_b: number
  readonly asked: JudgePair["asked"]
  readonly swapped: JudgePair["swapped"]
  readonly outcome: JudgePair["outcome"]
  readonly consistent: number
  readonly raw: string
  readonly created_at: string
}

export const judgeScoreFromRow = (r: JudgeScoreRow): JudgeScore => ({
  id: r.id,
  runId: r.run_id,
  judgeBotId: r.judge_bot_id,
  judge: r.judge,
  botId: r.bot_id,
  promptId: r.prompt_id,
  category: r.category,
  status: r.status,
  points: r.points,
  maxPoints: r.max_points,
  partial: r.partial !== 0,
  items: JSON.parse(r.items),
  raw: JSON.parse(r.raw),
  error: r.error,
  seed: r.seed,
  order: JSON.parse(r.item_order),
  source: "judge",
  createdAt: r.created_at
})

export const judgePairFromRow = (r: JudgePairRow): JudgePair => ({
  id: r.id,
  judgeBotId: r.judge_bot_id,
  promptId: r.prompt_id,
  runA: r.run_a,
  runB: r.run_b,
  asked: r.asked,
  swapped: r.swapped,
  outcome: r.outcome,
  consistent: r.consistent !== 0,
  raw: JSON.parse(r.raw),
  createdAt: r.created_at
})

/** A scored judgement has points within the prompt's; a failed one has none. */
export const checkJudgePoints = (input: JudgeScoreInput, maxPoints: number): Effect.Effect<void, InvalidInput> => {
  if (input.status === "scored") {
    const p = input.points
    if (p === null || !Number.isFinite(p) || p < 0 || p > maxPoints) {
      return Effect.fail(invalid("points", `must be between 0 and ${maxPoints} (the prompt's points), got ${String(p)}`))
    }
  } else if (input.points !== null) return Effect.fail(invalid("points", "a failed judgement has no points"))
  return Effect.void
}

export interface MachineRow {
  readonly id: number
  readonly fingerprint: string
  readonly profile: string
  readonly first_seen: string
}

export interface BenchRow {
  readonly id: number
  readonly bot_id: number
  readonly machine_id: number | null
  readonly server_version: string | null
  readonly pp: number
  readonly tg: number
  readonly repeat: number
  readonly depths: string
  readonly created_at: string
}

export const machineFromRow = (r: MachineRow): Machine => ({ ...(JSON.parse(r.profile) as MachineProfile), id: r.id, fingerprint: r.fingerprint, firstSeen: r.first_seen })

export const benchFromRow = (r: BenchRow): BenchResult => ({
  id: r.id,
  botId: r.bot_id,
  machineId: r.machine_id,
  serverVersion: r.server_version,
  pp: r.pp,
  tg: r.tg,
  repeat: r.repeat,
  depths: JSON.parse(r.depths) as ReadonlyArray<BenchDepth>,
  createdAt: r.created_at
})

/** A profile from a file or a probe: the fields the fingerprint and the screens need, of the right types. */
export const checkProfile = (p: MachineProfile): Effect.Effect<void, InvalidInput> => {
  const bad = (field: string, what: string) => Effect.fail(invalid(`machine.${field}`, what))
  if (typeof p !== "object" || p === null) return bad("profile", "must be an object")
  if (typeof p.os?.platform !== "string" || typeof p.os.release !== "string" || typeof p.os.arch !== "string") return bad("os", "needs platform, release and arch as text")
  if (typeof p.cpu?.model !== "string" || !Number.isInteger(p.cpu.cores)) return bad("cpu", "needs a model (text) and cores (a whole number)")
  if (typeof p.ramMb !== "number" || !Number.isFinite(p.ramMb)) return bad("ramMb", "must be a number")
  if (!Array.isArray(p.gpus) || p.gpus.some((g) => typeof g?.name !== "string")) return bad("gpus", "must be a list of GPUs with names")
  return Effect.void
}

/** The fields of a profile a machine row keeps. */
export const storedProfile = (profile: MachineProfile): MachineProfile => ({ os: profile.os, cpu: profile.cpu, ramMb: profile.ramMb, gpus: profile.gpus, probes: profile.probes ?? [] })

/** A bench result's counts and figures (its bot and machine are checked against the store). */
export const checkBench = (input: BenchInput): Effect.Effect<void, InvalidInput> =>
  Effect.gen(function* () {
    for (const [field, value] of [["pp", input.pp], ["tg", input.tg], ["repeat", input.repeat]] as const) {
      if (!Number.isInteger(value) || value < 1) return yield* Effect.fail(invalid(field, `must be a whole number of 1 or more, got ${String(value)}`))
    }
    for (const d of input.depths) {
      for (const field of ["ppMean", "ppSd", "tgMean", "tgSd"] as const) yield* finite(`depths.${field}`, d[field])
    }
  })

export interface GroupRow {
  readonly id: number
  readonly name: string
  readonly base_bot_id: number | null
  /** Member ids joined by commas, in order. */
  readonly members: string | null
}

export const groupFromRow = (r: GroupRow): BotGroup => ({
  id: r.id,
  name: r.name,
  baseBotId: r.base_bot_id,
  botIds: r.members === null || r.members === "" ? [] : r.members.split(",").map(Number)
})

export interface SampleRows {
  readonly bots: ReadonlyArray<{ readonly id: number; readonly epoch: number }>
  readonly scores: ReadonlyArray<{ readonly bot_id: number; readonly prompt_id: number; readonly run_id: number; readonly points: number; readonly pinned: number }>
  readonly speeds: ReadonlyArray<{ readonly bot_id: number; readonly prompt_id: number; readonly tps: number | null; readonly ttft: number | null }>
}

/** statSamples' three reads, gathered per bot in the bots' order. */
export const samplesFromRows = ({ bots, scores, speeds }: SampleRows): ReadonlyArray<BotSampleSet> => {
  const byBot = new Map(bots.map((b) => [b.id, { botId: b.id, epoch: b.epoch, scores: [] as Array<BotSampleSet["scores"][number]>, speeds: [] as Array<BotSampleSet["speeds"][number]> }]))
  for (const s of scores) byBot.get(s.bot_id)?.scores.push({ promptId: s.prompt_id, runId: s.run_id, points: s.points, pinned: s.pinned !== 0 })
  for (const r of speeds) byBot.get(r.bot_id)?.speeds.push({ promptId: r.prompt_id, tokensPerSecond: r.tps, ttftMs: r.ttft })
  // the bootstrap draws prompts by their place in these lists: one order whatever plan the engine chose (the
  // order of SQLite's covering indexes: by prompt, then run, or then speed with nulls first)
  for (const set of byBot.values()) {
    set.scores.sort((a, b) => a.promptId - b.promptId || a.runId - b.runId)
    set.speeds.sort((a, b) => a.promptId - b.promptId || nullsFirst(a.tokensPerSecond, b.tokensPerSecond) || nullsFirst(a.ttftMs, b.ttftMs))
  }
  return [...byBot.values()]
}

const nullsFirst = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b)
