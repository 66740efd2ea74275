import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import {
  StoreBase,
  StoreError,
  StoreErrors,
  type Bot,
  type ManualRun,
  type RunFilter,
  type RunProgress,
  type RunStart,
  type ScoreInput
} from "@llp/core"
import * as Effect from "effect/Effect"
import { columns } from "./columns.js"

const { notFound } = StoreErrors

// Postgres text cannot hold U+0000 (SQLite's can): a model's stray NUL becomes U+FFFD rather than losing the run
const NUL = /\u0000/g
const text = (value: unknown): unknown => (typeof value === "string" && value.includes("\u0000") ? value.replace(NUL, "\uFFFD") : value)
const texts = (row: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const k in row) out[k] = text(row[k])
  return out
}

const SCORE_COLUMNS = "id, run_id, bot_id, prompt_id, points, note, source, pinned, detail, created_at"

/** Runs, scores and the leaderboard on Postgres, as SqliteStore has them. */
export const makeRuns = (sql: SqlClient.SqlClient, now: Effect.Effect<string>, botById: (id: number) => Effect.Effect<Bot, StoreError | SqlError>) => {
  const cols = columns(sql)

  const runById = (id: number) =>
    Effect.flatMap(sql<StoreBase.RunRow>`SELECT ${cols.run()} FROM runs WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(StoreBase.runFromRow(rows[0])) : Effect.fail(notFound(`no run ${id}`))
    )

  const requireBotAndPrompt = (botId: number, promptId: number) =>
    Effect.gen(function* () {
      const [row] = yield* sql<{ readonly bot: number | null; readonly prompt: number | null }>`
        SELECT (SELECT id FROM bots WHERE id = ${botId}) AS bot, (SELECT id FROM prompts WHERE id = ${promptId}) AS prompt`
      if (row?.bot === null || row?.bot === undefined) return yield* Effect.fail(notFound(`no bot with id ${botId}`))
      if (row.prompt === null) return yield* Effect.fail(notFound(`no prompt with id ${promptId}`))
    })

  const startRun = (start: RunStart) =>
    Effect.gen(function* () {
      yield* requireBotAndPrompt(start.botId, start.promptId)
      const bot = yield* botById(start.botId)
      const row = yield* StoreBase.startRunColumns(start, bot)
      const rows = yield* sql<StoreBase.RunRow>`INSERT INTO runs ${sql.insert(row)} RETURNING ${cols.run()}`
      return StoreBase.runFromRow(rows[0]!)
    })

  // Called about once a second per streaming run: one UPDATE of the fields given, nothing else.
  const updateRun = (id: number, progress: RunProgress) =>
    Effect.gen(function* () {
      const set = texts(yield* StoreBase.runProgressColumns(progress))
      const rows = yield* sql`UPDATE runs SET ${sql.update(set)} WHERE id = ${id} RETURNING id`
      if (rows.length === 0) return yield* Effect.fail(notFound(`no run ${id}`))
    })

  const addManualRun = (run: ManualRun) =>
    Effect.gen(function* () {
      yield* StoreBase.checkManualRun(run)
      const bot = yield* botById(run.botId)
      yield* requireBotAndPrompt(run.botId, run.promptId)
      const at = yield* now
      const rows = yield* sql<StoreBase.RunRow>`INSERT INTO runs ${sql.insert(texts(StoreBase.manualRunColumns(run, bot, at)))} RETURNING ${cols.run()}`
      return StoreBase.runFromRow(rows[0]!)
    })

  const listRuns = (filter: RunFilter = {}) =>
    Effect.gen(function* () {
      const where = sql.and([
        ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
        ...(filter.promptId !== undefined ? [sql`prompt_id = ${filter.promptId}`] : []),
        ...(filter.category !== undefined ? [sql`prompt_id IN (SELECT id FROM prompts WHERE category = ${filter.category})`] : []),
        ...(filter.status !== undefined ? [sql`status = ${filter.status}`] : []),
        ...(filter.machineId !== undefined ? [sql`machine_id = ${filter.machineId}`] : [])
      ])
      // LIMIT NULL: no limit
      const limit = filter.limit !== undefined && Number.isFinite(filter.limit) ? Math.max(0, Math.floor(filter.limit)) : null
      const rows = yield* sql<StoreBase.RunRow>`SELECT ${cols.run()} FROM runs WHERE ${where} ORDER BY id DESC LIMIT ${limit}`
      return rows.map(StoreBase.runFromRow)
    })

  const removeRun = (id: number) =>
    Effect.gen(function* () {
      const rows = yield* sql`DELETE FROM runs WHERE id = ${id} RETURNING id`
      if (rows.length === 0) return yield* Effect.fail(notFound(`no run ${id}`))
    })

  // ---------------------------------------------------------------- scores

  const scoreRun = (input: ScoreInput) =>
    Effect.gen(function* () {
      const { source, note } = yield* StoreBase.checkScoreInput(input)
      const [run] = yield* sql<{ readonly bot_id: number; readonly prompt_id: number; readonly category: string; readonly max_points: number; readonly params_key: string | null; readonly partial: number }>`
        SELECT r.bot_id, r.prompt_id, p.category, p.points AS max_points, r.params_key, (r.status <> 'complete')::int AS partial
        FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.id = ${input.runId}`
      if (run === undefined) return yield* Effect.fail(notFound(`no run ${input.runId}`))
      const { points, detail } = yield* StoreBase.checkScorePoints(input, run.max_points)
      const at = yield* now
      // a rescore updates in place first: an INSERT … ON CONFLICT would draw an id from the sequence each time,
      // and the scores' ids would no longer be the ones SQLite gives the same history
      const updated = yield* sql<StoreBase.ScoreRow>`
        UPDATE scores SET points = ${points}, note = ${note}, source = ${source}, detail = ${detail}, created_at = ${at}
        WHERE run_id = ${input.runId} RETURNING ${sql.literal(SCORE_COLUMNS)}`
      if (updated[0] !== undefined) return StoreBase.scoreFromRow(updated[0])
      const rows = yield* sql<StoreBase.ScoreRow>`
        INSERT INTO scores (run_id, bot_id, prompt_id, category, points, note, source, detail, created_at, params_key, partial)
        VALUES (${input.runId}, ${run.bot_id}, ${run.prompt_id}, ${run.category}, ${points}, ${note}, ${source}, ${detail}, ${at}, ${run.params_key}, ${run.partial})
        ON CONFLICT (run_id) DO UPDATE SET
          points = excluded.points, note = excluded.note, source = excluded.source,
          detail = excluded.detail, created_at = excluded.created_at
        RETURNING ${sql.literal(SCORE_COLUMNS)}`
      return StoreBase.scoreFromRow(rows[0]!)
    })

  const pinRun = (runId: number, pinned: boolean) =>
    sql.withTransaction(
      Effect.gen(function* () {
        const [score] = yield* sql<StoreBase.ScoreRow>`SELECT ${sql.literal(SCORE_COLUMNS)} FROM scores WHERE run_id = ${runId}`
        if (score === undefined) {
          yield* runById(runId)
          if (!pinned) return
          return yield* Effect.fail(new StoreError({ reason: "Invalid", detail: `run ${runId} has no score: score it before pinning it` }))
        }
        // every score of the bot × prompt, locked: two machines pinning two of its runs at once go one after the
        // other (the second then sees the first's pin and moves it), rather than one failing on scores_one_pin
        yield* sql`SELECT id FROM scores WHERE bot_id = ${score.bot_id} AND prompt_id = ${score.prompt_id} ORDER BY id FOR UPDATE`
        if (pinned) {
          yield* sql`UPDATE scores SET pinned = 0
            WHERE bot_id = ${score.bot_id} AND prompt_id = ${score.prompt_id} AND pinned = 1 AND run_id <> ${runId}`
        }
        yield* sql`UPDATE scores SET pinned = ${StoreBase.bit(pinned)} WHERE run_id = ${runId}`
      })
    )

  const listScores = (filter: { readonly botId?: number; readonly category?: string } = {}) =>
    Effect.gen(function* () {
      const where = sql.and([
        ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
        ...(filter.category !== undefined ? [sql`category = ${filter.category}`] : [])
      ])
      const rows = yield* sql<StoreBase.ScoredRunRow>`
        WITH ranked AS (
          SELECT s.id, s.run_id, s.bot_id, s.prompt_id, s.points, s.note, s.source, s.pinned, s.partial, s.detail, s.created_at,
            row_number() OVER (PARTITION BY bot_id, prompt_id ORDER BY pinned DESC, partial, run_id DESC) AS rn
          FROM scores s WHERE ${where}
        )
        SELECT ${cols.run("r")}, s.id AS score_id, s.points AS score_points, s.note AS score_note, s.source AS score_source,
          s.pinned AS score_pinned, s.detail AS score_detail, s.created_at AS score_created_at, (s.rn = 1 AND (s.pinned = 1 OR s.partial = 0)) AS counted
        FROM ranked s
        JOIN runs r ON r.id = s.run_id
        JOIN prompts p ON p.id = s.prompt_id
        JOIN categories c ON c.key = p.category
        ORDER BY s.bot_id, c.ord, c.key COLLATE "C", p.ord, p.id, s.run_id DESC`
      return rows.map(StoreBase.scoredRunFromRow)
    })

  // ---------------------------------------------------------------- leaderboard

  /**
   * One query over the figures the triggers of migration 0001 keep per bot (`leaderboard_points`,
   * `leaderboard_runs`): its cost depends on the number of bots and categories, not of runs. Categories
   * come in code-point order, as SQLite's table gives them.
   */
  const leaderboard = () =>
    Effect.gen(function* () {
      const rows = yield* sql<StoreBase.LeaderboardRow>`
        WITH per_bot AS (
          SELECT bot_id, json_object_agg(category, points ORDER BY category COLLATE "C")::text AS points, sum(scored) AS scored
          FROM leaderboard_points GROUP BY bot_id
        )
        SELECT b.id, b.name, b.provider, b.model,
          coalesce(pb.points, '{}') AS points, coalesce(pb.scored, 0) AS scored,
          coalesce(lr.runs, 0) AS runs, lr.avg_tokens_per_second AS avg_tps, lr.avg_ttft_ms AS avg_ttft
        FROM bots b
        LEFT JOIN per_bot pb ON pb.bot_id = b.id
        LEFT JOIN leaderboard_runs lr ON lr.bot_id = b.id
        ORDER BY b.id`
      return rows.map(StoreBase.leaderboardFromRow)
    })

  return { startRun, updateRun, addManualRun, getRun: runById, listRuns, removeRun, scoreRun, pinRun, listScores, leaderboard }
}
