import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * The tables. Parameters are real columns (not one JSON blob) so that SQL can filter on them.
 * The figures the leaderboard sums live away from the large output text: `scores` is narrow and
 * carries its run's bot, prompt and category; `runs_bot_stats` covers the per-bot run statistics.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE bots (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    -- load parameters
    context_length INTEGER CHECK (context_length > 0),
    gpu_layers INTEGER CHECK (gpu_layers >= -1),
    gpu_offload REAL CHECK (gpu_offload BETWEEN 0 AND 1),
    batch_size INTEGER CHECK (batch_size > 0),
    threads INTEGER CHECK (threads > 0),
    flash_attention INTEGER CHECK (flash_attention IN (0, 1)),
    mmap INTEGER CHECK (mmap IN (0, 1)),
    mlock INTEGER CHECK (mlock IN (0, 1)),
    keep_alive TEXT,
    -- sampling parameters
    temperature REAL CHECK (temperature BETWEEN 0 AND 2),
    top_k INTEGER CHECK (top_k >= 0),
    top_p REAL CHECK (top_p BETWEEN 0 AND 1),
    min_p REAL CHECK (min_p BETWEEN 0 AND 1),
    repeat_penalty REAL,
    frequency_penalty REAL,
    presence_penalty REAL,
    max_tokens INTEGER CHECK (max_tokens >= -1),
    -- what the server reports about the model
    model_type TEXT,
    publisher TEXT,
    arch TEXT,
    quantization TEXT,
    format TEXT,
    size_bytes REAL,
    max_context REAL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT bots_name_unique UNIQUE (name)
  ) STRICT`

  yield* sql`CREATE TABLE categories (
    key TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    system_prompt TEXT NOT NULL DEFAULT '',
    temperature REAL NOT NULL CHECK (temperature BETWEEN 0 AND 2),
    ord INTEGER NOT NULL DEFAULT 0
  ) STRICT`

  yield* sql`CREATE TABLE prompts (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL REFERENCES categories (key) ON DELETE CASCADE ON UPDATE CASCADE,
    slug TEXT NOT NULL,
    ord INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    temperature REAL CHECK (temperature BETWEEN 0 AND 2),
    use_system_prompt INTEGER NOT NULL DEFAULT 1 CHECK (use_system_prompt IN (0, 1)),
    grp TEXT,
    rubric TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rubric)),
    -- the rubric's criteria as plain text, for full-text search
    rubric_text TEXT NOT NULL DEFAULT '',
    -- set when a person edits the prompt in LLP: suite reloads leave it alone
    edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    -- hash of the suite version last loaded into this row
    source_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT prompts_category_slug UNIQUE (category, slug)
  ) STRICT`

  // Small columns first, large text last: a row's first page then holds everything but the text.
  yield* sql`CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    bot_id INTEGER NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    prompt_id INTEGER NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    answered_model TEXT,
    demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'cancelled', 'failed')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ttft_ms REAL,
    generation_ms REAL,
    total_ms REAL,
    prompt_tokens REAL,
    completion_tokens REAL,
    tokens_per_second REAL,
    speed_source TEXT CHECK (speed_source IN ('server', 'client', 'estimated', 'manual')),
    server_ttft_ms REAL,
    stop_reason TEXT,
    error TEXT,
    server_stats TEXT,
    model_info TEXT,
    runtime TEXT,
    request TEXT,
    reasoning TEXT NOT NULL DEFAULT '',
    output TEXT NOT NULL DEFAULT ''
  ) STRICT`
  // covers the leaderboard's per-bot run count and speed averages: it never reads a run row
  yield* sql`CREATE INDEX runs_bot_stats ON runs (bot_id, status, tokens_per_second, ttft_ms)`
  yield* sql`CREATE INDEX runs_prompt ON runs (prompt_id, bot_id)`

  yield* sql`CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    -- copies of the run's bot, prompt and the prompt's category (kept by triggers), so that counting
    -- reads this narrow table only, and still knows the category while a prompt's delete cascades
    bot_id INTEGER NOT NULL,
    prompt_id INTEGER NOT NULL,
    category TEXT NOT NULL,
    points REAL NOT NULL CHECK (points >= 0),
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('manual', 'auto', 'judge')),
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
    created_at TEXT NOT NULL,
    CONSTRAINT scores_run_unique UNIQUE (run_id)
  ) STRICT`
  // in the order the counted score is chosen: pinned first, then the latest run
  yield* sql`CREATE INDEX scores_counted ON scores (bot_id, prompt_id, pinned DESC, run_id DESC, points)`
  yield* sql`CREATE UNIQUE INDEX scores_one_pin ON scores (bot_id, prompt_id) WHERE pinned = 1`
  yield* sql`CREATE TRIGGER runs_owner_au AFTER UPDATE OF bot_id, prompt_id ON runs BEGIN
    UPDATE scores SET bot_id = new.bot_id, prompt_id = new.prompt_id,
      category = (SELECT category FROM prompts WHERE id = new.prompt_id)
    WHERE run_id = new.id;
  END`
  yield* sql`CREATE TRIGGER prompts_category_au AFTER UPDATE OF category ON prompts BEGIN
    UPDATE scores SET category = new.category WHERE prompt_id = new.id;
  END`
})
