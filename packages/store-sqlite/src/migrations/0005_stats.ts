import * as SqlClient from "@effect/sql/SqlClient"
import { paramsKey } from "@llp/core"
import * as Effect from "effect/Effect"
import { botFromRow, type BotRow } from "../internal/rows.js"

/**
 * Honest numbers (issue 12): what each run was sent, and a cache of the leaderboard's intervals.
 *
 * - `bots.params_key`: the key of the bot's current load and sampling parameters (`paramsKey`).
 * - `runs.sent_params` (JSON: the load and sampling parameters the request carried) and `runs.params_key`
 *   (the bot's key when the run started); `scores.params_key` copies its run's, so that the statistics read
 *   the narrow scores table only. Runs made before this migration have neither: they count as made with
 *   the bot's current parameters.
 * - `stats_epochs` counts changes per bot (bumped by triggers on every score, complete run, parameter or prompt
 *   change); `stats_cache` holds a bot's computed intervals with the epoch they were computed at, so a cached
 *   entry is used only while nothing of the bot changed, and one computed from data read before a change is
 *   never taken for current.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE bots ADD COLUMN params_key TEXT`
  const bots = yield* sql<BotRow>`SELECT * FROM bots`
  for (const row of bots) yield* sql`UPDATE bots SET params_key = ${paramsKey(botFromRow(row))} WHERE id = ${row.id}`
  yield* sql`ALTER TABLE runs ADD COLUMN sent_params TEXT`
  yield* sql`ALTER TABLE runs ADD COLUMN params_key TEXT`
  yield* sql`ALTER TABLE scores ADD COLUMN params_key TEXT`
  // covering: a bot's scores and its complete runs' speeds are read without touching a run row
  yield* sql`CREATE INDEX scores_stats ON scores (bot_id, params_key, prompt_id, run_id, points, pinned)`
  yield* sql`CREATE INDEX runs_speed_stats ON runs (bot_id, status, params_key, prompt_id, tokens_per_second, ttft_ms)`

  yield* sql`CREATE TABLE stats_epochs (bot_id INTEGER PRIMARY KEY, epoch INTEGER NOT NULL) STRICT`
  yield* sql`CREATE TABLE stats_cache (
    bot_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (bot_id, key)
  ) STRICT, WITHOUT ROWID`

  const bump = (bot: string) => `INSERT INTO stats_epochs (bot_id, epoch) VALUES (${bot}, 1) ON CONFLICT (bot_id) DO UPDATE SET epoch = epoch + 1;`
  yield* sql.unsafe(`CREATE TRIGGER stats_scores_ai AFTER INSERT ON scores BEGIN ${bump("new.bot_id")} END`)
  yield* sql.unsafe(`CREATE TRIGGER stats_scores_ad AFTER DELETE ON scores BEGIN ${bump("old.bot_id")} END`)
  yield* sql.unsafe(`CREATE TRIGGER stats_scores_au AFTER UPDATE OF points, pinned, bot_id, prompt_id, params_key ON scores BEGIN ${bump("old.bot_id")} ${bump("new.bot_id")} END`)
  yield* sql.unsafe(`CREATE TRIGGER stats_runs_ai AFTER INSERT ON runs WHEN new.status = 'complete' BEGIN ${bump("new.bot_id")} END`)
  yield* sql.unsafe(`CREATE TRIGGER stats_runs_ad AFTER DELETE ON runs WHEN old.status = 'complete' BEGIN ${bump("old.bot_id")} END`)
  // a streaming run's once-a-second update bumps nothing: only a complete run's figures count
  yield* sql.unsafe(`CREATE TRIGGER stats_runs_au AFTER UPDATE OF status, tokens_per_second, ttft_ms, bot_id, prompt_id, params_key ON runs
    WHEN old.bot_id IS NOT new.bot_id OR old.prompt_id IS NOT new.prompt_id OR old.params_key IS NOT new.params_key
      OR ((old.status = 'complete' OR new.status = 'complete')
        AND (old.status IS NOT new.status OR old.tokens_per_second IS NOT new.tokens_per_second OR old.ttft_ms IS NOT new.ttft_ms))
    BEGIN ${bump("old.bot_id")} ${bump("new.bot_id")} END`)
  yield* sql.unsafe(`CREATE TRIGGER stats_bots_au AFTER UPDATE OF params_key ON bots WHEN old.params_key IS NOT new.params_key BEGIN ${bump("new.id")} END`)
  yield* sql`CREATE TRIGGER stats_bots_ad AFTER DELETE ON bots BEGIN
    DELETE FROM stats_cache WHERE bot_id = old.id;
    DELETE FROM stats_epochs WHERE bot_id = old.id;
  END`
  // a prompt's points or category matter to every bot that answered it
  yield* sql`CREATE TRIGGER stats_prompts_au AFTER UPDATE OF points, category ON prompts BEGIN
    UPDATE stats_epochs SET epoch = epoch + 1;
    DELETE FROM stats_cache;
  END`
  yield* sql`CREATE TRIGGER stats_prompts_ad AFTER DELETE ON prompts BEGIN
    UPDATE stats_epochs SET epoch = epoch + 1;
    DELETE FROM stats_cache;
  END`
})
