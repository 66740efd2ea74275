import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * Bot groups: the variants a sweep makes of a base bot (`llp bots sweep`), run together by
 * `llp tournament --bots GROUP` and shown folded under the base. Removing a bot drops it from its
 * groups; removing the base keeps the group with no base.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE bot_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    base_bot_id INTEGER REFERENCES bots (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  ) STRICT`
  yield* sql`CREATE TABLE bot_group_members (
    group_id INTEGER NOT NULL REFERENCES bot_groups (id) ON DELETE CASCADE,
    bot_id INTEGER NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, bot_id)
  ) STRICT, WITHOUT ROWID`
  yield* sql`CREATE INDEX bot_group_members_bot ON bot_group_members (bot_id)`
})
