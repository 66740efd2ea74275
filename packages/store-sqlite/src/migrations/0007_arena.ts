import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * `arena_votes`: one row per Arena verdict, with the prompt, the two runs in the sides they were shown
 * on, and who voted (a person, or the judge bot). A duel's opaque id is unique, so a key pressed twice,
 * or `llp arena vote` run twice, stores one vote. Deleting a run or a prompt deletes its votes.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE arena_votes (
    id INTEGER PRIMARY KEY,
    duel TEXT UNIQUE,
    prompt_id INTEGER NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    left_run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    right_run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    verdict TEXT NOT NULL CHECK (verdict IN ('left', 'right', 'tie', 'bad')),
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'judge')),
    created_at TEXT NOT NULL,
    CHECK (left_run_id <> right_run_id)
  ) STRICT`
  yield* sql`CREATE INDEX arena_votes_prompt ON arena_votes (prompt_id)`
  yield* sql`CREATE INDEX arena_votes_left ON arena_votes (left_run_id)`
  yield* sql`CREATE INDEX arena_votes_right ON arena_votes (right_run_id)`
})
