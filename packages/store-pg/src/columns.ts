import * as SqlClient from "@effect/sql/SqlClient"

// The columns the store reads: every column of the base tables but the generated `search` tsvectors (a run's
// is about as large as its output, and the rows' decoders never use them).

const BOT = [
  "id", "name", "provider", "model", "context_length", "gpu_layers", "gpu_offload", "batch_size", "threads",
  "flash_attention", "mmap", "mlock", "keep_alive", "temperature", "top_k", "top_p", "min_p", "repeat_penalty",
  "frequency_penalty", "presence_penalty", "max_tokens", "model_type", "publisher", "arch", "quantization",
  "format", "size_bytes", "max_context", "notes", "created_at", "updated_at", "file_key", "params_key"
]
const PROMPT = [
  "id", "category", "slug", "ord", "title", "text", "points", "temperature", "use_system_prompt", "grp", "rubric",
  "rubric_text", "edited", "source_hash", "created_at", "updated_at"
]
const RUN = [
  "id", "bot_id", "prompt_id", "provider", "model", "answered_model", "demo", "status", "started_at", "ended_at",
  "ttft_ms", "generation_ms", "total_ms", "prompt_tokens", "completion_tokens", "tokens_per_second",
  "speed_source", "server_ttft_ms", "stop_reason", "error", "server_stats", "model_info", "runtime", "request",
  "sent_params", "params_key", "machine_id", "load_ms", "prompt_ms", "prompt_eval_tokens", "cached_prompt_tokens",
  "server_generation_ms", "cold", "warm_ttft_ms", "peak_vram_mb", "energy_j", "seed", "context_length",
  "server_version", "reasoning", "output"
]

const list = (names: ReadonlyArray<string>, alias?: string) => names.map((n) => (alias ? `${alias}.${n}` : n)).join(", ")

/** Column lists as SQL fragments (fixed text, never input), optionally qualified by a table alias. */
export const columns = (sql: SqlClient.SqlClient) => ({
  bot: (alias?: string) => sql.literal(list(BOT, alias)),
  prompt: (alias?: string) => sql.literal(list(PROMPT, alias)),
  run: (alias?: string) => sql.literal(list(RUN, alias))
})
