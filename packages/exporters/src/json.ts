import type { ArenaVote, BenchResult, Bot, Category, JudgePair, JudgeScore, LeaderboardRow, Machine, Prompt, Run, ScoredRun } from "@llp/core"
import { type ArenaCell, documentArenaVotes } from "./arena.js"
import { documentJudgePairs, documentJudgeScores } from "./judge.js"
import { documentBench, documentMachine, runSpeed } from "./machine.js"
import {
  DOCUMENT_VERSION,
  type DocumentBot,
  type DocumentCategory,
  type DocumentPrompt,
  type DocumentRow,
  type DocumentRun,
  type DocumentScore,
  type LeaderboardDocument
} from "./document.js"
import { type CategorySummary, compareText, exportRows, type PromptName, promptNames } from "./rows.js"

/** Everything a `--details` export holds besides the leaderboard: the store's records as they are. */
export interface ExportDetails {
  readonly categories: ReadonlyArray<Category>
  readonly bots: ReadonlyArray<Bot>
  readonly prompts: ReadonlyArray<Prompt>
  readonly runs: ReadonlyArray<Run>
  readonly scores: ReadonlyArray<ScoredRun>
  readonly machines?: ReadonlyArray<Machine>
  readonly bench?: ReadonlyArray<BenchResult>
  /** Written only when there are any. */
  readonly arenaVotes?: ReadonlyArray<ArenaVote>
  /** Written only when there are any. */
  readonly judgeScores?: ReadonlyArray<JudgeScore>
  readonly judgePairs?: ReadonlyArray<JudgePair>
}

const documentBot = (b: Bot): DocumentBot => ({
  name: b.name,
  provider: b.provider,
  model: b.model,
  load: b.load,
  sampling: b.sampling,
  meta: b.meta,
  notes: b.notes
})

/** The fields a prompt has in a document and in a workspace alike (export writes them, import reads them). */
export const promptFields = (p: Omit<DocumentPrompt, "edited">) => ({
  category: p.category,
  slug: p.slug,
  order: p.order,
  title: p.title,
  text: p.text,
  points: p.points,
  ...(p.temperature === undefined ? {} : { temperature: p.temperature }),
  useSystemPrompt: p.useSystemPrompt,
  ...(p.group === undefined ? {} : { group: p.group }),
  rubric: p.rubric.map((c) => ({ points: c.points, text: c.text }))
})

const documentPrompt = (p: Prompt): DocumentPrompt => ({ ...promptFields(p), edited: p.edited })

/** JSON has no `undefined`: unknown values become null so that a key is always there. */
const json = (value: unknown): unknown => (value === undefined ? null : value)

/** What a run holds beyond who, what and when: exported as it is, and written back by an import with `updateRun`. */
export const runProgress = (r: Omit<DocumentRun, "bot" | "category" | "prompt" | "startedAt" | "provider" | "model" | "answeredModel" | "demo">) => ({
  status: r.status,
  request: json(r.request),
  output: r.output,
  reasoning: r.reasoning,
  error: r.error,
  endedAt: r.endedAt,
  ttftMs: r.ttftMs,
  generationMs: r.generationMs,
  totalMs: r.totalMs,
  promptTokens: r.promptTokens,
  completionTokens: r.completionTokens,
  tokensPerSecond: r.tokensPerSecond,
  speedSource: r.speedSource,
  serverTtftMs: r.serverTtftMs,
  stopReason: r.stopReason,
  serverStats: json(r.serverStats),
  modelInfo: json(r.modelInfo),
  runtime: json(r.runtime)
})

const documentRun = (r: Run, bot: Bot, prompt: Prompt, machines: ReadonlyMap<number, Machine>): DocumentRun => ({
  bot: bot.name,
  category: prompt.category,
  prompt: prompt.slug,
  startedAt: r.startedAt,
  provider: r.provider,
  model: r.model,
  answeredModel: r.answeredModel,
  demo: r.demo,
  ...runProgress(r),
  ...runSpeed(r, r.machineId === null || r.machineId === undefined ? null : (machines.get(r.machineId)?.fingerprint ?? null)),
  // what it was sent, so that an import keeps it apart from runs made with other parameters
  ...(r.sentParams === undefined || r.sentParams === null ? {} : { sentParams: r.sentParams }),
  ...(r.paramsKey === undefined ? {} : { paramsKey: r.paramsKey })
})

const compareRuns = (a: DocumentRun, b: DocumentRun): number =>
  compareText(a.startedAt, b.startedAt) || compareText(a.bot, b.bot) || compareText(a.category, b.category) || compareText(a.prompt, b.prompt)

/**
 * The details as the document holds them: without workspace-local ids, every reference by name
 * (bot name, category key, prompt slug, run start time), in an order that does not depend on ids:
 * bots by name, prompts by category then order, runs by start time, scores in the order they were given.
 */
export const documentDetails = (details: ExportDetails) => {
  const bots = new Map(details.bots.map((b) => [b.id, b]))
  const prompts = new Map(details.prompts.map((p) => [p.id, p]))
  const categoryOrder = new Map(details.categories.map((c) => [c.key, c.order]))
  const machines = new Map((details.machines ?? []).map((m) => [m.id, m]))
  const runOf = (run: Run) => {
    const bot = bots.get(run.botId)
    const prompt = prompts.get(run.promptId)
    return bot && prompt ? documentRun(run, bot, prompt, machines) : undefined
  }
  const runs = details.runs.flatMap((r) => runOf(r) ?? []).sort(compareRuns)
  const scores = [...details.scores]
    .sort((a, b) => compareText(a.score.createdAt, b.score.createdAt) || a.score.id - b.score.id)
    .flatMap((s): Array<DocumentScore> => {
      const run = runOf(s.run)
      if (!run) return []
      return [
        {
          bot: run.bot,
          category: run.category,
          prompt: run.prompt,
          startedAt: run.startedAt,
          points: s.score.points,
          note: s.score.note,
          source: s.score.source,
          pinned: s.score.pinned,
          detail: json(s.score.detail)
        }
      ]
    })
  return {
    bots: [...details.bots].sort((a, b) => compareText(a.name, b.name)).map(documentBot),
    prompts: [...details.prompts]
      .sort(
        (a, b) =>
          (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
          compareText(a.category, b.category) ||
          a.order - b.order ||
          compareText(a.slug, b.slug)
      )
      .map(documentPrompt),
    runs,
    scores,
    ...(details.machines !== undefined ? { machines: details.machines.map(documentMachine) } : {}),
    ...(details.bench !== undefined ? { bench: details.bench.flatMap((b) => documentBench(b, bots, machines) ?? []) } : {}),
    ...(details.arenaVotes && details.arenaVotes.length > 0
      ? { arenaVotes: documentArenaVotes(details.arenaVotes, runOf, new Map(details.runs.map((r) => [r.id, r]))) }
      : {}),
    ...(details.judgeScores && details.judgeScores.length > 0
      ? { judgeScores: documentJudgeScores(details.judgeScores, runOf, new Map(details.runs.map((r) => [r.id, r]))) }
      : {}),
    ...(details.judgePairs && details.judgePairs.length > 0
      ? { judgePairs: documentJudgePairs(details.judgePairs, runOf, new Map(details.runs.map((r) => [r.id, r])), bots) }
      : {})
  }
}

/**
 * The export document of a leaderboard: `rows` in the order given (rank = position), `categories`
 * in the order given. With `details`, every bot, prompt, run and score too.
 */
export const makeDocument = (
  rows: ReadonlyArray<LeaderboardRow>,
  categories: ReadonlyArray<CategorySummary>,
  details?: ExportDetails,
  exportedAt: string = new Date().toISOString(),
  /** Per bot id, when the workspace has Arena votes. */
  arena?: ReadonlyMap<number, ArenaCell | null>,
  names: ReadonlyMap<number, PromptName> = promptNames(details?.prompts ?? [])
): LeaderboardDocument => {
  const full = new Map((details?.categories ?? []).map((c) => [c.key, c]))
  const docCategories = categories.map((c): DocumentCategory => {
    const d = full.get(c.key)
    const base = { key: c.key, title: c.title, points: c.points }
    return d ? { ...base, order: d.order, temperature: d.temperature, systemPrompt: d.systemPrompt } : base
  })
  const leaderboard: Array<DocumentRow> = exportRows(rows, categories, names).map((r, i) => (arena ? { ...r, arena: arena.get(rows[i]!.botId) ?? null } : { ...r }))
  const head = { llp: "leaderboard" as const, version: DOCUMENT_VERSION, exportedAt, categories: docCategories, leaderboard }
  return details ? { ...head, ...documentDetails(details) } : head
}

/** The document as JSON text: two-space indent, a newline at the end. */
export const documentJson = (doc: LeaderboardDocument): string => `${JSON.stringify(doc, null, 2)}\n`

/** The leaderboard as a versioned JSON document (see README); with `details`, everything needed to import it elsewhere. */
export const toJson = (
  rows: ReadonlyArray<LeaderboardRow>,
  categories: ReadonlyArray<CategorySummary>,
  details?: ExportDetails,
  exportedAt?: string
): string => documentJson(makeDocument(rows, categories, details, exportedAt))
