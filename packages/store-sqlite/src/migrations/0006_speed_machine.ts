import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * Speed you can trust (issue 15): `machines` (one row per distinct machine profile, found by its
 * fingerprint), each run's machine, phases (load, prompt processing with its cached tokens, server-side
 * generation, cold vs warm, warm TTFT), GPU memory and energy, and its reproducibility manifest (seed,
 * context length, server version); `bench_results` for `llp bench`. Additive only: old runs keep nulls.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE machines (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    profile TEXT NOT NULL CHECK (json_valid(profile)),
    first_seen TEXT NOT NULL,
    -- 1: probed by LLP in this workspace (not brought in by an import)
    local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1))
  ) STRICT`
  const columns = [
    "machine_id INTEGER REFERENCES machines (id) ON DELETE SET NULL",
    "load_ms REAL",
    "prompt_ms REAL",
    "prompt_eval_tokens REAL",
    "cached_prompt_tokens REAL",
    "server_generation_ms REAL",
    "cold INTEGER CHECK (cold IN (0, 1))",
    "warm_ttft_ms REAL",
    "peak_vram_mb REAL",
    "energy_j REAL",
    "seed REAL",
    "context_length REAL",
    "server_version TEXT"
  ]
  for (const column of columns) yield* sql.unsafe(`ALTER TABLE runs ADD COLUMN ${column}`)
  // the leaderboard's speed columns per machine: bot × machine over complete runs, without reading run rows
  yield* sql`CREATE INDEX runs_machine_speed ON runs (machine_id, bot_id, status, tokens_per_second, warm_ttft_ms, ttft_ms, load_ms, cold)`
  yield* sql`CREATE TABLE bench_results (
    id INTEGER PRIMARY KEY,
    bot_id INTEGER NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    machine_id INTEGER REFERENCES machines (id) ON DELETE SET NULL,
    server_version TEXT,
    pp INTEGER NOT NULL,
    tg INTEGER NOT NULL,
    repeat INTEGER NOT NULL,
    depths TEXT NOT NULL CHECK (json_valid(depths)),
    created_at TEXT NOT NULL
  ) STRICT`
  yield* sql`CREATE INDEX bench_results_bot ON bench_results (bot_id, machine_id, id)`
})
