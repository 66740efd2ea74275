import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The statistics' change counters and cache, the Arena's votes, the judge's suggestions, bench results and bot
 * groups: SQLite's migrations 0005 and 0007–0009 (0006's machines and run columns are in 0001), with the same
 * table and column names and types as 0001 uses (ids bigint identity, flags smallint 0/1, JSON and timestamps
 * as text), so that `llp store copy` copies their rows column by column.
 *
 * `stats_epochs` counts changes per bot, bumped by triggers on every score, complete run, parameter or prompt
 * change as SQLite's are (here once per statement); `stats_cache` holds a bot's computed intervals with the
 * epoch they were computed at.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  // updated in place by every bump: room on each page keeps the updates HOT, so a bot's row stays one index
  // entry and its old versions are pruned as pages are read
  yield* sql`CREATE TABLE stats_epochs (bot_id bigint PRIMARY KEY, epoch bigint NOT NULL) WITH (fillfactor = 20)`
  yield* sql`CREATE TABLE stats_cache (
    bot_id bigint NOT NULL,
    key text NOT NULL,
    epoch bigint NOT NULL,
    data text NOT NULL,
    PRIMARY KEY (bot_id, key)
  )`

  // Bumps once per statement, per bot, in id order (two writers bumping the same bots lock them in one order);
  // a bot whose delete is cascading to its runs and scores is gone already and gets no counter back.
  yield* sql`CREATE FUNCTION llp_stats_bump(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO stats_epochs (bot_id, epoch) SELECT b.id, 1 FROM bots b WHERE b.id = ANY(ids) ORDER BY b.id
      ON CONFLICT (bot_id) DO UPDATE SET epoch = stats_epochs.epoch + 1;
  END $$`
  // Statement-level with transition tables, so that a bulk write (a copy, a cascade) bumps each bot once, not
  // once per row. SQLite's row triggers fire on UPDATE OF a column even when its value stays; here a row counts
  // when a watched value changed (a statement that changes nothing the statistics read leaves the cache valid).
  yield* sql`CREATE FUNCTION llp_stats_scores() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM old_rows));
    ELSE
      PERFORM llp_stats_bump(ARRAY(
        SELECT unnest(ARRAY[o.bot_id, n.bot_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.points, o.pinned, o.bot_id, o.prompt_id, o.params_key) IS DISTINCT FROM (n.points, n.pinned, n.bot_id, n.prompt_id, n.params_key)));
    END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER stats_scores_ai AFTER INSERT ON scores REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_scores()`
  yield* sql`CREATE TRIGGER stats_scores_ad AFTER DELETE ON scores REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_scores()`
  yield* sql`CREATE TRIGGER stats_scores_au AFTER UPDATE ON scores REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_scores()`
  // only a complete run's figures count: a streaming run's once-a-second update bumps nothing
  yield* sql`CREATE FUNCTION llp_stats_runs() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM new_rows WHERE status = 'complete'));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM llp_stats_bump(ARRAY(SELECT DISTINCT bot_id FROM old_rows WHERE status = 'complete'));
    ELSE
      PERFORM llp_stats_bump(ARRAY(
        SELECT unnest(ARRAY[o.bot_id, n.bot_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.bot_id, o.prompt_id, o.params_key) IS DISTINCT FROM (n.bot_id, n.prompt_id, n.params_key)
          OR ((o.status = 'complete' OR n.status = 'complete')
            AND (o.status, o.tokens_per_second, o.ttft_ms) IS DISTINCT FROM (n.status, n.tokens_per_second, n.ttft_ms))));
    END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER stats_runs_ai AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_runs()`
  yield* sql`CREATE TRIGGER stats_runs_ad AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_runs()`
  yield* sql`CREATE TRIGGER stats_runs_au AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_runs()`

  yield* sql`CREATE FUNCTION llp_stats_bots() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      DELETE FROM stats_cache WHERE bot_id = OLD.id;
      DELETE FROM stats_epochs WHERE bot_id = OLD.id;
    ELSE
      PERFORM llp_stats_bump(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER stats_bots_au AFTER UPDATE OF params_key ON bots
    FOR EACH ROW WHEN (OLD.params_key IS DISTINCT FROM NEW.params_key) EXECUTE FUNCTION llp_stats_bots()`
  yield* sql`CREATE TRIGGER stats_bots_ad AFTER DELETE ON bots FOR EACH ROW EXECUTE FUNCTION llp_stats_bots()`

  // a prompt's points or category matter to every bot that answered it (once per statement that changed one)
  yield* sql`CREATE FUNCTION llp_stats_prompts() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- one table per branch: a DELETE trigger has no new_rows to plan
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    ELSIF NOT EXISTS (
      SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.points, o.category) IS DISTINCT FROM (n.points, n.category)
    ) THEN
      RETURN NULL;
    END IF;
    UPDATE stats_epochs SET epoch = epoch + 1;
    DELETE FROM stats_cache;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER stats_prompts_au AFTER UPDATE ON prompts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_prompts()`
  yield* sql`CREATE TRIGGER stats_prompts_ad AFTER DELETE ON prompts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION llp_stats_prompts()`

  // one row per Arena verdict; a duel's opaque id is unique, so a key pressed twice stores one vote
  yield* sql`CREATE TABLE arena_votes (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    duel text CONSTRAINT arena_votes_duel_unique UNIQUE,
    prompt_id bigint NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    left_run_id bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    right_run_id bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    verdict text NOT NULL CHECK (verdict IN ('left', 'right', 'tie', 'bad')),
    source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'judge')),
    created_at text NOT NULL,
    CHECK (left_run_id <> right_run_id)
  )`
  yield* sql`CREATE INDEX arena_votes_prompt ON arena_votes (prompt_id)`
  yield* sql`CREATE INDEX arena_votes_left ON arena_votes (left_run_id)`
  yield* sql`CREATE INDEX arena_votes_right ON arena_votes (right_run_id)`

  // the judge's suggestions, apart from scores so that they never enter the leaderboard's counted figures
  yield* sql`CREATE TABLE judge_scores (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    run_id bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    judge_bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    source text NOT NULL DEFAULT 'judge' CHECK (source = 'judge'),
    status text NOT NULL CHECK (status IN ('scored', 'failed')),
    points double precision CHECK (points IS NULL OR points >= 0),
    max_points double precision NOT NULL,
    partial smallint NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
    items text NOT NULL CHECK (items::json IS NOT NULL),
    raw text NOT NULL CHECK (raw::json IS NOT NULL),
    error text,
    seed bigint NOT NULL,
    item_order text NOT NULL CHECK (item_order::json IS NOT NULL),
    created_at text NOT NULL,
    CONSTRAINT judge_scores_one UNIQUE (run_id, judge_bot_id),
    CHECK ((status = 'scored') = (points IS NOT NULL))
  )`
  yield* sql`CREATE INDEX judge_scores_judge ON judge_scores (judge_bot_id, run_id)`

  yield* sql`CREATE TABLE judge_pairs (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    judge_bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    prompt_id bigint NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    run_a bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    run_b bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asked text NOT NULL CHECK (asked IN ('A', 'B', 'tie')),
    swapped text NOT NULL CHECK (swapped IN ('A', 'B', 'tie')),
    outcome text NOT NULL CHECK (outcome IN ('a', 'b', 'tie')),
    consistent smallint NOT NULL CHECK (consistent IN (0, 1)),
    raw text NOT NULL CHECK (raw::json IS NOT NULL),
    created_at text NOT NULL,
    CONSTRAINT judge_pairs_one UNIQUE (judge_bot_id, run_a, run_b)
  )`

  yield* sql`CREATE TABLE bench_results (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    machine_id bigint REFERENCES machines (id) ON DELETE SET NULL,
    server_version text,
    pp integer NOT NULL,
    tg integer NOT NULL,
    repeat integer NOT NULL,
    depths text NOT NULL CHECK (depths::json IS NOT NULL),
    created_at text NOT NULL
  )`
  yield* sql`CREATE INDEX bench_results_bot ON bench_results (bot_id, machine_id, id)`

  // a sweep's variants of a base bot; names unique regardless of case, as bot names are
  yield* sql`CREATE TABLE bot_groups (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    base_bot_id bigint REFERENCES bots (id) ON DELETE SET NULL,
    created_at text NOT NULL
  )`
  yield* sql`CREATE UNIQUE INDEX bot_groups_name_unique ON bot_groups (lower(name))`
  yield* sql`CREATE TABLE bot_group_members (
    group_id bigint NOT NULL REFERENCES bot_groups (id) ON DELETE CASCADE,
    bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    position integer NOT NULL,
    PRIMARY KEY (group_id, bot_id)
  )`
  yield* sql`CREATE INDEX bot_group_members_bot ON bot_group_members (bot_id)`
})
