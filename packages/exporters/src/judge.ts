import type { Bot, JudgePair, JudgePairInput, JudgeScore, JudgeScoreInput, Run } from "@llp/core"
import * as Schema from "effect/Schema"
import type { DocumentJudgePair, DocumentRun } from "./document.js"

/**
 * A judge's suggestion for a run (issue 14), named as runs are, with the judge by bot name: the verdicts
 * and the judge's raw answers travel with it, so an export keeps a night of judging.
 */
export const DocumentJudgeScore = Schema.Struct({
  bot: Schema.String,
  category: Schema.String,
  prompt: Schema.String,
  startedAt: Schema.String,
  judge: Schema.String,
  status: Schema.Literal("scored", "failed"),
  points: Schema.NullOr(Schema.Number.pipe(Schema.nonNegative())),
  maxPoints: Schema.Number.pipe(Schema.nonNegative()),
  partial: Schema.Boolean,
  items: Schema.Array(
    Schema.Struct({
      index: Schema.Int.pipe(Schema.nonNegative()),
      points: Schema.Number,
      text: Schema.String,
      verdict: Schema.Literal("met", "partly", "not met"),
      reason: Schema.String,
      awarded: Schema.Number
    })
  ),
  raw: Schema.Array(Schema.String),
  error: Schema.NullOr(Schema.String),
  seed: Schema.Number,
  order: Schema.Array(Schema.Int),
  createdAt: Schema.String
})
export type DocumentJudgeScore = typeof DocumentJudgeScore.Type

/** The suggestions whose run and judge are in the export, oldest first. */
export const documentJudgeScores = (
  scores: ReadonlyArray<JudgeScore>,
  runOf: (run: Run) => DocumentRun | undefined,
  runs: ReadonlyMap<number, Run>
): Array<DocumentJudgeScore> =>
  [...scores]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .flatMap((s) => {
      const run = runs.get(s.runId)
      const doc = run && runOf(run)
      if (!doc) return []
      const { id: _id, runId: _run, judgeBotId: _judge, botId: _bot, promptId: _prompt, category: _category, source: _source, ...rest } = s
      return [{ bot: doc.bot, category: doc.category, prompt: doc.prompt, startedAt: doc.startedAt, ...rest }]
    })

/** What the store needs to save a suggestion again, for a run and judge found in the workspace. */
export const judgeScoreInput = (s: DocumentJudgeScore, runId: number, judgeBotId: number): JudgeScoreInput => ({
  runId,
  judgeBotId,
  status: s.status,
  points: s.points,
  maxPoints: s.maxPoints,
  partial: s.partial,
  items: s.items,
  raw: s.raw,
  error: s.error,
  seed: s.seed,
  order: s.order
})

/** The pairwise verdicts whose two runs and judge are in the export, oldest first. */
export const documentJudgePairs = (
  pairs: ReadonlyArray<JudgePair>,
  runOf: (run: Run) => DocumentRun | undefined,
  runs: ReadonlyMap<number, Run>,
  bots: ReadonlyMap<number, Bot>
): Array<DocumentJudgePair> =>
  [...pairs]
    .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id - y.id)
    .flatMap((p) => {
      const a = runs.get(p.runA)
      const b = runs.get(p.runB)
      const da = a && runOf(a)
      const db = b && runOf(b)
      const judge = bots.get(p.judgeBotId)
      if (!da || !db || !judge) return []
      const ref = (r: DocumentRun) => ({ bot: r.bot, category: r.category, prompt: r.prompt, startedAt: r.startedAt })
      return [{ judge: judge.name, a: ref(da), b: ref(db), asked: p.asked, swapped: p.swapped, outcome: p.outcome, consistent: p.consistent, raw: p.raw, createdAt: p.createdAt }]
    })

/** What the store needs to save a pairwise verdict again, for runs and a judge found in the workspace. */
export const judgePairInput = (p: DocumentJudgePair, promptId: number, runA: number, runB: number, judgeBotId: number): JudgePairInput => ({
  judgeBotId,
  promptId,
  runA,
  runB,
  asked: p.asked,
  swapped: p.swapped,
  outcome: p.outcome,
  consistent: p.consistent,
  raw: p.raw
})
