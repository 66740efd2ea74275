import type * as SqlClient from "@effect/sql/SqlClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { machineFingerprint, StoreRows, type BenchInput, type MachineProfile, type SpeedFilter, type SpeedTotals, type Store } from "@llp/core"
import { notFound, sqlErrors } from "./internal/validate.js"

const { machineFromRow, benchFromRow, checkProfile, checkBench, storedProfile } = StoreRows
type MachineRow = StoreRows.MachineRow
type BenchRow = StoreRows.BenchRow

/** The machine and bench part of the Store (issue 15), over the same connection. */
export const makeSpeedStore = (sql: SqlClient.SqlClient) => {
  const machineById = (id: number) =>
    Effect.flatMap(sql<MachineRow>`SELECT * FROM machines WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(machineFromRow(rows[0])) : Effect.fail(notFound(`no machine ${id} (llp machine --all lists them)`))
    )

  const saveMachine = Effect.fn("SqliteStore.saveMachine")(function* (profile: MachineProfile, options: { readonly local?: boolean } = {}) {
    yield* checkProfile(profile)
    const fingerprint = machineFingerprint(profile)
    const at = new Date(yield* Clock.currentTimeMillis).toISOString()
    const stored = storedProfile(profile)
    const local = options.local === true ? 1 : 0
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        const [first] = yield* sql<{ readonly n: number }>`SELECT count(*) AS n FROM machines WHERE local = 1`
        yield* sql`INSERT INTO machines (fingerprint, profile, first_seen, local) VALUES (${fingerprint}, ${JSON.stringify(stored)}, ${at}, ${local})
          ON CONFLICT (fingerprint) DO UPDATE SET local = max(local, excluded.local)`
        const rows = yield* sql<MachineRow>`SELECT * FROM machines WHERE fingerprint = ${fingerprint}`
        const machine = machineFromRow(rows[0]!)
        // runs made before this workspace knew machines were made here: the first local machine takes them
        if (local === 1 && first?.n === 0) yield* sql`UPDATE runs SET machine_id = ${machine.id} WHERE machine_id IS NULL`
        return machine
      })
    )
  }, sqlErrors)

  const getMachine = Effect.fn("SqliteStore.getMachine")(function* (id: number) {
    return yield* machineById(id)
  }, sqlErrors)

  const listMachines = Effect.fn("SqliteStore.listMachines")(function* () {
    return (yield* sql<MachineRow>`SELECT * FROM machines ORDER BY id`).map(machineFromRow)
  }, sqlErrors)

  /**
   * Over the covering index runs_machine_speed (migration 0006) when a machine is given. Runs made with older
   * parameters are left out unless `allParams`, as statSamples leaves them out (a run without a key counts).
   */
  const speedByBot = Effect.fn("SqliteStore.speedByBot")(function* (machineId: number | null, botIds?: ReadonlyArray<number>, options: SpeedFilter = {}) {
    const all = options.allParams === true ? 1 : 0
    const base = machineId === null ? sql`r.status = 'complete'` : sql`r.machine_id = ${machineId} AND r.status = 'complete'`
    const where = botIds === undefined ? base : sql`${base} AND r.bot_id IN (SELECT value FROM json_each(${JSON.stringify(botIds)}))`
    const rows = yield* sql<{
      readonly bot_id: number
      readonly runs: number
      readonly tps: number | null
      readonly ttft: number | null
      readonly load: number | null
      readonly cold: number
    }>`SELECT r.bot_id, count(*) AS runs, avg(r.tokens_per_second) AS tps, avg(coalesce(r.warm_ttft_ms, r.ttft_ms)) AS ttft,
        avg(CASE WHEN r.cold = 1 THEN r.load_ms END) AS load, coalesce(sum(r.cold = 1), 0) AS cold
      FROM runs r JOIN bots b ON b.id = r.bot_id
      WHERE ${where} AND (${all} = 1 OR r.params_key IS NULL OR r.params_key = b.params_key) GROUP BY r.bot_id`
    return rows.map(
      (r): SpeedTotals => ({ botId: r.bot_id, runs: r.runs, avgTokensPerSecond: r.tps, avgWarmTtftMs: r.ttft, avgLoadMs: r.load, coldRuns: r.cold })
    )
  }, sqlErrors)

  const saveBench = Effect.fn("SqliteStore.saveBench")(function* (input: BenchInput) {
    yield* checkBench(input)
    const bot = yield* sql`SELECT id FROM bots WHERE id = ${input.botId}`
    if (bot.length === 0) return yield* Effect.fail(notFound(`no bot with id ${input.botId}`))
    if (input.machineId !== null) yield* machineById(input.machineId)
    const rows = yield* sql<BenchRow>`INSERT INTO bench_results ${sql.insert({
      bot_id: input.botId,
      machine_id: input.machineId,
      server_version: input.serverVersion,
      pp: input.pp,
      tg: input.tg,
      repeat: input.repeat,
      depths: JSON.stringify(input.depths),
      created_at: input.createdAt
    })} RETURNING *`
    return benchFromRow(rows[0]!)
  }, sqlErrors)

  const listBench = Effect.fn("SqliteStore.listBench")(function* (filter: { readonly botId?: number; readonly machineId?: number } = {}) {
    const where = sql.and([
      ...(filter.botId !== undefined ? [sql`bot_id = ${filter.botId}`] : []),
      ...(filter.machineId !== undefined ? [sql`machine_id = ${filter.machineId}`] : [])
    ])
    return (yield* sql<BenchRow>`SELECT * FROM bench_results WHERE ${where} ORDER BY id DESC`).map(benchFromRow)
  }, sqlErrors)

  return { saveMachine, getMachine, listMachines, speedByBot, saveBench, listBench } satisfies Partial<Store.Service>
}
