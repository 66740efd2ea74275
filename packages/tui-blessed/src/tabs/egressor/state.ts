import { isFlaky, mean, paramsKey, scoresByPrompt, type BenchResult, type Bot, type Category, type JudgeRecord, type Prompt, type Run, type ScoredRun } from "@llp/core"
import { clampCursor, listCursor, moveCursor, type ListCursor } from "../../widgets/listCursor.js"

export interface PromptRow {
  readonly prompt: Prompt
  readonly categoryTitle: string
  /** The counted score, if any. */
  readonly scored: ScoredRun | undefined
  /** The run shown for the prompt: the counted one, else the newest. */
  readonly run: Run | undefined
  readonly runs: number
  /** The prompt's points for the bot: the mean of its scored repeats made with its current parameters (or the pinned score). */
  readonly points: number | null
  /** Scored runs that count. */
  readonly repeats: number
  /** The repeats' scores spread over more than a third of the prompt's points. */
  readonly flaky: boolean
}

/**
 * The scored runs that count for the bot (issue 12): per prompt the pinned one alone, else every one made with
 * the bot's current parameters (runs from before LLP recorded parameters count too).
 */
export const countedScores = (bot: Bot | null, scores: ReadonlyArray<ScoredRun>): ReadonlyArray<ScoredRun> => {
  const key = bot === null ? null : paramsKey(bot)
  const current = scores.filter((x) => x.score.pinned || x.run.paramsKey === undefined || x.run.paramsKey === null || x.run.paramsKey === key)
  const pinned = new Set(current.filter((x) => x.score.pinned).map((x) => x.run.promptId))
  return current.filter((x) => !pinned.has(x.run.promptId) || x.score.pinned)
}

export interface State {
  readonly botId: number | null
  readonly bot: Bot | null
  readonly loaded: boolean
  readonly error: string | null
  readonly rows: ReadonlyArray<PromptRow>
  /** The bot's runs, newest first. */
  readonly runs: ReadonlyArray<Run>
  readonly scores: ReadonlyArray<ScoredRun>
  /** The runs whose scores count (countedScores), worked out once per load rather than per history row drawn. */
  readonly counted: ReadonlySet<number>
  /** The bot's record as a judge, when it has judged anything. */
  readonly judgeRecord: JudgeRecord | null
  /** The bot's newest `llp bench` result, if any. */
  readonly bench: BenchResult | null
  readonly focus: "prompts" | "runs"
  readonly promptCursor: ListCursor
  readonly runCursor: ListCursor
}

export const init = (): State => ({
  botId: null,
  bot: null,
  loaded: false,
  error: null,
  rows: [],
  runs: [],
  scores: [],
  counted: new Set(),
  judgeRecord: null,
  bench: null,
  focus: "prompts",
  promptCursor: listCursor(),
  runCursor: listCursor()
})

/** One row per prompt, in category then prompt order. */
export const promptRows = (
  categories: ReadonlyArray<Category>,
  prompts: ReadonlyArray<Prompt>,
  runs: ReadonlyArray<Run>,
  scores: ReadonlyArray<ScoredRun>,
  bot: Bot | null = null
): Array<PromptRow> => {
  const counted = countedScores(bot, scores)
  const byPrompt = scoresByPrompt(counted.map((x) => ({ promptId: x.run.promptId, runId: x.run.id, points: x.score.points, pinned: x.score.pinned })))
  const order = new Map([...categories].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)).map((c, i) => [c.key, i]))
  const title = new Map(categories.map((c) => [c.key, c.title]))
  return [...prompts]
    .sort((a, b) => (order.get(a.category) ?? 99) - (order.get(b.category) ?? 99) || a.order - b.order || a.id - b.id)
    .map((p) => {
      const scored = scores.find((x) => x.counted && x.run.promptId === p.id)
      const mine = runs.filter((r) => r.promptId === p.id)
      const values = byPrompt.get(p.id) ?? []
      return {
        prompt: p,
        categoryTitle: title.get(p.category) ?? p.category,
        scored,
        run: scored?.run ?? mine[0],
        runs: mine.length,
        points: values.length > 0 ? mean(values) : null,
        repeats: values.length,
        flaky: isFlaky(values, p.points)
      }
    })
}

export const loaded = (
  s: State,
  data: {
    readonly bot: Bot
    readonly categories: ReadonlyArray<Category>
    readonly prompts: ReadonlyArray<Prompt>
    readonly runs: ReadonlyArray<Run>
    readonly scores: ReadonlyArray<ScoredRun>
    readonly judgeRecord?: JudgeRecord | null
    readonly bench?: ReadonlyArray<BenchResult>
  }
): State => {
  const same = s.botId === data.bot.id
  return {
    ...s,
    botId: data.bot.id,
    bot: data.bot,
    loaded: true,
    error: null,
    runs: data.runs,
    scores: data.scores,
    counted: new Set(countedScores(data.bot, data.scores).map((x) => x.run.id)),
    judgeRecord: data.judgeRecord ?? null,
    bench: data.bench?.[0] ?? null,
    rows: promptRows(data.categories, data.prompts, data.runs, data.scores, data.bot),
    ...(same ? {} : { promptCursor: listCursor(), runCursor: listCursor(), focus: "prompts" as const })
  }
}

export const failed = (s: State, error: string): State => ({ ...s, loaded: true, error })
export const noBot = (): State => ({ ...init(), loaded: true })

export const selectedRow = (s: State): PromptRow | undefined => s.rows[clampCursor(s.promptCursor, s.rows.length, 1).selected]

/** Runs of the selected prompt, newest first. */
export const history = (s: State): ReadonlyArray<Run> => {
  const r = selectedRow(s)
  return r ? s.runs.filter((x) => x.promptId === r.prompt.id) : []
}

export const scoreOf = (s: State, runId: number): ScoredRun | undefined => s.scores.find((x) => x.run.id === runId)

/** Whether a run's score counts towards the prompt's points (see countedScores). */
export const counts = (s: State, runId: number): boolean => s.counted.has(runId)

export const move = (s: State, delta: number, height: number): State =>
  s.focus === "prompts"
    ? { ...s, promptCursor: moveCursor(s.promptCursor, delta, s.rows.length, height), runCursor: listCursor() }
    : { ...s, runCursor: moveCursor(s.runCursor, delta, history(s).length, height) }

export const setFocus = (s: State, focus: State["focus"]): State => (focus === "runs" && history(s).length === 0 ? s : { ...s, focus })

/** The run Enter opens: the one selected in the history, else the prompt's shown run. */
export const runToOpen = (s: State): Run | undefined =>
  s.focus === "runs" ? history(s)[clampCursor(s.runCursor, history(s).length, 1).selected] : selectedRow(s)?.run
