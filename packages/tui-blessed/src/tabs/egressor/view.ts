import { benchLabel, formatMeanSd, type BenchResult, type JudgeRecord, type Run } from "@llp/core"
import type { TabSize } from "../../app/types.js"
import { botParams } from "../../presentation/bot.js"
import * as F from "../../presentation/format.js"
import { columnWidths, frame, row, type Column } from "../../presentation/layout.js"
import { flow } from "../../presentation/flow.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit } from "../../presentation/text.js"
import * as S from "./state.js"

export const promptColumns: ReadonlyArray<Column> = [
  { title: "Category", min: 8, max: 14, flex: true },
  { title: "Prompt", min: 14, flex: true, max: 40 },
  { title: "Score", min: 9, align: "right" },
  { title: "tok/s", min: 5, align: "right" },
  { title: "Runs", min: 4, align: "right" },
  { title: "Output", min: 12, flex: true }
]

export const promptCells = (r: S.PromptRow): ReadonlyArray<string> => [
  r.categoryTitle,
  r.prompt.title,
  `${r.flaky ? "~" : ""}${r.points !== null ? F.points(r.points) : F.DASH}/${r.prompt.points}`,
  F.tokensPerSecond(r.run?.tokensPerSecond),
  String(r.runs),
  r.run ? (r.run.output === "" ? `(${r.run.status}, empty)` : r.run.output) : "(no run yet)"
]

const historyColumns: ReadonlyArray<Column> = [
  { title: "Run", min: 6, align: "right" },
  { title: "Started", min: 16 },
  { title: "Status", min: 14 }, // "cancelled DEMO"
  { title: "tok/s", min: 5, align: "right" },
  { title: "TTFT", min: 6, align: "right" },
  { title: "Load", min: 6, align: "right" },
  { title: "Score", min: 6, align: "right" },
  { title: "Note", min: 8, flex: true }
]

interface SweDetail {
  readonly kind: "swe"
  readonly verdict: string
  readonly parts: { readonly runnable: number; readonly correct: number; readonly coverage: number; readonly explanation: number; readonly suggestions: number }
  readonly total: number
  readonly reference: { readonly passed: number; readonly total: number } | null
  readonly coverage: number | null
  readonly goVersion?: string
}

const isSwe = (d: unknown): d is SweDetail => typeof d === "object" && d !== null && (d as { kind?: unknown }).kind === "swe" && typeof (d as { parts?: unknown }).parts === "object"

/** The parts of an automatic swe score (`llp eval swe`), on one line. */
export const sweLine = (d: SweDetail): string => {
  const p = d.parts
  const ref = d.reference ? ` (${d.reference.passed}/${d.reference.total} reference tests)` : ""
  const cov = d.coverage === null ? "" : ` (${d.coverage.toFixed(1)}%)`
  return `SWE ${d.verdict}: runnable ${p.runnable}/50 · correct ${p.correct}/250${ref} · coverage ${p.coverage}/120${cov} · explanation ${p.explanation}/60 · suggestions ${p.suggestions}/20 = ${d.total}/500`
}

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(0)}%`)

/** A judge's record, figure by figure (llp judge agreement has the details); `flow` lays them out on lines. */
export const judgeParts = (r: JudgeRecord): Array<string> => [
  `As a judge: ${r.judged} runs judged, ${r.failures} failed`,
  `vs your scores (${r.runs} runs): within 10% ${pct(r.within10)}`,
  `Spearman ${r.spearman === null ? "–" : r.spearman.toFixed(2)}`,
  `κ ${r.kappa === null ? "–" : r.kappa.toFixed(2)}`,
  `lenience ${r.meanSignedDiff === null ? "–" : `${r.meanSignedDiff >= 0 ? "+" : ""}${r.meanSignedDiff.toFixed(1)} pts`}`,
  `swap-consistent ${pct(r.swapConsistency)}`
]

/** A run's load time when it loaded the model, "warm" when it did not, a dash when the server does not say. */
export const loadCell = (r: Run): string => (r.cold === true ? F.seconds(r.loadMs) : r.cold === false ? "warm" : F.DASH)

/** "Bench: pp512 1234.5 ± 3.1 · tg128 45.6 ± 0.4 (server's timings, 5 repeats, 2026-01-01)" */
export const benchLine = (b: BenchResult): string => {
  const figures = b.depths.flatMap((d) => [
    `${benchLabel("pp", b.pp, d.depth)} ${formatMeanSd(d.ppMean === null ? null : { mean: d.ppMean, sd: d.ppSd, n: d.ppSamples.length })}`,
    `${benchLabel("tg", b.tg, d.depth)} ${formatMeanSd(d.tgMean === null ? null : { mean: d.tgMean, sd: d.tgSd, n: d.tgSamples.length })}`
  ])
  const sources = new Set(b.depths.flatMap((d) => [d.ppSource, d.tgSource]).filter((x) => x !== null))
  const by = sources.size === 0 ? "no figures" : [...sources].map((x) => (x === "server" ? "server's timings" : "LLP's clock")).join(" and ")
  return `Bench tok/s: ${figures.join(" · ")} (${by}, ${b.repeat} repeats, machine ${b.machineId ?? "?"}, ${b.createdAt.slice(0, 10)})`
}

export const view = (s: S.State, size: TabSize, heights: { prompts: number; runs: number }): Array<string> => {
  const { width: w, height: h } = size
  if (!s.loaded) return [color("gray", cell("Loading…", w))]
  if (s.error !== null) return [color("red", cell(`Could not load: ${s.error}`, w))]
  if (!s.bot) return [cell("No bot selected: choose one on the Leaderboard (Ctrl+L / F2), then come back with Ctrl+E / F4.", w)]
  const params = botParams(s.bot)
  const paramLines = [bold(cell(s.bot.name, w)), ...params.map(([k, v]) => bold(escapeTags(fit(k, 10))) + cell(v, w - 10))]
  const detail = S.selectedRow(s)?.scored?.score.detail
  const swe = [
    ...(isSwe(detail) ? flow(sweLine(detail).split(" · "), w).map((l) => color("cyan", cell(l, w))) : []),
    // the record wraps between its figures: one line of it is ~150 columns
    ...(s.judgeRecord !== null ? flow(judgeParts(s.judgeRecord), w).map((l) => color("magenta", cell(l, w))) : [])
  ]
  if (s.bench !== null) paramLines.push(...flow(benchLine(s.bench).split(" · "), w).map((l) => color("cyan", cell(l, w))))
  const rest = h - paramLines.length - swe.length
  const histH = Math.max(4, Math.min(8, Math.floor(rest / 3)))
  const promptsH = Math.max(4, rest - histH)
  const head = (cols: ReadonlyArray<Column>, widths: ReadonlyArray<number>, iw: number) =>
    bold(row(cols, widths, cols.map((c) => c.title), iw))
  const prompts = frame(`Prompts ${position(s.promptCursor, s.rows.length)} — score: mean of the repeats (* in the history), ~ flaky — Enter opens the output`, w, promptsH, (iw, ih) => {
    const widths = columnWidths(promptColumns, iw)
    heights.prompts = ih - 1
    return [head(promptColumns, widths, iw), ...listLines(s.rows.length, s.promptCursor, iw, ih - 1, s.focus === "prompts", (i, lw) => row(promptColumns, widths, promptCells(s.rows[i]!), lw), "No prompts: load suites first")]
  }, s.focus === "prompts")
  const runs = S.history(s)
  const sel = S.selectedRow(s)
  const hist = frame(`Run history${sel ? `: ${sel.prompt.title}` : ""} (→)`, w, histH, (iw, ih) => {
    const widths = columnWidths(historyColumns, iw)
    heights.runs = ih - 1
    return [
      head(historyColumns, widths, iw),
      ...listLines(runs.length, s.runCursor, iw, ih - 1, s.focus === "runs", (i, lw) => {
        const r = runs[i]!
        const sc = S.scoreOf(s, r.id)
        const counted = sc && S.counts(s, r.id) ? "*" : ""
        return row(historyColumns, widths, [`#${r.id}`, F.when(r.startedAt), r.status + (r.demo ? " DEMO" : ""), F.tokensPerSecond(r.tokensPerSecond), F.seconds(r.warmTtftMs ?? r.ttftMs), loadCell(r), sc ? `${F.points(sc.score.points)}${counted}` : F.DASH, sc?.score.note ?? ""], lw)
      }, "No runs for this prompt yet: send it in the Conducer (Ctrl+D / F8) or enter one in the Ingressor")
    ]
  }, s.focus === "runs")
  return [...paramLines, ...prompts, ...swe, ...hist]
}
