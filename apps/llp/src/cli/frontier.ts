import * as Effect from "effect/Effect"
import {
  AXIS_LABEL,
  FRONTIER_AXES,
  TOTAL,
  formatBytes,
  frontier as paretoFrontier,
  frontierInputs,
  parseBytes,
  pointsWithInterval,
  recommend,
  resourceFigures,
  Store,
  type FrontierAxis,
  type FrontierEntry,
  type FrontierInput,
  type Limits
} from "@llp/core"
import { loadLeaderboard } from "@llp/exporters"
import { num, parse, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { checkCategory } from "./choices.js"
import { printJson, table } from "./print.js"

const USAGE = "llp frontier [--category KEY|total] [--by tps|ttft|vram|energy] [--min-tps N] [--max-vram SIZE] [--json]"

const figure = (axis: FrontierAxis, v: number | null | undefined): string | null =>
  v === null || v === undefined ? null : axis === "tps" ? v.toFixed(1) : axis === "ttft" ? `${(v / 1000).toFixed(2)}s` : axis === "vram" ? formatBytes(v) : `${v.toFixed(0)} J/1k tok`

const inputJson = (i: FrontierInput) => ({
  botId: i.botId,
  bot: i.bot,
  points: i.points,
  interval: i.interval ?? null,
  tokensPerSecond: i.tps,
  ttftMs: i.ttftMs,
  vramBytes: i.vramBytes ?? null,
  energyJ: i.energyJ ?? null
})
const entryJson = (e: FrontierEntry) => ({ ...inputJson(e.input), value: e.value, dominatedBy: e.dominatedBy.map((d) => d.bot), withinInterval: e.withinInterval })

// the leaderboard's own form (2,310 ±48), so the two commands print the same figure the same way
const pointsText = (i: FrontierInput) => pointsWithInterval(i.points, i.interval ?? undefined)

/** `llp frontier`: per category, the bots no other beats on points and the chosen axis at once, and a pick under the limits. */
export const frontier: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("frontier", args, {
      category: { type: "string" },
      by: { type: "string" },
      "min-tps": { type: "string" },
      "max-vram": { type: "string" },
      json: { type: "boolean" }
    })
    const axis = (str(values, "by") ?? "tps") as FrontierAxis
    if (!FRONTIER_AXES.includes(axis)) return yield* usage(`frontier: --by must be one of ${FRONTIER_AXES.join(", ")}, got "${str(values, "by")}"; usage: ${USAGE}`)
    const limits: { -readonly [K in keyof Limits]: Limits[K] } = {}
    const minTps = num(values, "min-tps", { min: 0 })
    if (minTps !== undefined) limits.minTps = minTps
    const vramText = str(values, "max-vram")
    if (vramText !== undefined) {
      const bytes = parseBytes(vramText)
      if (bytes === null) return yield* usage(`frontier: --max-vram must be a size such as 9GB or 512MB, got "${vramText}"`)
      limits.maxVramBytes = bytes
    }
    const { rows, categories } = yield* loadLeaderboard("total", { arena: false })
    const keys = [TOTAL, ...categories.map((c) => c.key)]
    const picked = yield* checkCategory(str(values, "category"), [TOTAL])
    // VRAM and energy come from the runs' machine measurements; read the runs only when they matter
    const needsRuns = axis === "vram" || axis === "energy" || limits.maxVramBytes !== undefined
    const resources = needsRuns ? resourceFigures(yield* (yield* Store.Store).listRuns({ status: "complete", limit: 1_000_000 })) : new Map()
    const results = (picked === undefined ? keys : [picked]).map((category) => {
      const inputs = frontierInputs(rows, category, (botId) => resources.get(botId) ?? {})
      return { category, f: paretoFrontier(inputs, axis), rec: recommend(inputs, limits) }
    })

    if (values.json === true) {
      return printJson({
        axis,
        limits: { minTps: limits.minTps ?? null, maxVramBytes: limits.maxVramBytes ?? null },
        categories: results.map(({ category, f, rec }) => ({
          category,
          optimal: f.optimal.map(entryJson),
          dominated: f.dominated.map(entryJson),
          unknown: f.unknown.map(inputJson),
          recommendation: { botId: rec.pick?.botId ?? null, bot: rec.pick?.bot ?? null, reason: rec.reason }
        }))
      })
    }
    if (rows.every((r) => r.scored === 0)) return void process.stdout.write("No scores yet: the frontier needs scored runs (llp score RUN POINTS).\n")
    const label = AXIS_LABEL[axis]
    const out: Array<string> = []
    for (const { category, f, rec } of results) {
      out.push(`${category === TOTAL ? "Total" : category} — points against ${label}`)
      if (f.optimal.length + f.dominated.length + f.unknown.length === 0) {
        out.push("no bot has points here yet", "")
        continue
      }
      const lines = [
        ...f.optimal.map((e) => ["★", e.input.bot, pointsText(e.input), figure(axis, e.value), ""]),
        ...f.dominated.map((e) => ["", e.input.bot, pointsText(e.input), figure(axis, e.value), `${e.dominatedBy.map((d) => d.bot).join(", ")}${e.withinInterval ? " (within the points' intervals)" : ""}`])
      ]
      if (lines.length > 0) out.push(table(["", "BOT", "POINTS", label.toUpperCase(), "DOMINATED BY"], lines, [2, 3]).trimEnd())
      if (f.unknown.length > 0) out.push(`left off (no ${label} figure${axis === "vram" || axis === "energy" ? " measured yet" : ""}): ${f.unknown.map((u) => u.bot).join(", ")}`)
      out.push(`Recommendation: ${rec.pick === null ? "none" : rec.pick.bot} — ${rec.reason}`, "")
    }
    process.stdout.write(out.join("\n"))
  })
