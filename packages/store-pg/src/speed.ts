import type * as SqlClient from "@effect/sql/SqlClient"
import { StoreErrors, StoreRows, type BenchInput, type Machine, type SpeedFilter, type SpeedTotals, type Store, type StoreError } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"
import { noNul } from "./nul.js"
import type { SqlError } from "@effect/sql/SqlError"

const { notFound } = StoreErrors

/** Speed per bot over complete runs, and `llp bench` results (issue 15). */
export const makeSpeed = (
  sql: SqlClient.SqlClient,
  machineById: (id: number) => Effect.Effect<Machine, StoreError | SqlError>,
  errors: SqlErrors
): Pick<Store.Service, "speedByBot" | "saveBench" | "listBench"> => {
  /**
   * Over the covering index runs_machine_speed (migration 0001) when a machine is given; older parameters' runs
   * left out unless `allParams`. llp_avg sums as SQLite's avg does (compensated), so the figures agree with a
   * SQLite store's to the last digit.
   */
  const speedByBot = Effect.fn("PgStore.speedByBot")(function* (machineId: number | null, botIds?: ReadonlyArray<number>, options: SpeedFilter = {}) {
    const all = options.allParams === true
    const base = machineId === null ? sql`r.status = 'complete'` : sql`r.machine_id = ${machineId} AND r.status = 'complete'`
    const where = botIds === undefined ? base : sql`${base} AND r.bot_id = ANY(${botIds}::bigint[])`
    const rows = yield* sql<{
      readonly bot_id: number
      readonly runs: number
      readonly tps: number | null
      readonly ttft: number | null
      readonly load: number | null
      readonly cold: number
    }>`SELECT r.bot_id, count(*) AS runs, llp_avg(r.tokens_per_second) AS tps, llp_avg(coalesce(r.warm_ttft_ms, r.ttft_ms)) AS ttft,
        llp_avg(r.load_ms) FILTER (WHERE r.cold = 1) AS load, count(*) FILTER (WHERE r.cold = 1) AS cold
      FROM runs r JOIN bots b ON b.id = r.bot_id
      WHERE ${where} AND (${all} OR r.params_key IS NULL OR r.params_key = b.params_key) GROUP BY r.bot_id`
    return rows.map(
      (r): SpeedTotals => ({ botId: r.bot_id, runs: r.runs, avgTokensPerSecond: r.tps, avgWarmTtftMs: r.ttft, avgLoadMs: r.load, coldRuns: r.cold })
    )
  }, errors)

  const saveBench = Effect.fn("PgStore.saveBench")(function* (input: BenchInput) {
    yield* StoreRows.checkBench(input)
    const bot = yield* sql`SELECT id FROM bots WHERE id = ${input.botId}`
    if (bot.length === 0) return yield* Effect.fail(notFound(`no bot with id ${input.botId}`))
    if (input.machineId !== null) yield* machineById(input.machineId)
    const rows = yield* sql<StoreRows.BenchRow>`INSERT INTO bench_results ${sql.insert({
      bot_id: input.botId,
      machine_id: input.machineId,
      server_version: noNul(input.serverVersion),
      pp: input.pp,
      tg: input.tg,
      repeat: input.repeat,
      depths: JSON.stringify(input.depths),
      created_at: input.createdAt
    })} RETURNING *`
    return StoreRows.benchFromRow(rows[0]!)
  }, errors)

  const listBench = Effect.fn("PgStore.listBench")(function* (filter: { readonly botId?: number; readonly machineId?: number } = {}) {
    const where = sql.and([
      ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
      ...(filter.machineId !== undefined ? [sql`machine_id = ${filter.machineId}`] : [])
    ])
    return (yield* sql<StoreRows.BenchRow>`SELECT * FROM bench_results WHERE ${where} ORDER BY id DESC`).map(StoreRows.benchFromRow)
  }, errors)

  return { speedByBot, saveBench, listBench }
}
