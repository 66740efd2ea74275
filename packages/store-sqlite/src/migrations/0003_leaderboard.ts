import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The leaderboard's figures, kept per bot by triggers so that reading the leaderboard costs the same with
 * 100 runs or 100,000: `leaderboard_points` (counted points and scored prompts per bot × category) and
 * `leaderboard_runs` (run count and speed averages over complete runs, per bot).
 *
 * Each trigger recomputes the rows of the key it touched from the base tables (never adds or subtracts), so
 * the figures cannot drift: a bot × category is re-summed from its counted scores (one index seek per prompt
 * of the category: the pinned run's score, else the latest scored run's), and a bot's run figures are
 * re-aggregated from the covering index `runs_bot_stats`. A streaming run's once-a-second update touches them
 * only when a complete run's speed or status changes.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE leaderboard_points (
    bot_id INTEGER NOT NULL,
    category TEXT NOT NULL,
    points REAL NOT NULL,
    scored INTEGER NOT NULL,
    PRIMARY KEY (bot_id, category)
  ) STRICT, WITHOUT ROWID`

  yield* sql`CREATE TABLE leaderboard_runs (
    bot_id INTEGER PRIMARY KEY,
    runs INTEGER NOT NULL,
    avg_tokens_per_second REAL,
    avg_ttft_ms REAL
  ) STRICT`

  // -- points: re-sum one bot × category
  // (written out in each trigger: SQLite has no procedures)
  yield* sql`CREATE TRIGGER scores_points_ai AFTER INSERT ON scores BEGIN
    DELETE FROM leaderboard_points WHERE bot_id = new.bot_id AND category = new.category;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT new.bot_id, new.category, sum(points), count(points) FROM (
        SELECT (SELECT s.points FROM scores s WHERE s.bot_id = new.bot_id AND s.prompt_id = p.id
                ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1) AS points
        FROM prompts p WHERE p.category = new.category
      ) HAVING count(points) > 0;
  END`
  yield* sql`CREATE TRIGGER scores_points_ad AFTER DELETE ON scores BEGIN
    DELETE FROM leaderboard_points WHERE bot_id = old.bot_id AND category = old.category;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT old.bot_id, old.category, sum(points), count(points) FROM (
        SELECT (SELECT s.points FROM scores s WHERE s.bot_id = old.bot_id AND s.prompt_id = p.id
                ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1) AS points
        FROM prompts p WHERE p.category = old.category
      ) HAVING count(points) > 0;
  END`
  yield* sql`CREATE TRIGGER scores_points_au AFTER UPDATE OF points, pinned, bot_id, prompt_id, category, run_id ON scores BEGIN
    DELETE FROM leaderboard_points WHERE bot_id = old.bot_id AND category = old.category;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT old.bot_id, old.category, sum(points), count(points) FROM (
        SELECT (SELECT s.points FROM scores s WHERE s.bot_id = old.bot_id AND s.prompt_id = p.id
                ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1) AS points
        FROM prompts p WHERE p.category = old.category
      ) HAVING count(points) > 0;
    DELETE FROM leaderboard_points WHERE bot_id = new.bot_id AND category = new.category;
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT new.bot_id, new.category, sum(points), count(points) FROM (
        SELECT (SELECT s.points FROM scores s WHERE s.bot_id = new.bot_id AND s.prompt_id = p.id
                ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1) AS points
        FROM prompts p WHERE p.category = new.category
      ) HAVING count(points) > 0;
  END`

  // -- runs: re-aggregate one bot
  yield* sql`CREATE TRIGGER runs_stats_ai AFTER INSERT ON runs BEGIN
    INSERT OR REPLACE INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT new.bot_id, count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END),
        avg(CASE WHEN status = 'complete' THEN ttft_ms END)
      FROM runs WHERE bot_id = new.bot_id;
  END`
  yield* sql`CREATE TRIGGER runs_stats_ad AFTER DELETE ON runs BEGIN
    DELETE FROM leaderboard_runs WHERE bot_id = old.bot_id;
    INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT old.bot_id, count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END),
        avg(CASE WHEN status = 'complete' THEN ttft_ms END)
      FROM runs WHERE bot_id = old.bot_id HAVING count(*) > 0;
  END`
  yield* sql`CREATE TRIGGER runs_stats_au AFTER UPDATE OF status, tokens_per_second, ttft_ms, bot_id ON runs
    WHEN old.bot_id IS NOT new.bot_id
      OR ((old.status = 'complete' OR new.status = 'complete')
        AND (old.status IS NOT new.status OR old.tokens_per_second IS NOT new.tokens_per_second OR old.ttft_ms IS NOT new.ttft_ms))
  BEGIN
    DELETE FROM leaderboard_runs WHERE bot_id = old.bot_id;
    INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT old.bot_id, count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END),
        avg(CASE WHEN status = 'complete' THEN ttft_ms END)
      FROM runs WHERE bot_id = old.bot_id HAVING count(*) > 0;
    INSERT OR REPLACE INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
      SELECT new.bot_id, count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END),
        avg(CASE WHEN status = 'complete' THEN ttft_ms END)
      FROM runs WHERE bot_id = new.bot_id;
  END`

  // -- figures for rows that exist already (a database made before this migration)
  yield* sql`INSERT INTO leaderboard_runs (bot_id, runs, avg_tokens_per_second, avg_ttft_ms)
    SELECT bot_id, count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END),
      avg(CASE WHEN status = 'complete' THEN ttft_ms END)
    FROM runs GROUP BY bot_id`
  yield* sql`INSERT INTO leaderboard_points (bot_id, category, points, scored)
    SELECT bot_id, category, sum(points), count(*) FROM (
      SELECT bot_id, category, points,
        row_number() OVER (PARTITION BY bot_id, prompt_id ORDER BY pinned DESC, run_id DESC) AS rn
      FROM scores
    ) WHERE rn = 1 GROUP BY bot_id, category`
})
