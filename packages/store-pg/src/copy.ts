import * as SqlClient from "@effect/sql/SqlClient"
import { StoreError } from "@llp/core"
import * as Effect from "effect/Effect"

/**
 * `llp store copy --to postgres`: a workspace's SQLite store into Postgres, table by table in dependency order,
 * column by column by name (the Postgres schema uses SQLite's table and column names), in batches.
 *
 * - Idempotent and resumable: every batch is one `INSERT … ON CONFLICT DO NOTHING` (its own transaction), so a
 *   copy killed midway is finished by running it again, and a second run inserts nothing.
 * - A marker row (`llp_store_copies`) names the workspace a copy came from. A target that holds rows the
 *   marker does not account for (another workspace's copy, or data written there before) is refused before
 *   anything is written: ids from two sources would collide, and `DO NOTHING` would drop rows silently.
 *   After a finished copy, the highest ids copied are recorded: if the target has grown past them since (LLP
 *   ran on Postgres), a copy with new rows to bring is refused for the same reason.
 * - Tables the target keeps itself (the leaderboard's figures, statistics epochs and cache, search indexes)
 *   are not copied: the target's triggers recompute them as the rows arrive.
 * - Identity sequences are reset past the highest id at the end, so new rows do not collide with copied ones.
 */

/** A table of the source, with what the copy needs to read it in order. */
export interface SourceTable {
  readonly name: string
  readonly columns: ReadonlyArray<string>
  /** The columns that order and resume the read (the primary key, or rowid). */
  readonly key: ReadonlyArray<string>
  /** Tables this one references (foreign keys): copied first. */
  readonly dependsOn: ReadonlyArray<string>
  readonly rows: number
}

export interface CopySource {
  /** Names the source workspace in the target's marker (host and database file). */
  readonly id: string
  readonly tables: ReadonlyArray<SourceTable>
  /** Up to `limit` rows after `after` (the last key read; undefined: from the start), in key order. */
  readonly read: (table: SourceTable, after: ReadonlyArray<unknown> | undefined, limit: number) => Effect.Effect<ReadonlyArray<Record<string, unknown>>, unknown>
  /** The highest integer id of a table in the source (null: none). */
  readonly maxId: (table: SourceTable) => Effect.Effect<number | null, unknown>
}

export interface TableProgress {
  readonly table: string
  readonly read: number
  readonly inserted: number
  readonly total: number
}

export interface CopyResult {
  readonly tables: ReadonlyArray<TableProgress>
  /** The source's trigger-kept tables, left for the target to recompute. */
  readonly skipped: ReadonlyArray<string>
  /** Text values whose NUL characters (which Postgres text cannot hold) became U+FFFD. */
  readonly nulReplaced: number
  /** true: the target had this copy finished already and nothing new was found. */
  readonly upToDate: boolean
}

/** Kept by the target's triggers (or caches): recomputed there, never copied. */
export const DERIVED_TABLES: ReadonlyArray<string> = ["leaderboard_points", "leaderboard_runs", "stats_epochs", "stats_cache", "arena_epoch", "arena_cache"]

/** Source tables that are not data: migration records, search indexes and their shadow tables. */
export const isCopiedTable = (name: string): boolean =>
  !name.startsWith("sqlite_") && name !== "effect_sql_migrations" && !/_fts($|_)/.test(name) && !DERIVED_TABLES.includes(name)

/** Tables in an order where each comes after those it references (a reference outside the set is ignored). */
export const dependencyOrder = (tables: ReadonlyArray<SourceTable>): ReadonlyArray<SourceTable> => {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const done = new Set<string>()
  const visiting = new Set<string>()
  const out: Array<SourceTable> = []
  const visit = (t: SourceTable) => {
    if (done.has(t.name)) return
    if (visiting.has(t.name)) throw new Error(`the tables reference each other in a cycle through ${t.name}`)
    visiting.add(t.name)
    for (const d of t.dependsOn) {
      const dep = byName.get(d)
      if (dep !== undefined && d !== t.name) visit(dep)
    }
    visiting.delete(t.name)
    done.add(t.name)
    out.push(t)
  }
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t)
  return out
}

interface TargetColumn {
  readonly table_name: string
  readonly column_name: string
  readonly data_type: string
  readonly is_generated: string
  readonly is_identity: string
  readonly identity_generation: string | null
}

const IDENT = /^[a-z_][a-z0-9_]*$/
const quote = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`unexpected table or column name ${JSON.stringify(name)}`)
  return `"${name}"`
}

// Postgres has no parameters beyond 65,535 in one statement; large answers are sent a few at a time.
const MAX_PARAMS = 60_000
const MAX_BATCH_BYTES = 8 * 1024 * 1024
const MARKER = "llp_store_copies"

/** A SqlError's text with the server's reason (its own message is only "Failed to execute statement"). */
const reasonOf = (e: { readonly message: string; readonly cause?: unknown }) => (e.cause instanceof Error ? e.cause.message : e.message)

const fail = (detail: string, cause?: unknown) => new StoreError({ reason: "Invalid", detail, ...(cause !== undefined ? { cause } : {}) })

/** A value as the target column takes it: 0/1 → boolean where boolean, text kept for json/jsonb (Postgres parses it), NUL → U+FFFD. */
const convert = (value: unknown, dataType: string, counter: { nul: number }): unknown => {
  if (value === null || value === undefined) return null
  if (dataType === "boolean") return typeof value === "number" || typeof value === "bigint" ? Number(value) !== 0 : value
  if (typeof value === "string") {
    if (value.includes("\u0000")) {
      counter.nul++
      return value.replaceAll("\u0000", "\uFFFD")
    }
    return value
  }
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value)
  return value
}

const byteSize = (row: ReadonlyArray<unknown>): number => row.reduce<number>((n, v) => n + (typeof v === "string" ? v.length * 2 : 8), 0)

/**
 * Copies `source` into the Postgres store of the `SqlClient` (already migrated). `onProgress` is called after
 * every batch. Fails with a StoreError naming what is wrong (a refused target, a table or column the target
 * lacks, a row Postgres rejects with its table and key).
 */
export const copyIntoPostgres = (
  source: CopySource,
  options: { readonly batchRows?: number; readonly onProgress?: (p: TableProgress) => void; readonly now?: () => string } = {}
): Effect.Effect<CopyResult, StoreError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const now = options.now ?? (() => new Date().toISOString())
    const q = <A extends object>(text: string, params: ReadonlyArray<unknown> = []) =>
      sql.unsafe<A>(text, params).pipe(Effect.mapError((e) => fail(`Postgres refused ${text.slice(0, 60).replace(/\s+/g, " ")}…: ${reasonOf(e)}`, e)))

    const columns = yield* q<TargetColumn>(
      `SELECT table_name, column_name, data_type, is_generated, is_identity, identity_generation
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
    )
    const target = new Map<string, Array<TargetColumn>>()
    for (const c of columns) target.set(c.table_name, [...(target.get(c.table_name) ?? []), c])

    // what is copied, and what the target lacks (refused before anything is written)
    const copied = dependencyOrder(source.tables.filter((t) => isCopiedTable(t.name)))
    const skipped = source.tables.filter((t) => DERIVED_TABLES.includes(t.name)).map((t) => t.name)
    const lacking: Array<string> = []
    for (const t of copied) {
      const cols = target.get(t.name)
      if (cols === undefined) {
        if (t.rows > 0) lacking.push(`table ${t.name} (${t.rows} rows)`)
        continue
      }
      const names = new Set(cols.filter((c) => c.is_generated !== "ALWAYS").map((c) => c.column_name))
      for (const c of t.columns) if (!names.has(c)) lacking.push(`column ${t.name}.${c}`)
    }
    if (lacking.length > 0) {
      return yield* Effect.fail(fail(`the Postgres schema lacks ${lacking.join(", ")}: nothing copied (is this llp older than the one that made the workspace?)`))
    }
    const present = copied.filter((t) => target.has(t.name))

    // the marker: whose rows the target holds
    yield* q(`CREATE TABLE IF NOT EXISTS ${MARKER} (source text PRIMARY KEY, started_at text NOT NULL, finished_at text, max_ids text)`)
    const markers = yield* q<{ source: string; finished_at: string | null; max_ids: string | null }>(`SELECT source, finished_at, max_ids FROM ${MARKER}`)
    const others = markers.filter((m) => m.source !== source.id)
    if (others.length > 0) {
      return yield* Effect.fail(fail(`the target holds a copy of another workspace (${others.map((m) => m.source).join(", ")}), not of this one (${source.id}): copy into an empty database`))
    }
    const mine = markers.find((m) => m.source === source.id)
    const idTables = present.filter((t) => t.key.length === 1 && t.key[0] === "id")
    const targetMax = (t: SourceTable) => q<{ m: number | null }>(`SELECT max(id) AS m FROM ${quote(t.name)}`).pipe(Effect.map((r) => r[0]?.m ?? null))
    if (mine === undefined) {
      const holding: Array<string> = []
      for (const t of present) {
        const [row] = yield* q<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${quote(t.name)} LIMIT 1) x`)
        if ((row?.n ?? 0) > 0) holding.push(t.name)
      }
      if (holding.length > 0) {
        return yield* Effect.fail(
          fail(`the target holds data that did not come from this workspace (rows in ${holding.join(", ")}): copy into an empty database (a new one, e.g. createdb; opening llp on it first loads the suites into it)`)
        )
      }
      yield* q(`INSERT INTO ${MARKER} (source, started_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [source.id, now()])
    } else if (mine.finished_at !== null) {
      const recorded = JSON.parse(mine.max_ids ?? "{}") as Record<string, number | null>
      const grown: Array<string> = []
      const fresh: Array<string> = []
      for (const t of idTables) {
        const was = recorded[t.name] ?? 0
        if (((yield* targetMax(t)) ?? 0) > was) grown.push(t.name)
        const sourceMax = yield* source.maxId(t).pipe(Effect.mapError((e) => fail(`reading ${t.name} from SQLite failed: ${String(e)}`, e)))
        if ((sourceMax ?? 0) > was) fresh.push(t.name)
      }
      if (grown.length > 0 && fresh.length > 0) {
        return yield* Effect.fail(
          fail(`the target has new rows since this workspace was copied (${grown.join(", ")}), and the workspace too (${fresh.join(", ")}): their ids would collide; nothing copied`)
        )
      }
      // a target that moved on while the workspace did not: nothing to bring
      if (grown.length > 0) {
        return { tables: present.map((t) => ({ table: t.name, read: 0, inserted: 0, total: t.rows })), skipped, nulReplaced: 0, upToDate: true }
      }
    }

    const counter = { nul: 0 }
    const results: Array<TableProgress> = []
    for (const t of present) {
      const types = new Map(target.get(t.name)!.map((c) => [c.column_name, c]))
      const cols = t.columns
      const overriding = cols.some((c) => types.get(c)?.identity_generation === "ALWAYS") ? " OVERRIDING SYSTEM VALUE" : ""
      const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMS / cols.length))
      const batchRows = Math.min(options.batchRows ?? 500, rowsPerStatement)
      let after: ReadonlyArray<unknown> | undefined
      let read = 0
      let inserted = 0
      const insert = (rows: ReadonlyArray<ReadonlyArray<unknown>>) => {
        const params: Array<unknown> = []
        const tuples = rows.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(", ")})`)
        const text = `INSERT INTO ${quote(t.name)} (${cols.map(quote).join(", ")})${overriding} VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`
        return sql.unsafe(text, params).raw.pipe(
          Effect.map((r) => Number((r as { rowCount?: number }).rowCount ?? 0)),
          Effect.mapError((e) => fail(`copying ${t.name} (rows after ${t.key.join(", ")} ${JSON.stringify(after ?? null)}) failed: ${reasonOf(e)}`, e))
        )
      }
      for (;;) {
        const rows = yield* source.read(t, after, batchRows).pipe(Effect.mapError((e) => fail(`reading ${t.name} from SQLite failed: ${e instanceof Error ? e.message : String(e)}`, e)))
        if (rows.length === 0) break
        const values = rows.map((r) => cols.map((c) => convert(r[c], types.get(c)!.data_type, counter)))
        // one statement per chunk of at most MAX_BATCH_BYTES (long answers)
        let chunk: Array<ReadonlyArray<unknown>> = []
        let bytes = 0
        for (const v of values) {
          const size = byteSize(v)
          if (chunk.length > 0 && bytes + size > MAX_BATCH_BYTES) {
            inserted += yield* insert(chunk)
            chunk = []
            bytes = 0
          }
          chunk.push(v)
          bytes += size
        }
        if (chunk.length > 0) inserted += yield* insert(chunk)
        read += rows.length
        const last = rows[rows.length - 1]!
        after = t.key.map((k) => last[k])
        options.onProgress?.({ table: t.name, read, inserted, total: t.rows })
        if (rows.length < batchRows) break
      }
      results.push({ table: t.name, read, inserted, total: t.rows })
    }

    // new rows get ids past the copied ones
    const maxIds: Record<string, number | null> = {}
    for (const t of present) {
      const identity = target.get(t.name)!.find((c) => c.is_identity === "YES")
      if (identity === undefined) continue
      const name = quote(t.name)
      const col = quote(identity.column_name)
      yield* q(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${col}) FROM ${name}), 0) + 1, false)`, [t.name, identity.column_name])
    }
    for (const t of idTables) maxIds[t.name] = yield* targetMax(t)
    yield* q(`UPDATE ${MARKER} SET finished_at = $2, max_ids = $3 WHERE source = $1`, [source.id, now(), JSON.stringify(maxIds)])
    return { tables: results, skipped, nulReplaced: counter.nul, upToDate: false }
  })
