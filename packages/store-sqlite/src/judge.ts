import type * as SqlClient from "@effect/sql/SqlClient"
import { StoreRows, type JudgePairInput, type JudgePoints, type JudgeScoreFilter, type JudgeScoreInput, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import { bit } from "./internal/rows.js"
import { json, notFound, sqlErrors } from "./internal/validate.js"

const { judgeScoreFromRow: fromRow, judgePairFromRow: pairFromRow, checkJudgePoints } = StoreRows
type JudgeScoreRow = StoreRows.JudgeScoreRow
type JudgePairRow = StoreRows.JudgePairRow

type JudgeMethods = Pick<Store.Service, "saveJudgeScore" | "listJudgeScores" | "judgePoints" | "saveJudgePair" | "listJudgePairs">

/** The judge's part of the store: suggestions in `judge_scores`, pairwise verdicts in `judge_pairs` (migration 0008). */
export const judgeMethods = (sql: SqlClient.SqlClient, now: Effect.Effect<string>): JudgeMethods => {
  const select = (where: ReturnType<SqlClient.SqlClient["and"]>) => sql<JudgeScoreRow>`
    SELECT js.*, jb.name AS judge, r.bot_id, r.prompt_id, p.category
    FROM judge_scores js
    JOIN runs r ON r.id = js.run_id
    JOIN prompts p ON p.id = r.prompt_id
    JOIN bots jb ON jb.id = js.judge_bot_id
    WHERE ${where}
    ORDER BY js.run_id, js.judge_bot_id`

  const saveJudgeScore = Effect.fn("SqliteStore.saveJudgeScore")(function* (input: JudgeScoreInput) {
    const [run] = yield* sql<{ readonly max_points: number }>`
      SELECT p.points AS max_points FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.id = ${input.runId}`
    if (run === undefined) return yield* Effect.fail(notFound(`no run ${input.runId}`))
    const [judge] = yield* sql<{ readonly id: number }>`SELECT id FROM bots WHERE id = ${input.judgeBotId}`
    if (judge === undefined) return yield* Effect.fail(notFound(`no bot ${input.judgeBotId} (the judge)`))
    yield* checkJudgePoints(input, run.max_points)
    const items = (yield* json("items", input.items)) ?? "[]"
    const raw = (yield* json("raw", input.raw)) ?? "[]"
    const order = (yield* json("order", input.order)) ?? "[]"
    const at = yield* now
    yield* sql`
      INSERT INTO judge_scores (run_id, judge_bot_id, status, points, max_points, partial, items, raw, error, seed, item_order, created_at)
      VALUES (${input.runId}, ${input.judgeBotId}, ${input.status}, ${input.points}, ${input.maxPoints}, ${bit(input.partial)},
        ${items}, ${raw}, ${input.error}, ${input.seed}, ${order}, ${at})
      ON CONFLICT (run_id, judge_bot_id) DO UPDATE SET
        status = excluded.status, points = excluded.points, max_points = excluded.max_points, partial = excluded.partial,
        items = excluded.items, raw = excluded.raw, error = excluded.error, seed = excluded.seed,
        item_order = excluded.item_order, created_at = excluded.created_at`
    const [row] = yield* select(sql.and([sql`js.run_id = ${input.runId}`, sql`js.judge_bot_id = ${input.judgeBotId}`]))
    return fromRow(row!)
  }, sqlErrors)

  const listJudgeScores = Effect.fn("SqliteStore.listJudgeScores")(function* (filter: JudgeScoreFilter = {}) {
    const rows = yield* select(
      sql.and([
        ...(filter.judgeBotId !== undefined ? [sql`js.judge_bot_id = ${filter.judgeBotId}`] : []),
        ...(filter.runId !== undefined ? [sql`js.run_id = ${filter.runId}`] : []),
        ...(filter.botId !== undefined ? [sql`r.bot_id = ${filter.botId}`] : []),
        ...(filter.category !== undefined ? [sql`p.category = ${filter.category}`] : [])
      ])
    )
    return rows.map(fromRow)
  }, sqlErrors)

  const judgePoints = Effect.fn("SqliteStore.judgePoints")(function* () {
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
      SELECT bot_id, category, sum(points) AS points, count(*) AS scored FROM latest WHERE rn = 1 GROUP BY bot_id, category`
    return rows.map((r): JudgePoints => ({ botId: r.bot_id, category: r.category, points: r.points, scored: r.scored }))
  }, sqlErrors)

  const saveJudgePair = Effect.fn("SqliteStore.saveJudgePair")(function* (input: JudgePairInput) {
    const raw = (yield* json("raw", input.raw)) ?? "[]"
    const at = yield* now
    const rows = yield* sql<JudgePairRow>`
      INSERT INTO judge_pairs (judge_bot_id, prompt_id, run_a, run_b, asked, swapped, outcome, consistent, raw, created_at)
      VALUES (${input.judgeBotId}, ${input.promptId}, ${input.runA}, ${input.runB}, ${input.asked}, ${input.swapped},
        ${input.outcome}, ${bit(input.consistent)}, ${raw}, ${at})
      ON CONFLICT (judge_bot_id, run_a, run_b) DO UPDATE SET
        asked = excluded.asked, swapped = excluded.swapped, outcome = excluded.outcome,
        consistent = excluded.consistent, raw = excluded.raw, created_at = excluded.created_at
      RETURNING *`
    return pairFromRow(rows[0]!)
  }, sqlErrors)

  const listJudgePairs = Effect.fn("SqliteStore.listJudgePairs")(function* (filter: { readonly judgeBotId?: number } = {}) {
    const where = filter.judgeBotId !== undefined ? sql`judge_bot_id = ${filter.judgeBotId}` : sql`1 = 1`
    return (yield* sql<JudgePairRow>`SELECT * FROM judge_pairs WHERE ${where} ORDER BY id`).map(pairFromRow)
  }, sqlErrors)

  return { saveJudgeScore, listJudgeScores, judgePoints, saveJudgePair, listJudgePairs }
}
