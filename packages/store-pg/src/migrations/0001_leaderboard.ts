import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The leaderboard's figures, kept per bot by triggers as on SQLite (its migration 0003), so that reading the
 * leaderboard costs the same with 100 runs or 100,000: `leaderboard_points` (counted points and scored
 * prompts per bot × category) and `leaderboard_runs` (run count and speed averages over complete runs).
 *
 * Each change recomputes the rows of the keys it touched from the base tables (never adds or subtracts), so
 * the figures cannot drift. Several machines write at once here: a recount first takes a transaction-level
 * advisory lock on its bot, so two writers of one bot recount one after the other, the second seeing the
 * first's committed rows (each statement of a PL/pgSQL function reads a fresh snapshot under READ COMMITTED).
 * Inserts and deletes recount once per statement and bot (transition tables: a copy or a cascade of
 * thousands of rows recounts each bot once); a streaming run's once-a-second update recounts nothing
 * unless a complete run's status or speed changes.
 *
 * `llp_leaderboard_rebuild()` recounts everything (for a copy made with triggers disabled).
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE leaderboard_points (
    bot_id bigint NOT NULL,
    category text NOT NULL,
    points double precision NOT NULL,
    scored integer NOT NULL,
    PRIMARY KEY (bot_id, category)
  )`
  yield* sql`CREATE TABLE leaderboard_runs (
    bot_id bigint PRIMARY KEY,
    runs integer NOT NULL,
    avg_tokens_per_second double precision,
    avg_ttft_ms double precision
  )`

  // one lock per bot, shared by both recounts (two classes would let a points and a runs recount interleave harmlessly,
  // but one keeps the lock order simple)
  yield* sql`CREATE FUNCTION llp_lock_bot(b bigint) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(4242002, (b % 2147483647)::integer)
  $$`

  yield* sql`CREATE FUNCTION llp_recount_points(b bigint, c text) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM llp_lock_bot(b);
    DELETE FROM leaderboard_points WHERE bot_id = b AND category = c;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT b, c, sum(points), count(*) FROM (
        SELECT DISTINCT ON (prompt_id) points FROM scores
        WHERE bot_id = b AND category = c
        ORDER BY prompt_id, pinned DESC, run_id DESC
      ) counted
      HAVING count(*) > 0;
  END $$`

  yield* sql`CREATE FUNCTION llp_recount_runs(b bigint) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM llp_lock_bot(b);
    DELETE FROM leaderboard_runs WHERE bot_id = b;
    INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT b, count(*), avg(tokens_per_second) FILTER (WHERE status = 'complete'),
        avg(ttft_ms) FILTER (WHERE status = 'complete')
      FROM runs WHERE bot_id = b
      HAVING count(*) > 0;
  END $$`

  // -- scores: recount each bot × category a statement touched, in bot order (a fixed lock order)
  yield* sql`CREATE FUNCTION llp_scores_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE k record;
  BEGIN
    FOR k IN SELECT DISTINCT bot_id, category FROM changed ORDER BY bot_id, category LOOP
      PERFORM llp_recount_points(k.bot_id, k.category);
    END LOOP;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER scores_points_ai AFTER INSERT ON scores REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION llp_scores_changed()`
  yield* sql`CREATE TRIGGER scores_points_ad AFTER DELETE ON scores REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION llp_scores_changed()`
  yield* sql`CREATE FUNCTION llp_scores_au() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.bot_id < NEW.bot_id OR (OLD.bot_id = NEW.bot_id AND OLD.category <= NEW.category) THEN
      PERFORM llp_recount_points(OLD.bot_id, OLD.category);
      IF OLD.bot_id <> NEW.bot_id OR OLD.category <> NEW.category THEN PERFORM llp_recount_points(NEW.bot_id, NEW.category); END IF;
    ELSE
      PERFORM llp_recount_points(NEW.bot_id, NEW.category);
      PERFORM llp_recount_points(OLD.bot_id, OLD.category);
    END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER scores_points_au AFTER UPDATE OF points, pinned, bot_id, prompt_id, category, run_id ON scores
    FOR EACH ROW WHEN (OLD.points IS DISTINCT FROM NEW.points OR OLD.pinned IS DISTINCT FROM NEW.pinned
      OR OLD.bot_id IS DISTINCT FROM NEW.bot_id OR OLD.prompt_id IS DISTINCT FROM NEW.prompt_id
      OR OLD.category IS DISTINCT FROM NEW.category OR OLD.run_id IS DISTINCT FROM NEW.run_id)
    EXECUTE FUNCTION llp_scores_au()`

  // -- runs: recount each bot a statement touched
  yield* sql`CREATE FUNCTION llp_runs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE b bigint;
  BEGIN
    FOR b IN SELECT DISTINCT bot_id FROM changed ORDER BY bot_id LOOP
      PERFORM llp_recount_runs(b);
    END LOOP;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER runs_stats_ai AFTER INSERT ON runs REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION llp_runs_changed()`
  yield* sql`CREATE TRIGGER runs_stats_ad AFTER DELETE ON runs REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION llp_runs_changed()`
  yield* sql`CREATE FUNCTION llp_runs_au() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM llp_recount_runs(least(OLD.bot_id, NEW.bot_id));
    IF OLD.bot_id <> NEW.bot_id THEN PERFORM llp_recount_runs(greatest(OLD.bot_id, NEW.bot_id)); END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER runs_stats_au AFTER UPDATE OF status, tokens_per_second, ttft_ms, bot_id ON runs
    FOR EACH ROW WHEN (OLD.bot_id IS DISTINCT FROM NEW.bot_id
      OR ((OLD.status = 'complete' OR NEW.status = 'complete')
        AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.tokens_per_second IS DISTINCT FROM NEW.tokens_per_second
          OR OLD.ttft_ms IS DISTINCT FROM NEW.ttft_ms)))
    EXECUTE FUNCTION llp_runs_au()`

  yield* sql`CREATE FUNCTION llp_leaderboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    LOCK TABLE leaderboard_points, leaderboard_runs IN EXCLUSIVE MODE;
    DELETE FROM leaderboard_runs;
    INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT bot_id, count(*), avg(tokens_per_second) FILTER (WHERE status = 'complete'),
        avg(ttft_ms) FILTER (WHERE status = 'complete')
      FROM runs GROUP BY bot_id;
    DELETE FROM leaderboard_points;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT bot_id, category, sum(points), count(*) FROM (
        SELECT DISTINCT ON (bot_id, prompt_id) bot_id, category, points FROM scores
        ORDER BY bot_id, prompt_id, pinned DESC, run_id DESC
      ) counted GROUP BY bot_id, category;
  END $$`
})
