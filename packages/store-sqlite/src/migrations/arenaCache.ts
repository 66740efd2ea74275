import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The Arena's ratings cache (part of migration 0010): `arena_epoch` counts every change the ratings may depend
 * on (a vote stored, removed or changed, also by a run's or prompt's delete cascading; a voted run moved to
 * another bot; a prompt's category changed), and `arena_cache` keeps ratings computed at a count. A fit with
 * its bootstrap takes seconds at 100,000 votes; reading the count and one cached text takes well under one.
 */
export const arenaCache = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE arena_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), epoch INTEGER NOT NULL) STRICT`
  yield* sql`INSERT INTO arena_epoch (id, epoch) VALUES (1, 0)`
  yield* sql`CREATE TABLE arena_cache (key TEXT PRIMARY KEY, epoch INTEGER NOT NULL, data TEXT NOT NULL) STRICT, WITHOUT ROWID`
  const bump = "INSERT INTO arena_epoch (id, epoch) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET epoch = epoch + 1;"
  yield* sql.unsafe(`CREATE TRIGGER arena_votes_ai AFTER INSERT ON arena_votes BEGIN ${bump} END`)
  yield* sql.unsafe(`CREATE TRIGGER arena_votes_ad AFTER DELETE ON arena_votes BEGIN ${bump} END`)
  yield* sql.unsafe(`CREATE TRIGGER arena_votes_au AFTER UPDATE ON arena_votes BEGIN ${bump} END`)
  yield* sql.unsafe(`CREATE TRIGGER arena_runs_au AFTER UPDATE OF bot_id ON runs WHEN old.bot_id IS NOT new.bot_id BEGIN ${bump} END`)
  yield* sql.unsafe(`CREATE TRIGGER arena_prompts_au AFTER UPDATE OF category ON prompts WHEN old.category IS NOT new.category BEGIN ${bump} END`)
})
