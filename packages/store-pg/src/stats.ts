import type * as SqlClient from "@effect/sql/SqlClient"
import { StoreRows, type StatSampleFilter, type StatsCacheEntry, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"


/** The statistics' samples and cache (issue 12) over `stats_epochs` and `stats_cache` (migration 0002). */
export const makeStats = (sql: SqlClient.SqlClient, errors: SqlErrors): Pick<Store.Service, "statSamples" | "readStatsCache" | "writeStatsCache"> => {
  /**
   * The bots' change counters first, then their scores and complete runs, over the covering indexes
   * (`scores_stats`, `runs_speed_stats`). A change commits its data and its counter bump together, so reads
   * after the counters see data at least as new as the counters say: a cache entry made from these samples may
   * be marked older than its data (and recomputed), never newer. A run without a key (made before parameters
   * were recorded) counts as made with the bot's current parameters; a pinned score counts whatever its
   * parameters.
   */
  const statSamples = Effect.fn("PgStore.statSamples")(function* (filter: StatSampleFilter = {}) {
    const all = filter.allParams === true
    const machine = filter.machineId ?? null
    const chosen =
      filter.botIds === undefined ? sql`SELECT id, params_key FROM bots` : sql`SELECT id, params_key FROM bots WHERE id = ANY(${filter.botIds}::bigint[])`
    const read = Effect.all([
      sql<{ readonly id: number; readonly epoch: number }>`
        SELECT b.id, coalesce(e.epoch, 0) AS epoch FROM (${chosen}) b LEFT JOIN stats_epochs e ON e.bot_id = b.id ORDER BY b.id`,
      sql<{ readonly bot_id: number; readonly prompt_id: number; readonly run_id: number; readonly points: number; readonly pinned: number }>`
        SELECT s.bot_id, s.prompt_id, s.run_id, s.points, s.pinned FROM (${chosen}) b JOIN scores s ON s.bot_id = b.id
        WHERE s.pinned = 1 OR (s.partial = 0 AND (${all} OR s.params_key IS NULL OR s.params_key = b.params_key))`,
      sql<{ readonly bot_id: number; readonly prompt_id: number; readonly tps: number | null; readonly ttft: number | null }>`
        SELECT r.bot_id, r.prompt_id, r.tokens_per_second AS tps, coalesce(r.warm_ttft_ms, r.ttft_ms) AS ttft
        FROM (${chosen}) b JOIN runs r ON r.bot_id = b.id AND r.status = 'complete'
        WHERE (${all} OR r.params_key IS NULL OR r.params_key = b.params_key) AND (${machine}::bigint IS NULL OR r.machine_id = ${machine})`
    ])
    const [bots, scores, speeds] = yield* sql.withTransaction(read)
    return StoreRows.samplesFromRows({ bots, scores, speeds })
  }, errors)

  const readStatsCache = Effect.fn("PgStore.readStatsCache")(function* (key: string) {
    const rows = yield* sql<{ readonly bot_id: number; readonly epoch: number; readonly data: string }>`
      SELECT c.bot_id, c.epoch, c.data FROM stats_cache c LEFT JOIN stats_epochs e ON e.bot_id = c.bot_id
      WHERE c.key = ${key} AND c.epoch = coalesce(e.epoch, 0)`
    return rows.map((r): StatsCacheEntry => ({ botId: r.bot_id, epoch: r.epoch, data: r.data }))
  }, errors)

  const writeStatsCache = Effect.fn("PgStore.writeStatsCache")(function* (key: string, entries: ReadonlyArray<StatsCacheEntry>) {
    // the last entry of a bot wins (as SQLite's INSERT OR REPLACE): one statement may not upsert a row twice
    const last = [...new Map(entries.map((e) => [e.botId, e])).values()]
    if (last.length === 0) return
    // one statement: the rows of bots deleted meanwhile are skipped
    yield* sql`INSERT INTO stats_cache (bot_id, key, epoch, data)
      SELECT e.bot_id, ${key}, e.epoch, e.data
      FROM unnest(${last.map((e) => e.botId)}::bigint[], ${last.map((e) => e.epoch)}::bigint[], ${last.map((e) => e.data)}::text[]) AS e (bot_id, epoch, data)
      WHERE e.bot_id IN (SELECT id FROM bots)
      ON CONFLICT (bot_id, key) DO UPDATE SET epoch = excluded.epoch, data = excluded.data`
  }, errors)

  return { statSamples, readStatsCache, writeStatsCache }
}
