import type { LeaderboardRow } from "./domain/Leaderboard.js"

/**
 * The quality/cost frontier: which bots are Pareto-optimal on points against one cost axis
 * (tok/s, time to first token, VRAM, energy), and which bot to pick under the user's limits.
 * Pure: plain numbers in, plain data out. Every figure but points may be unknown (null): a bot
 * without a figure on the chosen axis is left off the frontier, and said so.
 */

export const FRONTIER_AXES = ["tps", "ttft", "vram", "energy"] as const
export type FrontierAxis = (typeof FRONTIER_AXES)[number]

export interface FrontierInput {
  readonly botId: number
  readonly bot: string
  readonly points: number
  /** A confidence interval on the points, when the statistics give one. */
  readonly interval?: { readonly low: number; readonly high: number } | null
  /** Tokens per second: higher is better. */
  readonly tps: number | null
  /** Time to first token, ms: lower is better. */
  readonly ttftMs: number | null
  /** Memory the model needs, bytes: lower is better. */
  readonly vramBytes?: number | null
  /** Energy per 1,000 generated tokens, joules: lower is better. */
  readonly energyJ?: number | null
}

export interface FrontierEntry {
  readonly input: FrontierInput
  /** The figure on the axis. */
  readonly value: number
  /** Bots that have at least as many points and are at least as good on the axis, one of them strictly; best first. */
  readonly dominatedBy: ReadonlyArray<FrontierInput>
  /**
   * Dominated only by bots whose points interval overlaps this bot's: the data cannot yet tell
   * them apart on quality. False when no intervals are known.
   */
  readonly withinInterval: boolean
}

export interface Frontier {
  readonly axis: FrontierAxis
  /** On the frontier, most points first. */
  readonly optimal: ReadonlyArray<FrontierEntry>
  /** Off the frontier, most points first. */
  readonly dominated: ReadonlyArray<FrontierEntry>
  /** Bots with no figure on the axis. */
  readonly unknown: ReadonlyArray<FrontierInput>
}

export const AXIS_LABEL: Record<FrontierAxis, string> = { tps: "tok/s", ttft: "time to first token", vram: "VRAM", energy: "energy" }

const higherIsBetter = (axis: FrontierAxis) => axis === "tps"

export const axisValue = (input: FrontierInput, axis: FrontierAxis): number | null => {
  const v = axis === "tps" ? input.tps : axis === "ttft" ? input.ttftMs : axis === "vram" ? input.vramBytes : input.energyJ
  return v === undefined || v === null || !Number.isFinite(v) ? null : v
}

/** Whether `a` is at least as good as `b` on the axis (ties count). */
const atLeastAsGood = (a: number, b: number, axis: FrontierAxis) => (higherIsBetter(axis) ? a >= b : a <= b)

const byPointsThenName = (a: FrontierInput, b: FrontierInput) =>
  b.points - a.points || a.bot.localeCompare(b.bot, "en", { sensitivity: "base" }) || a.botId - b.botId

/**
 * Splits the bots into the Pareto-optimal ones and the dominated ones on points against the axis.
 * A bot is dominated when another has at least as many points and is at least as fast (or small),
 * and strictly better on one of the two; two bots equal on both stay on the frontier together.
 */
export const frontier = (inputs: ReadonlyArray<FrontierInput>, axis: FrontierAxis): Frontier => {
  const known: Array<{ input: FrontierInput; value: number }> = []
  const unknown: Array<FrontierInput> = []
  for (const input of inputs) {
    const value = axisValue(input, axis)
    if (value === null) unknown.push(input)
    else known.push({ input, value })
  }
  const entries: Array<FrontierEntry> = known.map(({ input, value }) => {
    const dominatedBy = known
      .filter(
        (o) =>
          o.input.botId !== input.botId &&
          o.input.points >= input.points &&
          atLeastAsGood(o.value, value, axis) &&
          (o.input.points > input.points || o.value !== value)
      )
      .map((o) => o.input)
      .sort(byPointsThenName)
    // strictly: two single-sample intervals at the same points are one figure, not an overlap
    const overlaps = (o: FrontierInput) => input.interval != null && o.interval != null && o.interval.low < input.interval.high
    return { input, value, dominatedBy, withinInterval: dominatedBy.length > 0 && dominatedBy.every(overlaps) }
  })
  const order = (a: FrontierEntry, b: FrontierEntry) => byPointsThenName(a.input, b.input)
  return {
    axis,
    optimal: entries.filter((e) => e.dominatedBy.length === 0).sort(order),
    dominated: entries.filter((e) => e.dominatedBy.length > 0).sort(order),
    unknown: [...unknown].sort(byPointsThenName)
  }
}

export interface Limits {
  readonly minTps?: number
  readonly maxVramBytes?: number
  readonly maxTtftMs?: number
  readonly maxEnergyJ?: number
}

export interface Recommendation {
  /** null: no bot meets the limits. */
  readonly pick: FrontierInput | null
  /** One line saying why (or why none). */
  readonly reason: string
  /** How many bots meet the limits. */
  readonly eligible: number
}

const GB = 1024 ** 3
export const formatBytes = (bytes: number): string => (bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`)

const limitChecks = (limits: Limits) => {
  const checks: Array<{ label: string; axis: FrontierAxis; ok: (v: number) => boolean }> = []
  if (limits.minTps !== undefined) checks.push({ label: `≥ ${limits.minTps} tok/s`, axis: "tps", ok: (v) => v >= limits.minTps! })
  if (limits.maxTtftMs !== undefined) checks.push({ label: `time to first token ≤ ${limits.maxTtftMs} ms`, axis: "ttft", ok: (v) => v <= limits.maxTtftMs! })
  if (limits.maxVramBytes !== undefined) checks.push({ label: `≤ ${formatBytes(limits.maxVramBytes)} VRAM`, axis: "vram", ok: (v) => v <= limits.maxVramBytes! })
  if (limits.maxEnergyJ !== undefined) checks.push({ label: `≤ ${limits.maxEnergyJ} J`, axis: "energy", ok: (v) => v <= limits.maxEnergyJ! })
  return checks
}

/**
 * The bot with the most points among those that meet every limit; ties go to the faster one, then
 * the name. A bot with no figure for a limited axis does not meet that limit (it may not fit), and
 * the reason counts them.
 */
export const recommend = (inputs: ReadonlyArray<FrontierInput>, limits: Limits): Recommendation => {
  const checks = limitChecks(limits)
  let missing = 0
  let failing = 0
  const eligible = inputs.filter((input) => {
    let ok = true
    for (const c of checks) {
      const v = axisValue(input, c.axis)
      if (v === null) {
        missing++
        return false
      }
      if (!c.ok(v)) ok = false
    }
    if (!ok) failing++
    return ok
  })
  const conditions = checks.length === 0 ? "no limits" : checks.map((c) => c.label).join(" and ")
  const notes = [failing > 0 ? `${failing} miss the limits` : "", missing > 0 ? `${missing} have no figure for a limited axis` : ""].filter((s) => s !== "")
  if (eligible.length === 0) {
    return { pick: null, eligible: 0, reason: inputs.length === 0 ? "no bots with scores" : `no bot meets ${conditions}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}` }
  }
  const sorted = [...eligible].sort((a, b) => b.points - a.points || (b.tps ?? -1) - (a.tps ?? -1) || byPointsThenName(a, b))
  const pick = sorted[0]!
  const better = inputs.filter((i) => i.points > pick.points).length
  const speed = pick.tps === null ? "" : `, ${pick.tps.toFixed(1)} tok/s`
  const reason =
    `most points (${pick.points}${speed}) of the ${eligible.length} bot(s) meeting ${conditions}` +
    (better > 0 ? `; ${better} bot(s) with more points miss the limits` : "") +
    (missing > 0 ? `; ${missing} left out for want of a figure` : "")
  return { pick, eligible: eligible.length, reason }
}

/** Parses a size such as 9GB, 9 GiB, 512MB or a plain number of bytes. */
export const parseBytes = (text: string): number | null => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text)
  if (!m) return null
  const unit = (m[2] ?? "b").toLowerCase()[0]!
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit as "b"] ?? 0
  return Math.round(Number(m[1]) * 1024 ** power)
}

/** "total": the sum over every category. */
export const TOTAL = "total"

/**
 * The frontier's inputs from leaderboard rows, for one category or the total. Bots with no points
 * there are left out (the leaderboard fills a category never scored with 0, which says nothing).
 * Intervals come from the rows' statistics; VRAM and energy are filled in where the caller has them
 * (`extra`, by bot id).
 */
export const frontierInputs = (
  rows: ReadonlyArray<LeaderboardRow>,
  category: string,
  extra: (botId: number) => Partial<Pick<FrontierInput, "interval" | "vramBytes" | "energyJ">> = () => ({})
): ReadonlyArray<FrontierInput> =>
  rows
    .filter((r) => r.scored > 0 && (category === TOTAL ? r.total : (r.points[category] ?? 0)) > 0)
    .map((r) => ({
      botId: r.botId,
      bot: r.bot,
      points: category === TOTAL ? r.total : (r.points[category] ?? 0),
      // the statistics' 95 % interval where the leaderboard carries one
      interval: r.stats === undefined ? null : category === TOTAL ? r.stats.total : (r.stats.points[category] ?? null),
      tps: r.avgTokensPerSecond,
      ttftMs: r.avgTtftMs,
      ...extra(r.botId)
    }))

/** What a run may say about the machine (issue 15's measurements; absent on runs made without them). */
export interface RunResources {
  readonly botId: number
  readonly peakVramMb?: number | null | undefined
  readonly energyJ?: number | null | undefined
  readonly completionTokens: number | null
}

/**
 * Per bot, from its complete runs: VRAM as the highest peak seen (bytes), and energy as joules per
 * 1,000 generated tokens over the runs that measured both. A bot with no measured run has neither.
 */
export const resourceFigures = (runs: ReadonlyArray<RunResources>): ReadonlyMap<number, { readonly vramBytes: number | null; readonly energyJ: number | null }> => {
  const acc = new Map<number, { vram: number | null; joules: number; tokens: number }>()
  for (const r of runs) {
    const a = acc.get(r.botId) ?? { vram: null, joules: 0, tokens: 0 }
    if (typeof r.peakVramMb === "number" && Number.isFinite(r.peakVramMb)) a.vram = Math.max(a.vram ?? 0, r.peakVramMb)
    if (typeof r.energyJ === "number" && Number.isFinite(r.energyJ) && r.completionTokens !== null && r.completionTokens > 0) {
      a.joules += r.energyJ
      a.tokens += r.completionTokens
    }
    acc.set(r.botId, a)
  }
  const out = new Map<number, { vramBytes: number | null; energyJ: number | null }>()
  for (const [botId, a] of acc) out.set(botId, { vramBytes: a.vram === null ? null : a.vram * 1024 * 1024, energyJ: a.tokens > 0 ? (a.joules / a.tokens) * 1000 : null })
  return out
}
