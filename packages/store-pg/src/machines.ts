import type * as SqlClient from "@effect/sql/SqlClient"
import { machineFingerprint, StoreErrors, StoreRows, type MachineProfile, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"

const { notFound } = StoreErrors

// the transaction-level advisory lock that makes "the first local machine" one machine when workers start together
const FIRST_LOCAL_LOCK = 4242002

/** Machine profiles (issue 15) in `machines` (migration 0001), one row per fingerprint. */
export const makeMachines = (sql: SqlClient.SqlClient, now: Effect.Effect<string>, errors: SqlErrors) => {
  const machineById = (id: number) =>
    Effect.flatMap(sql<StoreRows.MachineRow>`SELECT id, fingerprint, profile, first_seen FROM machines WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(StoreRows.machineFromRow(rows[0])) : Effect.fail(notFound(`no machine ${id} (llp machine --all lists them)`))
    )

  const saveMachine = Effect.fn("PgStore.saveMachine")(function* (profile: MachineProfile, options: { readonly local?: boolean } = {}) {
    yield* StoreRows.checkProfile(profile)
    const fingerprint = machineFingerprint(profile)
    const at = yield* now
    const local = options.local === true ? 1 : 0
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        if (local === 1) yield* sql`SELECT pg_advisory_xact_lock(${FIRST_LOCAL_LOCK})`
        const [first] = yield* sql<{ readonly n: number }>`SELECT count(*) AS n FROM machines WHERE local = 1`
        // concurrent saves of one fingerprint: the unique fingerprint makes the later insert update the row
        const rows = yield* sql<StoreRows.MachineRow>`
          INSERT INTO machines (fingerprint, profile, first_seen, local)
          VALUES (${fingerprint}, ${JSON.stringify(StoreRows.storedProfile(profile))}, ${at}, ${local})
          ON CONFLICT (fingerprint) DO UPDATE SET local = greatest(machines.local, excluded.local)
          RETURNING id, fingerprint, profile, first_seen`
        const machine = StoreRows.machineFromRow(rows[0]!)
        // runs made before this workspace knew machines were made here: the first local machine takes them
        if (local === 1 && first?.n === 0) yield* sql`UPDATE runs SET machine_id = ${machine.id} WHERE machine_id IS NULL`
        return machine
      })
    )
  }, errors)

  const getMachine = Effect.fn("PgStore.getMachine")(function* (id: number) {
    return yield* machineById(id)
  }, errors)

  const listMachines = Effect.fn("PgStore.listMachines")(function* () {
    return (yield* sql<StoreRows.MachineRow>`SELECT id, fingerprint, profile, first_seen FROM machines ORDER BY id`).map(StoreRows.machineFromRow)
  }, errors)

  return { machineById, methods: { saveMachine, getMachine, listMachines } satisfies Pick<Store.Service, "saveMachine" | "getMachine" | "listMachines"> }
}
