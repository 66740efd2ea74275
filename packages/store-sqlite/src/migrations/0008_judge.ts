import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The judge's suggestions, apart from `scores` so that they never enter the leaderboard's counted figures
 * (its triggers sum `scores`): one row per run and judge bot, a failure kept as a failure (no points).
 * `judge_pairs` holds pairwise verdicts asked in both orders (the Arena's votes table, when present, gets
 * them too).
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE judge_scores (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    judge_bot_id INTEGER NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT 'judge' CHECK (source = 'judge'),
    status TEXT NOT NULL CHECK (status IN ('scored', 'failed')),
    points REAL CHECK (points IS NULL OR points >= 0),
    max_points REAL NOT NULL,
    partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
    items TEXT NOT NULL CHECK (json_valid(items)),
    raw TEXT NOT NULL CHECK (json_valid(raw)),
    error TEXT,
    seed INTEGER NOT NULL,
    item_order TEXT NOT NULL CHECK (json_valid(item_order)),
    created_at TEXT NOT NULL,
    CONSTRAINT judge_scores_one UNIQUE (run_id, judge_bot_id),
    CHECK ((status = 'scored') = (points IS NOT NULL))
  ) STRICT`
  yield* sql`CREATE INDEX judge_scores_judge ON judge_scores (judge_bot_id, run_id)`

  yield* sql`CREATE TABLE judge_pairs (
    id INTEGER PRIMARY KEY,
    judge_bot_id INTEGER NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    prompt_id INTEGER NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    run_a INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    run_b INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asked TEXT NOT NULL CHECK (asked IN ('A', 'B', 'tie')),
    swapped TEXT NOT NULL CHECK (swapped IN ('A', 'B', 'tie')),
    outcome TEXT NOT NULL CHECK (outcome IN ('a', 'b', 'tie')),
    consistent INTEGER NOT NULL CHECK (consistent IN (0, 1)),
    raw TEXT NOT NULL CHECK (json_valid(raw)),
    created_at TEXT NOT NULL,
    CONSTRAINT judge_pairs_one UNIQUE (judge_bot_id, run_a, run_b)
  ) STRICT`
})
