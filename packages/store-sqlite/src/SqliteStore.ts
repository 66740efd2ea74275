/**
 * The `Store` on SQLite (better-sqlite3 through `@effect/sql-sqlite-node`), with FTS5 search.
 *
 * @since 0.0.1
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import {
  BotInput,
  Category as CategorySchema,
  PromptInput as PromptInputSchema,
  answerFileKey,
  safeFileName,
  Store,
  StoreError,
  type Bot,
  type BotPatch,
  type Category,
  type ManualRun,
  type Prompt,
  type PromptInput,
  type PromptPatch,
  type RunFilter,
  type RunProgress,
  type RunStart,
  type ScoreInput,
  type SearchHit,
  type Suite,
  type SuiteLoadReport,
  StoreRows,
  StoreBase,
  SearchTerms,
  type StatSampleFilter,
  type StatsCacheEntry
} from "@llp/core"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createHash } from "node:crypto"
import { arenaStore } from "./arena.js"
import { compileSearch } from "./ftsQuery.js"
import {
  bit,
  botColumns,
  botFromRow,
  categoryFromRow,
  promptColumns,
  promptFromRow,
  promptInputFromRow,
  runFromRow,
  scoreFromRow,
  type BotRow,
  type CategoryRow,
  type PromptRow,
  type RunRow,
  type ScoreRow
} from "./internal/rows.js"
import {
  causeMessage,
  checkRubric,
  conflict,
  decode,
  isUniqueViolation,
  notFound,
  sqlErrors,
  toStoreError
} from "./internal/validate.js"
import { judgeMethods } from "./judge.js"
import { migrations } from "./migrations/index.js"
import { runMigrations } from "./migrations/run.js"
import { makeSpeedStore } from "./speed.js"
import { makeGroups } from "./groups.js"

/**
 * How many of the newest matching outputs are ranked with bm25 when a search matches more than that.
 * bm25 scores every match it is given (and first scans each word's whole doclist), so ranking every match
 * of a common word over 100,000 outputs costs 50–100+ ms; the newest `SEARCH_CANDIDATES` matches are
 * found in rowid order at almost no cost.
 *
 * @since 0.0.1
 */
export const SEARCH_CANDIDATES = 1000

/**
 * How `searchOutputs` answers a query: see its comment. `newest` is the newest run id, `kth` the id of the
 * SEARCH_CANDIDATES-th newest match (null when there are fewer matches).
 *
 * @since 0.0.1
 */
export type SearchPlan = "recent" | "all" | "bounded"

/** @since 0.0.1 */
export const searchPlan = (costly: boolean, newest: number | null, kth: number | null): SearchPlan => {
  if (costly) return "recent"
  if (kth === null || newest === null) return "all"
  // more than half of the newest outputs match: bm25's IDF is 0 for every word, it has nothing to rank by
  return SEARCH_CANDIDATES / (newest - kth + 1) > 0.5 ? "recent" : "bounded"
}

const isFtsError = (e: SqlError): boolean => /\bfts5\b/i.test(causeMessage(e.cause))

/** What a suite load compares: the prompt as the file gives it. */
const promptHash = (p: PromptInput): string => createHash("sha256").update(StoreBase.promptSource(p)).digest("hex")

/**
 * Builds the store over an `SqlClient`: sets the connection's PRAGMAs, runs the migrations, and returns the service.
 *
 * @since 0.0.1
 * @category constructors
 */
export const make: Effect.Effect<Store.Service, StoreError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* configure
  yield* migrate

  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

  // ---------------------------------------------------------------- bots

  const botById = (id: number) =>
    Effect.flatMap(sql<BotRow>`SELECT * FROM bots WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(botFromRow(rows[0])) : Effect.fail(notFound(`no bot with id ${id}`))
    )

  const listBots = Effect.fn("SqliteStore.listBots")(function* () {
    const rows = yield* sql<BotRow>`SELECT * FROM bots ORDER BY name COLLATE NOCASE, id`
    return rows.map(botFromRow)
  }, sqlErrors)

  const getBot = Effect.fn("SqliteStore.getBot")(function* (id: number) {
    return yield* botById(id)
  }, sqlErrors)

  const findBot = Effect.fn("SqliteStore.findBot")(function* (nameOrId: string) {
    const key = nameOrId.trim()
    if (/^\d+$/.test(key)) {
      const byId = yield* sql<BotRow>`SELECT * FROM bots WHERE id = ${Number(key)}`
      if (byId[0]) return botFromRow(byId[0])
    }
    const byName = yield* sql<BotRow>`SELECT * FROM bots WHERE name = ${key}`
    if (byName[0]) return botFromRow(byName[0])
    return yield* Effect.fail(notFound(/^\d+$/.test(key) ? `no bot with id or name ${key}` : `no bot named ${key}`))
  }, sqlErrors)

  // A bot's answers are kept in llm_outputs/ under a file name made from its name: two names that make
  // the same file name (on a case-insensitive disk too) would write over each other's answers.
  const sharedFileName = (name: string, except: number | null) =>
    Effect.gen(function* () {
      const rows = yield* sql<{ readonly id: number; readonly name: string }>`SELECT id, name FROM bots WHERE file_key = ${answerFileKey(name)} AND id IS NOT ${except}`
      const other = rows.find((r) => r.name.toLowerCase() !== name.toLowerCase())
      if (other !== undefined) {
        return yield* Effect.fail(
          conflict(`the name ${name} would share the answer files of the bot ${other.name} in llm_outputs/ (both are saved as ${safeFileName(name)}.md); choose another name`)
        )
      }
    })

  const createBot = Effect.fn("SqliteStore.createBot")(function* (input: BotInput) {
    const bot = yield* decode(BotInput, input)
    yield* sharedFileName(bot.name, null)
    const at = yield* now
    const rows = yield* sql<BotRow>`INSERT INTO bots ${sql.insert({ ...botColumns(bot), created_at: at, updated_at: at })} RETURNING *`.pipe(
      Effect.catchIf(isUniqueViolation, () => Effect.fail(conflict(`a bot named ${bot.name} already exists`)))
    )
    return botFromRow(rows[0]!)
  }, sqlErrors)

  const updateBot = Effect.fn("SqliteStore.updateBot")(function* (id: number, patch: BotPatch) {
    const current = yield* botById(id)
    const merged = yield* StoreBase.patchedBot(current, patch)
    if (merged.name !== current.name) yield* sharedFileName(merged.name, id)
    const at = yield* now
    const rows = yield* sql<BotRow>`UPDATE bots SET ${sql.update({ ...botColumns(merged), updated_at: at })} WHERE id = ${id} RETURNING *`.pipe(
      Effect.catchIf(isUniqueViolation, () => Effect.fail(conflict(`a bot named ${merged.name} already exists`)))
    )
    return botFromRow(rows[0]!)
  }, sqlErrors)

  const removeBot = Effect.fn("SqliteStore.removeBot")(function* (id: number) {
    const rows = yield* sql`DELETE FROM bots WHERE id = ${id} RETURNING id`
    if (rows.length === 0) return yield* Effect.fail(notFound(`no bot with id ${id}`))
  }, sqlErrors)

  const searchBots = Effect.fn("SqliteStore.searchBots")(function* (query: string, limit?: number) {
    const compiled = compileSearch(query, SearchTerms.BOT_SEARCH)
    if (compiled === null) return []
    const rows = yield* sql<BotRow & { readonly snippet: string; readonly score: number }>`
      WITH top AS MATERIALIZED (
        SELECT rowid AS id, rank AS score, snippet(bots_fts, -1, '[', ']', '…', 8) AS snippet
        FROM bots_fts WHERE bots_fts MATCH ${compiled.match} ORDER BY rank LIMIT ${SearchTerms.clampLimit(limit)}
      )
      SELECT b.*, top.snippet, top.score FROM top JOIN bots b ON b.id = top.id
      ORDER BY top.score, b.id`.pipe(ftsSafe)
    return rows.map((r): SearchHit<Bot> => ({ item: botFromRow(r), snippet: r.snippet, rank: r.score }))
  }, sqlErrors)

  // ---------------------------------------------------------------- categories and prompts

  const categoryByKey = (key: string) =>
    Effect.flatMap(sql<CategoryRow>`SELECT * FROM categories WHERE key = ${key}`, (rows) =>
      rows[0] ? Effect.succeed(categoryFromRow(rows[0])) : Effect.fail(notFound(`no category ${key}`))
    )

  const promptById = (id: number) =>
    Effect.flatMap(sql<PromptRow>`SELECT * FROM prompts WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(promptFromRow(rows[0])) : Effect.fail(notFound(`no prompt with id ${id}`))
    )

  const listCategories = Effect.fn("SqliteStore.listCategories")(function* () {
    const rows = yield* sql<CategoryRow>`SELECT * FROM categories ORDER BY ord, key`
    return rows.map(categoryFromRow)
  }, sqlErrors)

  const getCategory = Effect.fn("SqliteStore.getCategory")(function* (key: string) {
    return yield* categoryByKey(key)
  }, sqlErrors)

  const upsertCategory = (c: Category) =>
    sql`INSERT INTO categories (key, title, system_prompt, temperature, ord)
        VALUES (${c.key}, ${c.title}, ${c.systemPrompt}, ${c.temperature}, ${c.order})
        ON CONFLICT (key) DO UPDATE SET
          title = excluded.title, system_prompt = excluded.system_prompt,
          temperature = excluded.temperature, ord = excluded.ord
        WHERE title IS NOT excluded.title OR system_prompt IS NOT excluded.system_prompt
          OR temperature IS NOT excluded.temperature OR ord IS NOT excluded.ord`

  const saveCategory = Effect.fn("SqliteStore.saveCategory")(function* (category: Category) {
    const c = yield* decode(CategorySchema, category)
    yield* upsertCategory(c)
    return yield* categoryByKey(c.key)
  }, sqlErrors)

  const removeCategory = Effect.fn("SqliteStore.removeCategory")(function* (key: string) {
    const rows = yield* sql`DELETE FROM categories WHERE key = ${key} RETURNING key`
    if (rows.length === 0) return yield* Effect.fail(notFound(`no category ${key}`))
  }, sqlErrors)

  const listPrompts = Effect.fn("SqliteStore.listPrompts")(function* (category?: string) {
    if (category !== undefined) {
      yield* categoryByKey(category)
      const rows = yield* sql<PromptRow>`SELECT * FROM prompts WHERE category = ${category} ORDER BY ord, id`
      return rows.map(promptFromRow)
    }
    const rows = yield* sql<PromptRow>`
      SELECT p.* FROM prompts p JOIN categories c ON c.key = p.category
      ORDER BY c.ord, c.key, p.ord, p.id`
    return rows.map(promptFromRow)
  }, sqlErrors)

  const getPrompt = Effect.fn("SqliteStore.getPrompt")(function* (id: number) {
    return yield* promptById(id)
  }, sqlErrors)

  const createPrompt = Effect.fn("SqliteStore.createPrompt")(function* (input: PromptInput) {
    const p = yield* decode(PromptInputSchema, input)
    yield* checkRubric(p)
    yield* categoryByKey(p.category)
    const at = yield* now
    // A person's prompt: marked edited, so that loading a suite with the same id never overwrites it.
    const rows = yield* sql<PromptRow>`INSERT INTO prompts ${sql.insert({ ...promptColumns(p), edited: 1, created_at: at, updated_at: at })} RETURNING *`.pipe(
      Effect.catchIf(isUniqueViolation, () => Effect.fail(conflict(`a prompt with id ${p.slug} already exists in ${p.category}`)))
    )
    return promptFromRow(rows[0]!)
  }, sqlErrors)

  const updatePrompt = Effect.fn("SqliteStore.updatePrompt")(function* (id: number, patch: PromptPatch) {
    const current = yield* promptById(id)
    const merged = yield* StoreBase.patchedPrompt(current, patch)
    const at = yield* now
    const rows = yield* sql<PromptRow>`UPDATE prompts SET ${sql.update({ ...promptColumns(merged), edited: 1, updated_at: at })} WHERE id = ${id} RETURNING *`
    return promptFromRow(rows[0]!)
  }, sqlErrors)

  const removePrompt = Effect.fn("SqliteStore.removePrompt")(function* (id: number) {
    const rows = yield* sql`DELETE FROM prompts WHERE id = ${id} RETURNING id`
    if (rows.length === 0) return yield* Effect.fail(notFound(`no prompt with id ${id}`))
  }, sqlErrors)

  const searchPrompts = Effect.fn("SqliteStore.searchPrompts")(function* (query: string, limit?: number) {
    const compiled = compileSearch(query, SearchTerms.PROMPT_SEARCH)
    if (compiled === null) return []
    const rows = yield* sql<PromptRow & { readonly snippet: string; readonly score: number }>`
      WITH top AS MATERIALIZED (
        SELECT rowid AS id, rank AS score, snippet(prompts_fts, -1, '[', ']', '…', 10) AS snippet
        FROM prompts_fts WHERE prompts_fts MATCH ${compiled.match} ORDER BY rank LIMIT ${SearchTerms.clampLimit(limit)}
      )
      SELECT p.*, top.snippet, top.score FROM top JOIN prompts p ON p.id = top.id
      ORDER BY top.score, p.id`.pipe(ftsSafe)
    return rows.map((r): SearchHit<Prompt> => ({ item: promptFromRow(r), snippet: r.snippet, rank: r.score }))
  }, sqlErrors)

  // ---------------------------------------------------------------- suites

  const loadSuite = Effect.fn("SqliteStore.loadSuite")(function* (suite: Suite) {
    const { category, prompts } = yield* StoreBase.checkSuite(suite)
    const at = yield* now
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        yield* upsertCategory(category)
        const existing = new Map(
          (yield* sql<PromptRow>`SELECT * FROM prompts WHERE category = ${category.key}`).map((r) => [r.slug, { ...r, input: promptInputFromRow(r) }] as const)
        )
        const { steps, added, updated, unchanged, keptEdited } = StoreBase.planSuiteLoad(prompts, existing, promptHash)
        for (const step of steps) {
          if (step.kind === "insert") {
            yield* sql`INSERT INTO prompts ${sql.insert({ ...promptColumns(step.prompt), edited: 0, source_hash: step.hash, created_at: at, updated_at: at })}`
          } else if (step.kind === "update") {
            yield* sql`UPDATE prompts SET ${sql.update({ ...promptColumns(step.prompt), source_hash: step.hash, updated_at: at })} WHERE id = ${step.id}`
          } else yield* sql`UPDATE prompts SET source_hash = ${step.hash} WHERE id = ${step.id}`
        }
        return { category: category.key, added, updated, unchanged, keptEdited } satisfies SuiteLoadReport
      })
    )
  }, sqlErrors)

  const exportSuite = Effect.fn("SqliteStore.exportSuite")(function* (key: string) {
    const category = yield* categoryByKey(key)
    const rows = yield* sql<PromptRow>`SELECT * FROM prompts WHERE category = ${key} ORDER BY ord, id`
    return { category, prompts: rows.map(promptInputFromRow) } satisfies Suite
  }, sqlErrors)

  // ---------------------------------------------------------------- runs

  const runById = (id: number) =>
    Effect.flatMap(sql<RunRow>`SELECT * FROM runs WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(runFromRow(rows[0])) : Effect.fail(notFound(`no run ${id}`))
    )

  const requireBotAndPrompt = (botId: number, promptId: number) =>
    Effect.gen(function* () {
      const [row] = yield* sql<{ readonly bot: number | null; readonly prompt: number | null }>`
        SELECT (SELECT id FROM bots WHERE id = ${botId}) AS bot, (SELECT id FROM prompts WHERE id = ${promptId}) AS prompt`
      if (row?.bot === null || row?.bot === undefined) return yield* Effect.fail(notFound(`no bot with id ${botId}`))
      if (row.prompt === null) return yield* Effect.fail(notFound(`no prompt with id ${promptId}`))
    })

  const startRun = Effect.fn("SqliteStore.startRun")(function* (start: RunStart) {
    yield* requireBotAndPrompt(start.botId, start.promptId)
    const bot = yield* botById(start.botId)
    const columns = yield* StoreBase.startRunColumns(start, bot)
    const rows = yield* sql<RunRow>`INSERT INTO runs ${sql.insert(columns)} RETURNING *`
    return runFromRow(rows[0]!)
  }, sqlErrors)

  // Called about once a second per streaming run: one UPDATE of the fields given, nothing else.
  const updateRun = Effect.fn("SqliteStore.updateRun")(function* (id: number, progress: RunProgress) {
    const set = yield* StoreBase.runProgressColumns(progress)
    const rows = yield* sql`UPDATE runs SET ${sql.update(set)} WHERE id = ${id} RETURNING id`
    if (rows.length === 0) return yield* Effect.fail(notFound(`no run ${id}`))
  }, sqlErrors)

  const addManualRun = Effect.fn("SqliteStore.addManualRun")(function* (run: ManualRun) {
    yield* StoreBase.checkManualRun(run)
    const bot = yield* botById(run.botId)
    yield* requireBotAndPrompt(run.botId, run.promptId)
    const at = yield* now
    const rows = yield* sql<RunRow>`INSERT INTO runs ${sql.insert(StoreBase.manualRunColumns(run, bot, at))} RETURNING *`
    return runFromRow(rows[0]!)
  }, sqlErrors)

  const getRun = Effect.fn("SqliteStore.getRun")(function* (id: number) {
    return yield* runById(id)
  }, sqlErrors)

  const listRuns = Effect.fn("SqliteStore.listRuns")(function* (filter: RunFilter = {}) {
    const where = sql.and([
      ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
      ...(filter.promptId !== undefined ? [sql`prompt_id = ${filter.promptId}`] : []),
      ...(filter.category !== undefined ? [sql`prompt_id IN (SELECT id FROM prompts WHERE category = ${filter.category})`] : []),
      ...(filter.status !== undefined ? [sql`status = ${filter.status}`] : []),
      ...(filter.machineId !== undefined ? [sql`machine_id = ${filter.machineId}`] : [])
    ])
    const limit = filter.limit !== undefined && Number.isFinite(filter.limit) ? Math.max(0, Math.floor(filter.limit)) : -1
    const rows = yield* sql<RunRow>`SELECT * FROM runs WHERE ${where} ORDER BY id DESC LIMIT ${limit}`
    return rows.map(runFromRow)
  }, sqlErrors)

  const removeRun = Effect.fn("SqliteStore.removeRun")(function* (id: number) {
    const rows = yield* sql`DELETE FROM runs WHERE id = ${id} RETURNING id`
    if (rows.length === 0) return yield* Effect.fail(notFound(`no run ${id}`))
  }, sqlErrors)

  /**
   * bm25 first counts, for each phrase of the query, the documents that contain it over the whole index: for a
   * common word a scan of its whole doclist, for a phrase or prefix of common words a merge of position or
   * prefix lists over most of the index (80 ms to seconds at 100,000 outputs). `LIMIT` does not stop it.
   * So the plan depends on the query (`searchPlan`):
   * - "recent": a phrase or prefix among the words, or words in more than half of the newest outputs (where
   *   bm25's IDF is 0 and it has nothing to rank by): newest matches first, no bm25, `rank` 0. FTS5 walks the
   *   matches in rowid order and stops after `limit`, computing snippets only for those.
   * - "all": single words with at most SEARCH_CANDIDATES matches: every match ranked by bm25 (`ORDER BY rank`,
   *   sorted inside FTS5, snippets only for the rows returned).
   * - "bounded": single words with more matches: the newest SEARCH_CANDIDATES matches ranked by bm25.
   */
  const searchOutputs = Effect.fn("SqliteStore.searchOutputs")(function* (query: string, limit?: number) {
    const compiled = compileSearch(query, SearchTerms.OUTPUT_SEARCH)
    if (compiled === null) return []
    const match = compiled.match
    const n = SearchTerms.clampLimit(limit)
    let plan: SearchPlan = "recent"
    if (!compiled.costly) {
      const [probe] = yield* sql<{ readonly newest: number | null; readonly kth: number | null }>`
        SELECT (SELECT max(id) FROM runs) AS newest,
          (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ${match} ORDER BY rowid DESC LIMIT 1 OFFSET ${SEARCH_CANDIDATES}) AS kth`.pipe(ftsSafe)
      plan = searchPlan(compiled.costly, probe?.newest ?? null, probe?.kth ?? null)
    }
    const top =
      plan === "recent"
        ? sql`SELECT rowid AS id, 0.0 AS score, snippet(runs_fts, 0, '[', ']', '…', 12) AS snippet
            FROM runs_fts WHERE runs_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${n}`
        : plan === "all"
          ? sql`SELECT rowid AS id, rank AS score, snippet(runs_fts, 0, '[', ']', '…', 12) AS snippet
              FROM runs_fts WHERE runs_fts MATCH ${match} ORDER BY rank LIMIT ${n}`
          : sql`SELECT ranked.id, ranked.score, snippet(runs_fts, 0, '[', ']', '…', 12) AS snippet
              FROM (
                SELECT id, score FROM (
                  SELECT rowid AS id, bm25(runs_fts) AS score FROM runs_fts
                  WHERE runs_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES}
                ) ORDER BY score LIMIT ${n}
              ) AS ranked
              CROSS JOIN runs_fts ON runs_fts.rowid = ranked.id
              WHERE runs_fts MATCH ${match}`
    const rows = yield* sql<StoreBase.OutputHitRow>`
      WITH top AS MATERIALIZED (${top})
      SELECT top.id AS run_id, top.score, top.snippet,
        r.bot_id, b.name AS bot, r.prompt_id, p.title AS prompt_title, p.category
      FROM top
      JOIN runs r ON r.id = top.id JOIN bots b ON b.id = r.bot_id JOIN prompts p ON p.id = r.prompt_id
      ORDER BY top.score, top.id DESC`.pipe(ftsSafe)
    return rows.map(StoreBase.outputHitFromRow)
  }, sqlErrors)

  // ---------------------------------------------------------------- scores

  const scoreRun = Effect.fn("SqliteStore.scoreRun")(function* (input: ScoreInput) {
    const { source, note } = yield* StoreBase.checkScoreInput(input)
    const [run] = yield* sql<{ readonly bot_id: number; readonly prompt_id: number; readonly category: string; readonly max_points: number; readonly params_key: string | null; readonly partial: number }>`
      SELECT r.bot_id, r.prompt_id, p.category, p.points AS max_points, r.params_key, (r.status <> 'complete') AS partial FROM runs r JOIN prompts p ON p.id = r.prompt_id WHERE r.id = ${input.runId}`
    if (run === undefined) return yield* Effect.fail(notFound(`no run ${input.runId}`))
    const { points, detail } = yield* StoreBase.checkScorePoints(input, run.max_points)
    const at = yield* now
    const rows = yield* sql<ScoreRow>`
      INSERT INTO scores (run_id, bot_id, prompt_id, category, points, note, source, detail, created_at, params_key, partial)
      VALUES (${input.runId}, ${run.bot_id}, ${run.prompt_id}, ${run.category}, ${points}, ${note}, ${source}, ${detail}, ${at}, ${run.params_key}, ${run.partial})
      ON CONFLICT (run_id) DO UPDATE SET
        points = excluded.points, note = excluded.note, source = excluded.source,
        detail = excluded.detail, created_at = excluded.created_at
      RETURNING *`
    return scoreFromRow(rows[0]!)
  }, sqlErrors)

  const pinRun = Effect.fn("SqliteStore.pinRun")(function* (runId: number, pinned: boolean) {
    yield* sql.withTransaction(
      Effect.gen(function* () {
        const [score] = yield* sql<ScoreRow>`SELECT * FROM scores WHERE run_id = ${runId}`
        if (score === undefined) {
          yield* runById(runId)
          if (!pinned) return
          return yield* Effect.fail(new StoreError({ reason: "Invalid", detail: `run ${runId} has no score: score it before pinning it` }))
        }
        if (pinned) {
          yield* sql`UPDATE scores SET pinned = 0
            WHERE bot_id = ${score.bot_id} AND prompt_id = ${score.prompt_id} AND pinned = 1 AND run_id <> ${runId}`
        }
        yield* sql`UPDATE scores SET pinned = ${bit(pinned)} WHERE run_id = ${runId}`
      })
    )
  }, sqlErrors)

  const listScores = Effect.fn("SqliteStore.listScores")(function* (filter: { readonly botId?: number; readonly category?: string } = {}) {
    const where = sql.and([
      ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
      ...(filter.category !== undefined ? [sql`category = ${filter.category}`] : [])
    ])
    const rows = yield* sql<StoreBase.ScoredRunRow>`
      WITH ranked AS (
        SELECT s.*, row_number() OVER (PARTITION BY bot_id, prompt_id ORDER BY pinned DESC, partial, run_id DESC) AS rn
        FROM scores s WHERE ${where}
      )
      SELECT r.*, s.id AS score_id, s.points AS score_points, s.note AS score_note, s.source AS score_source,
        s.pinned AS score_pinned, s.detail AS score_detail, s.created_at AS score_created_at, (s.rn = 1 AND (s.pinned = 1 OR s.partial = 0)) AS counted
      FROM ranked s
      JOIN runs r ON r.id = s.run_id
      JOIN prompts p ON p.id = s.prompt_id
      JOIN categories c ON c.key = p.category
      ORDER BY s.bot_id, c.ord, c.key, p.ord, p.id, s.run_id DESC`
    return rows.map(StoreBase.scoredRunFromRow)
  }, sqlErrors)

  // ---------------------------------------------------------------- leaderboard

  /**
   * One query over the figures the triggers of migration 0003 keep per bot (`leaderboard_points`,
   * `leaderboard_runs`): its cost depends on the number of bots and categories, not of runs.
   */
  const leaderboard = Effect.fn("SqliteStore.leaderboard")(function* () {
    const rows = yield* sql<StoreBase.LeaderboardRow>`
      WITH per_bot AS (
        SELECT bot_id, json_group_object(category, points) AS points, sum(scored) AS scored
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
  }, sqlErrors)

  // ---------------------------------------------------------------- statistics (issue 12)

  /**
   * Two reads of covering indexes (`scores_stats`, `runs_speed_stats`) and the bots' change counters, in one
   * transaction so that the counters match the samples. A run without a key (made before migration 0005)
   * counts as made with the bot's current parameters; a pinned score counts whatever its parameters.
   */
  const statSamples = Effect.fn("SqliteStore.statSamples")(function* (filter: StatSampleFilter = {}) {
    const all = filter.allParams === true ? 1 : 0
    // speeds of one machine's runs (issue 15), TTFT without model loads
    const machine = filter.machineId ?? null
    // the bots asked for drive the joins (CROSS JOIN keeps that order: one index seek per bot), else every bot
    const ids = JSON.stringify(filter.botIds ?? [])
    const chosen = filter.botIds === undefined ? sql`SELECT id, params_key FROM bots` : sql`SELECT b.id, b.params_key FROM json_each(${ids}) j CROSS JOIN bots b ON b.id = j.value`
    const read = Effect.all([
      sql<{ readonly id: number; readonly epoch: number }>`
        SELECT b.id, coalesce(e.epoch, 0) AS epoch FROM (${chosen}) b LEFT JOIN stats_epochs e ON e.bot_id = b.id ORDER BY b.id`,
      sql<{ readonly bot_id: number; readonly prompt_id: number; readonly run_id: number; readonly points: number; readonly pinned: number }>`
        SELECT s.bot_id, s.prompt_id, s.run_id, s.points, s.pinned FROM (${chosen}) b CROSS JOIN scores s ON s.bot_id = b.id
        WHERE s.pinned = 1 OR (s.partial = 0 AND (${all} = 1 OR s.params_key IS NULL OR s.params_key = b.params_key))`,
      sql<{ readonly bot_id: number; readonly prompt_id: number; readonly tps: number | null; readonly ttft: number | null }>`
        SELECT r.bot_id, r.prompt_id, r.tokens_per_second AS tps, coalesce(r.warm_ttft_ms, r.ttft_ms) AS ttft FROM (${chosen}) b CROSS JOIN runs r ON r.bot_id = b.id AND r.status = 'complete'
        WHERE (${all} = 1 OR r.params_key IS NULL OR r.params_key = b.params_key) AND (${machine} IS NULL OR r.machine_id = ${machine})`
    ])
    const [bots, scores, speeds] = yield* sql.withTransaction(read)
    return StoreRows.samplesFromRows({ bots, scores, speeds })
  }, sqlErrors)

  const readStatsCache = Effect.fn("SqliteStore.readStatsCache")(function* (key: string) {
    const rows = yield* sql<{ readonly bot_id: number; readonly epoch: number; readonly data: string }>`
      SELECT c.bot_id, c.epoch, c.data FROM stats_cache c LEFT JOIN stats_epochs e ON e.bot_id = c.bot_id
      WHERE c.key = ${key} AND c.epoch = coalesce(e.epoch, 0)`
    return rows.map((r): StatsCacheEntry => ({ botId: r.bot_id, epoch: r.epoch, data: r.data }))
  }, sqlErrors)

  const writeStatsCache = Effect.fn("SqliteStore.writeStatsCache")(function* (key: string, entries: ReadonlyArray<StatsCacheEntry>) {
    if (entries.length === 0) return
    // one statement: the rows of bots deleted meanwhile are skipped
    yield* sql`INSERT OR REPLACE INTO stats_cache (bot_id, key, epoch, data)
      SELECT json_extract(value, '$.botId'), ${key}, json_extract(value, '$.epoch'), json_extract(value, '$.data')
      FROM json_each(${JSON.stringify(entries)}) WHERE json_extract(value, '$.botId') IN (SELECT id FROM bots)`
  }, sqlErrors)

  const speed = makeSpeedStore(sql)

  return {
    ...speed,
    statSamples,
    readStatsCache,
    writeStatsCache,
    listBots,
    getBot,
    findBot,
    createBot,
    updateBot,
    removeBot,
    searchBots,
    ...makeGroups(sql),
    listCategories,
    getCategory,
    saveCategory,
    removeCategory,
    listPrompts,
    getPrompt,
    createPrompt,
    updatePrompt,
    removePrompt,
    searchPrompts,
    loadSuite,
    exportSuite,
    startRun,
    updateRun,
    addManualRun,
    getRun,
    listRuns,
    removeRun,
    searchOutputs,
    scoreRun,
    pinRun,
    listScores,
    leaderboard,
    ...arenaStore(sql, now),
    ...judgeMethods(sql, now)
  } satisfies Store.Service
})

/** A search that SQLite still refuses (it should not: queries are compiled) answers nothing instead of failing. */
const ftsSafe = <A, R>(self: Effect.Effect<ReadonlyArray<A>, SqlError, R>): Effect.Effect<ReadonlyArray<A>, SqlError, R> =>
  Effect.catchIf(
    self,
    (e) => isFtsError(e),
    (e) => Effect.as(Effect.logDebug("full-text query refused", causeMessage(e.cause)), [])
  )

/**
 * The connection's settings. `foreign_keys` must be set outside a transaction, so this runs before the migrations.
 *
 * @since 0.0.1
 */
export const configure: Effect.Effect<void, StoreError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`PRAGMA busy_timeout = 5000`
  yield* sql`PRAGMA foreign_keys = ON`
  yield* sql`PRAGMA journal_mode = WAL`
  yield* sql`PRAGMA synchronous = NORMAL`
  // Hot FTS doclists (a common word's is megabytes) stay in memory between searches.
  yield* sql`PRAGMA cache_size = -65536`
}).pipe(sqlErrors)

/**
 * Runs the migrations that have not run yet (`src/migrations`, statically imported), lower ids that landed
 * after higher ones included (see `runMigrations`).
 *
 * @since 0.0.1
 */
export const migrate: Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, StoreError, SqlClient.SqlClient> = runMigrations(migrations).pipe(
  Effect.catchAll((e) =>
    Effect.fail(
      "_tag" in e && e._tag === "SqlError" ? toStoreError(e as SqlError) : new StoreError({ reason: "Sql", detail: `migration failed: ${(e as Error).message}`, cause: e })
    )
  )
)

/**
 * The store over an `SqlClient` the caller provides (any SQLite client of `@effect/sql`).
 *
 * @since 0.0.1
 * @category layers
 */
export const layerFromClient: Layer.Layer<Store.Store, StoreError, SqlClient.SqlClient> = Layer.effect(Store.Store, make)

/**
 * The SQLite client for a database file; a file that cannot be opened is a StoreError, not a crash.
 *
 * @since 0.0.1
 * @category layers
 */
export const clientLayer = (filename: string): Layer.Layer<SqliteClient.SqliteClient | SqlClient.SqlClient, StoreError> =>
  Layer.scopedContext(
    SqliteClient.make({ filename }).pipe(
      Effect.catchAllDefect((cause) =>
        Effect.fail(new StoreError({ reason: "Sql", detail: `cannot open the database ${filename}: ${causeMessage(cause)}`, cause }))
      ),
      Effect.map((client) => Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client)))
    )
  ).pipe(Layer.provide(Reactivity.layer))

/**
 * The store on a SQLite file (the caller makes sure its folder exists). `":memory:"` opens a new
 * in-memory database each time the layer is built.
 *
 * @since 0.0.1
 * @category layers
 */
export const layer = (filename: string): Layer.Layer<Store.Store, StoreError> => layerFromClient.pipe(Layer.provide(clientLayer(filename)))

/**
 * The store and its SQL client, sharing one connection: for tests and tools that also query the database.
 *
 * @since 0.0.1
 * @category layers
 */
export const layerWithClient = (filename: string): Layer.Layer<Store.Store | SqliteClient.SqliteClient | SqlClient.SqlClient, StoreError> =>
  layerFromClient.pipe(Layer.provideMerge(clientLayer(filename)))
