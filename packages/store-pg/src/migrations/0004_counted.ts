import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { arenaCache } from "./arenaCache.js"

/**
 * What counts, and a cache (the data-correctness wave), as SQLite's 0010: scores on partial answers, and the
 * Arena's ratings (arenaCache.ts).
 *
 * A score on a partial answer (its run cancelled, failed or still streaming) counts on the leaderboard only
 * when pinned, as SQLite's migration 0010 makes it: `scores.partial` copies whether its run is complete (kept
 * by a trigger on the run's status); the points recount and the full rebuild skip unpinned partial scores, and
 * a change of `partial` recounts and bumps the statistics' counter (llp_stats_scores compares it from here on).
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE scores ADD COLUMN partial smallint NOT NULL DEFAULT 0 CHECK (partial IN (0, 1))`
  yield* sql`UPDATE scores SET partial = 1 WHERE run_id IN (SELECT id FROM runs WHERE status <> 'complete')`
  yield* sql`CREATE FUNCTION llp_scores_partial() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE scores SET partial = (NEW.status <> 'complete')::int WHERE run_id = NEW.id;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER scores_partial_au AFTER UPDATE OF status ON runs
    FOR EACH ROW WHEN ((OLD.status = 'complete') IS DISTINCT FROM (NEW.status = 'complete'))
    EXECUTE FUNCTION llp_scores_partial()`
  // both covering again with the flag: the recount and the statistics' samples stay index-only scans
  yield* sql`DROP INDEX scores_counted`
  yield* sql`CREATE INDEX scores_counted ON scores (bot_id, category, prompt_id, pinned DESC, run_id DESC) INCLUDE (points, partial)`
  yield* sql`DROP INDEX scores_stats`
  yield* sql`CREATE INDEX scores_stats ON scores (bot_id, params_key, prompt_id, run_id, points, pinned, partial)`

  yield* sql`CREATE OR REPLACE FUNCTION llp_recount_points(b bigint, c text) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM llp_lock_bot(b);
    DELETE FROM leaderboard_points WHERE bot_id = b AND category = c;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT b, c, llp_sum(points), count(*) FROM (
        SELECT DISTINCT ON (prompt_id) points FROM scores
        WHERE bot_id = b AND category = c AND (pinned = 1 OR partial = 0)
        ORDER BY prompt_id, pinned DESC, run_id DESC
      ) counted
      HAVING count(*) > 0;
  END $$`
  yield* sql`DROP TRIGGER scores_points_au ON scores`
  yield* sql`CREATE TRIGGER scores_points_au AFTER UPDATE OF points, pinned, partial, bot_id, prompt_id, category, run_id ON scores
    FOR EACH ROW WHEN (OLD.points IS DISTINCT FROM NEW.points OR OLD.pinned IS DISTINCT FROM NEW.pinned
      OR OLD.partial IS DISTINCT FROM NEW.partial
      OR OLD.bot_id IS DISTINCT FROM NEW.bot_id OR OLD.prompt_id IS DISTINCT FROM NEW.prompt_id
      OR OLD.category IS DISTINCT FROM NEW.category OR OLD.run_id IS DISTINCT FROM NEW.run_id)
    EXECUTE FUNCTION llp_scores_au()`
  yield* sql`CREATE OR REPLACE FUNCTION llp_stats_scores() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM old_rows));
    ELSE
      PERFORM llp_stats_bump(ARRAY(
        SELECT unnest(ARRAY[o.bot_id, n.bot_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.points, o.pinned, o.partial, o.bot_id, o.prompt_id, o.params_key) IS DISTINCT FROM (n.points, n.pinned, n.partial, n.bot_id, n.prompt_id, n.params_key)));
    END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE OR REPLACE FUNCTION llp_leaderboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    LOCK TABLE leaderboard_points, leaderboard_runs IN EXCLUSIVE MODE;
    DELETE FROM leaderboard_runs;
    INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT bot_id, count(*), llp_avg(tokens_per_second ORDER BY tokens_per_second NULLS FIRST) FILTER (WHERE status = 'complete'),
        llp_avg(ttft_ms ORDER BY tokens_per_second NULLS FIRST, ttft_ms NULLS FIRST) FILTER (WHERE status = 'complete')
      FROM runs GROUP BY bot_id;
    DELETE FROM leaderboard_points;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT bot_id, category, llp_sum(points), count(*) FROM (
        SELECT DISTINCT ON (bot_id, prompt_id) bot_id, category, points FROM scores
        WHERE pinned = 1 OR partial = 0
        ORDER BY bot_id, prompt_id, pinned DESC, run_id DESC
      ) counted GROUP BY bot_id, category;
  END $$`
  yield* sql`SELECT llp_leaderboard_rebuild()`
  yield* sql`UPDATE stats_epochs SET epoch = epoch + 1`
  yield* sql`DELETE FROM stats_cache`
  yield* arenaCache
})
