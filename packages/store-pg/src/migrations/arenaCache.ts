import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The Arena's ratings cache (part of migration 0004), as SQLite's 0010 makes it: `arena_epoch` counts every
 * change the ratings may depend on (votes written or deleted, by cascades too, once per statement; a voted run
 * moved to another bot; a prompt's category changed), `arena_cache` keeps ratings computed at a count.
 */
export const arenaCache = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE arena_epoch (id smallint PRIMARY KEY CHECK (id = 1), epoch bigint NOT NULL)`
  yield* sql`INSERT INTO arena_epoch (id, epoch) VALUES (1, 0)`
  yield* sql`CREATE TABLE arena_cache (key text PRIMARY KEY, epoch bigint NOT NULL, data text NOT NULL)`
  yield* sql`CREATE FUNCTION llp_arena_bump() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO arena_epoch (id, epoch) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET epoch = arena_epoch.epoch + 1;
    RETURN NULL;
  END $$`
  yield* sql`CREATE TRIGGER arena_votes_changed AFTER INSERT OR UPDATE OR DELETE ON arena_votes FOR EACH STATEMENT EXECUTE FUNCTION llp_arena_bump()`
  yield* sql`CREATE TRIGGER arena_runs_au AFTER UPDATE OF bot_id ON runs FOR EACH ROW WHEN (OLD.bot_id IS DISTINCT FROM NEW.bot_id) EXECUTE FUNCTION llp_arena_bump()`
  yield* sql`CREATE TRIGGER arena_prompts_au AFTER UPDATE OF category ON prompts FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category) EXECUTE FUNCTION llp_arena_bump()`
})
