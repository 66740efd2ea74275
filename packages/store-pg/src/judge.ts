import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { StoreErrors, StoreRows, type JudgePairInput, type JudgePoints, type JudgeScoreFilter, type JudgeScoreInput, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"
import { noNul } from "./nul.js"

const { json, notFound } = StoreErrors

/** The judge's suggestions in `judge_scores` and pairwise verdicts in `judge_pairs` (migration 0002). */
export const makeJudge = (
  sql: SqlClient.SqlClient,
  now: Effect.Effect<string>,
  errors: SqlErrors
): Pick<Store.Service, "saveJudgeScore" | "listJudgeScores" | "judgePoints" | "saveJudgePair" | "listJudgePairs"> => {
  const select = (where: Fragment) => sql<StoreRows.JudgeScoreRow>`
    SELECT js.*, jb.name AS judge, r.bot_id, r.prompt_id, p.category
    FROM judge_scores js
    JOIN runs r ON r.id = js.run_id
    JOIN prompts p ON p.id = r.prompt_id
    JOIN bots jb ON jb.id = js.judge_bot_id
    WHERE ${where}
    ORDER BY js.run_id, js.judge_bot_id`

  const saveJudgeScore = Effect.fn("PgStore.saveJudgeScore")(function* (input: JudgeScoreInput) {
    const [run] = yield* sql<{ readonly max_points: number }>`
      SELECT p.points AS max_points FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.id = ${input.runId}`
    if (run === undefined) return yield* Effect.fail(notFound(`no run ${input.runId}`))
    const [judge] = yield* sql<{ readonly id: number }>`SELECT id FROM bots WHERE id = ${input.judgeBotId}`
    if (judge === undefined) return yield* Effect.fail(notFound(`no bot ${input.judgeBotId} (the judge)`))
    yield* StoreRows.checkJudgePoints(input, run.max_points)
    const items = (yield* json("items", input.items)) ?? "[]"
    const raw = (yield* json("raw", input.raw)) ?? "[]"
    const order = (yield* json("order", input.order)) ?? "[]"
    const at = yield* now
    yield* sql`
      INSERT INTO judge_scores (run_id, judge_bot_id, status, points, max_points, partial, items, raw, error, seed, item_order, created_at)
      VALUES (${input.runId}, ${input.judgeBotId}, ${input.status}, ${input.points}, ${input.maxPoints}, ${input.partial ? 1 : 0},
        ${items}, ${raw}, ${noNul(input.error)}, ${input.seed}, ${order}, ${at})
      ON CONFLICT (run_id, judge_bot_id) DO UPDATE SET
        status = excluded.status, points = excluded.points, max_points = excluded.max_points, partial = excluded.partial,
        items = excluded.items, raw = excluded.raw, error = excluded.error, seed = excluded.seed,
        item_order = excluded.item_order, created_at = excluded.created_at`
    const [row] = yield* select(sql.and([sql`js.run_id = ${input.runId}`, sql`js.judge_bot_id = ${input.judgeBotId}`]))
    return StoreRows.judgeScoreFromRow(row!)
  }, errors)

  const listJudgeScores = Effect.fn("PgStore.listJudgeScores")(function* (filter: JudgeScoreFilter = {}) {
    const rows = yield* select(
      sql.and([
        ...(filter.judgeBotId !== undefined ? [sql`js.judge_bot_id = ${filter.judgeBotId}`] : []),
        ...(filter.runId !== undefined ? [sql`js.run_id = ${filter.runId}`] : []),
        ...(filter.botId !== undefined ? [sql`r.bot_id = ${filter.botId}`] : []),
        ...(filter.category !== undefined ? [sql`p.category = ${filter.category}`] : [])
      ])
    )
    return rows.map(StoreRows.judgeScoreFromRow)
  }, errors)

  /** Per bot × category, the latest judged run's points on each prompt the bot has no score for (llp_sum: SQLite's compensated sum). */
  const judgePoints = Effect.fn("PgStore.judgePoints")(function* () {
    const rows = yield* sql<{ readonly bot_id: number; readonly category: string; readonly points: number; readonly scored: number }>`
      WITH latest AS (
        SELECT r.bot_id, p.category, js.points,
          row_number() OVER (PARTITION BY r.bot_id, r.prompt_id ORDER BY r.id DESC, js.created_at DESC, js.id DESC) AS rn
        FROM judge_scores js
        JOIN runs r ON r.id = js.run_id
        JOIN prompts p ON p.id = r.prompt_id
        WHERE js.status = 'scored' AND js.partial = 0
          AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.bot_id = r.bot_id AND s.prompt_id = r.prompt_id)
      )
      SELECT bot_id, category, llp_sum(points) AS points, count(*) AS scored FROM latest WHERE rn = 1 GROUP BY bot_id, category`
    return rows.map((r): JudgePoints => ({ botId: r.bot_id, category: r.category, points: r.points, scored: r.scored }))
  }, errors)

  const saveJudgePair = Effect.fn("PgStore.saveJudgePair")(function* (input: JudgePairInput) {
    const raw = (yield* json("raw", input.raw)) ?? "[]"
    const at = yield* now
    const rows = yield* sql<StoreRows.JudgePairRow>`
      INSERT INTO judge_pairs (judge_bot_id, prompt_id, run_a, run_b, asked, swapped, outcome, consistent, raw, created_at)
      VALUES (${input.judgeBotId}, ${input.promptId}, ${input.runA}, ${input.runB}, ${input.asked}, ${input.swapped},
        ${input.outcome}, ${input.consistent ? 1 : 0}, ${raw}, ${at})
      ON CONFLICT (judge_bot_id, run_a, run_b) DO UPDATE SET
        asked = excluded.asked, swapped = excluded.swapped, outcome = excluded.outcome,
        consistent = excluded.consistent, raw = excluded.raw, created_at = excluded.created_at
      RETURNING *`
    return StoreRows.judgePairFromRow(rows[0]!)
  }, errors)

  const listJudgePairs = Effect.fn("PgStore.listJudgePairs")(function* (filter: { readonly judgeBotId?: number } = {}) {
    const where = filter.judgeBotId !== undefined ? sql`judge_bot_id = ${filter.judgeBotId}` : sql`true`
    return (yield* sql<StoreRows.JudgePairRow>`SELECT * FROM judge_pairs WHERE ${where} ORDER BY id`).map(StoreRows.judgePairFromRow)
  }, errors)

  return { saveJudgeScore, listJudgeScores, judgePoints, saveJudgePair, listJudgePairs }
}
