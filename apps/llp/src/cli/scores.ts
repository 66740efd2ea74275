import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { Store, Workspace, parseManualItems, parseSortColumn, pointsWithInterval, rankLabel, spreadText, stars, ttftText, type SortColumn, nounCount } from "@llp/core"
import { type ArenaCell, arenaCells, documentJson, exportDocument, importDocument, loadLeaderboard, parseDocument, toCsv, toMarkdown, writeScoreFiles, type BoardChoice, type SpeedMachine } from "@llp/exporters"
import { num, parse, requireArg, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { UsageError } from "./errors.js"
import { outputFile, writeOutput } from "./output.js"
import { fileStamp, fmt, printJson, table } from "./print.js"

const FORMATS = ["json", "csv", "md"] as const
type Format = (typeof FORMATS)[number]

const formatOf = (value: string | undefined, fallback: Format): Format | undefined => {
  const v = value === "markdown" ? "md" : (value ?? fallback)
  return (FORMATS as ReadonlyArray<string>).includes(v) ? (v as Format) : undefined
}

const sortOf = (value: string | undefined) =>
  Effect.gen(function* () {
    if (value === undefined) return "total" as SortColumn
    const categories = yield* (yield* Store.Store).listCategories()
    const column = parseSortColumn(value, categories)
    if (column === undefined) {
      return yield* usage(`--sort must be one of total, bot, stars, speed, ttft, scored, runs or a category key (${categories.map((c) => c.key).join(", ")}), got "${value}"`)
    }
    return column
  })

/** `--machine all|ID`: whose runs the speed columns average; this machine's by default. */
const machineOf = (value: string | undefined): SpeedMachine => {
  if (value === undefined || value === "this") return "this"
  if (value === "all") return "all"
  const id = Number(value)
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`--machine must be all, this or a machine id (llp machine --all lists them), got "${value}"`)
  return id
}

/** The flags every leaderboard-making command takes (issue 12; --machine: issue 15). */
export const BOARD_FLAGS = { "all-params": { type: "boolean" }, resamples: { type: "string" }, seed: { type: "string" }, machine: { type: "string" } } as const

export const boardOptions = (values: Record<string, unknown>): BoardChoice => {
  const resamples = num(values, "resamples", { int: true, min: 100, max: 100_000 })
  const seed = num(values, "seed", { int: true })
  return {
    allParams: values["all-params"] === true,
    machine: machineOf(str(values, "machine")),
    ...(resamples !== undefined ? { resamples } : {}),
    ...(seed !== undefined ? { seed } : {})
  }
}

/** The text of an export in a format; the same numbers in every one. */
const render = (format: Format, sort: SortColumn, details: boolean, board: BoardChoice = {}) =>
  Effect.gen(function* () {
    if (format === "json") return documentJson(yield* exportDocument({ ...board, details, sort }))
    const { rows, categories, names, arena, machine } = yield* loadLeaderboard(sort, board)
    return format === "csv" ? toCsv(rows, categories, names) : toMarkdown(rows, categories, arena, names, machine)
  })

/** "1042 (1010–1071)", or — without votes. */
const arenaText = (cell: ArenaCell | null | undefined) => (cell ? `${cell.rating} (${cell.low}–${cell.high})` : null)

export const score: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("score", args, { note: { type: "string" }, pin: { type: "boolean" }, items: { type: "string" }, json: { type: "boolean" } })
    const use = "llp score RUN_ID POINTS [--note TEXT] [--pin] [--items 1:met,2:partly,3:not met]"
    const runId = Number(requireArg(positionals[0], "a run id", use))
    if (!Number.isInteger(runId) || runId < 1) return yield* usage(`score: "${positionals[0]}" is not a run id (see llp runs list)`)
    const rawPoints = requireArg(positionals[1], "the points", use)
    const points = Number(rawPoints)
    if (rawPoints.trim() === "" || !Number.isFinite(points)) return yield* usage(`score: points must be a number, got "${rawPoints}"`)
    const store = yield* Store.Store
    const itemsText = str(values, "items")
    let detail: unknown = undefined
    if (itemsText !== undefined) {
      // per-item verdicts: what `llp judge agreement` compares with a judge's for Cohen's κ
      const rubric = (yield* store.getPrompt((yield* store.getRun(runId)).promptId)).rubric
      const items = parseManualItems(itemsText, rubric.length)
      if (!items.ok) return yield* usage(`score: --items: ${items.error}`)
      detail = { items: items.items }
    }
    const saved = yield* store.scoreRun({ runId, points, note: str(values, "note") ?? "", source: "manual", ...(detail !== undefined ? { detail } : {}) })
    if (values.pin === true) yield* store.pinRun(runId, true)
    const run = yield* store.getRun(runId)
    const prompt = yield* store.getPrompt(run.promptId)
    const files = yield* writeScoreFiles(run.botId, prompt.category)
    if (values.json) return printJson({ ...saved, files })
    process.stdout.write(`Scored run ${runId}: ${saved.points} of ${prompt.points} (${prompt.category}/${prompt.title})${saved.note ? ` — ${saved.note}` : ""}\n`)
    for (const f of files) process.stderr.write(`wrote ${f}\n`)
  })

export const leaderboard: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("leaderboard", args, { json: { type: "boolean" }, format: { type: "string" }, sort: { type: "string" }, "with-judge": { type: "boolean" }, ...BOARD_FLAGS })
    const sort = yield* sortOf(str(values, "sort"))
    const withJudge = values["with-judge"] === true
    const board = { ...boardOptions(values), withJudge }
    if (values.json || str(values, "format") !== undefined) {
      const format = values.json ? "json" : formatOf(str(values, "format"), "md")
      if (format === undefined) return yield* usage(`leaderboard: --format must be md or csv (or --json), got "${str(values, "format")}"`)
      return void process.stdout.write(yield* render(format, sort, false, board))
    }
    const { rows, categories, arena, machine: speedsOf } = yield* loadLeaderboard(sort, board)
    const arenaOf = arena ? arenaCells(arena) : new Map<number, ArenaCell | null>()
    if (rows.length === 0) return void process.stdout.write("No bots yet. Add one with `llp bots add` or `llp bots sync`.\n")
    const cats = categories.map((c) => c.key)
    process.stdout.write(
      table(
        ["#", "BOT", ...cats.map((c) => c.toUpperCase()), "TOTAL", "★", "ARENA (95 %)", "TOK/S (P10–P90)", "TTFT (P10–P90)", "LOAD S", "SCORED", "RUNS", ...(withJudge ? ["OF WHICH JUDGE"] : [])],
        rows.map((r, i) => [
          r.stats ? rankLabel(r.stats) : i + 1,
          r.bot,
          ...cats.map((c) => pointsWithInterval(r.points[c] ?? 0, r.stats?.points[c])),
          pointsWithInterval(r.total, r.stats?.total),
          stars(r.total).toFixed(1),
          arenaText(arenaOf.get(r.botId)),
          r.stats ? spreadText(r.stats.tokensPerSecond, " tok/s") : fmt(r.avgTokensPerSecond),
          r.stats ? ttftText(r.stats.ttftMs) : r.avgTtftMs === null ? null : (r.avgTtftMs / 1000).toFixed(2),
          r.avgLoadMs === null || r.avgLoadMs === undefined ? null : (r.avgLoadMs / 1000).toFixed(2),
          `${r.scored}/${r.prompts}`,
          r.runs,
          ...(withJudge ? [r.judge === undefined ? "—" : `${r.judge.total} (${nounCount(r.judge.scored, "prompt")})`] : [])
        ]),
        [0, ...cats.map((_, i) => i + 2), ...[2, 3, 4, 5, 6, 7, 8, 9].map((i) => cats.length + i)]
      )
    )
    process.stdout.write(
      `± is half the 95 % interval (${board.resamples ?? 2000} resamples); = marks a rank shared with a bot whose interval overlaps; ${board.allParams ? "every run counts, whatever its parameters" : "only runs made with each bot's current parameters count (--all-params: every run)"}.\n`
    )
    process.stderr.write(
      `speed: ${speedsOf === null ? "every machine's runs" : `runs on this machine (${speedsOf.id}) only; --machine all for every machine's`}; TTFT without model loads\n`
    )
  })

export const exportCommand: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("export", args, { format: { type: "string" }, out: { type: "string" }, details: { type: "boolean" }, sort: { type: "string" }, force: { type: "boolean" }, ...BOARD_FLAGS })
    const format = formatOf(str(values, "format"), "json")
    if (format === undefined) return yield* usage(`export: --format must be json, csv or md, got "${str(values, "format")}"`)
    if (values.details === true && format !== "json") return yield* usage("export: --details needs --format json (it is what llp import reads)")
    const ws = yield* Workspace.Workspace
    const base = `leaderboard-${fileStamp(new Date().toISOString())}${values.details ? "-details" : ""}`
    const file = yield* outputFile(str(values, "out"), values.force === true, { dir: path.join(ws.root, "exports"), base, ext: format })
    yield* writeOutput(file, yield* render(format, yield* sortOf(str(values, "sort")), values.details === true, boardOptions(values)))
  })

export const importCommand: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("import", args, { json: { type: "boolean" } })
    const file = path.resolve(requireArg(positionals[0], "a file", "llp import FILE.json"))
    const text = yield* Effect.try({ try: () => fs.readFileSync(file, "utf8"), catch: (e) => ({ _tag: "ReadError", message: `cannot read ${file}: ${(e as Error).message}` }) })
    const doc = yield* parseDocument(text, file)
    const report = yield* importDocument(doc)
    if (values.json) return printJson(report)
    const line = (name: string, c: { added: number; matched: number }) => `${name}: ${c.added} added, ${c.matched} already here`
    process.stdout.write(
      [line("categories", report.categories), line("prompts", report.prompts), line("bots", report.bots), line("runs", report.runs), line("scores", report.scores), line("arena votes", report.arenaVotes), line("judge suggestions", report.judgeScores), line("judge pairwise verdicts", report.judgePairs)].join("\n") + "\n"
    )
    for (const s of report.skipped) process.stderr.write(`skipped: ${s}\n`)

  })
