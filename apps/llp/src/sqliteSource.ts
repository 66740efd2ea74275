import * as fs from "node:fs"
import * as os from "node:os"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { StoreError } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { isCopiedTable, type CopySource, type SourceTable } from "@llp/store-pg"

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * A workspace's SQLite store as the source of `llp store copy`: opened (and migrated, as any command does) for
 * the scope, read table by table in key order. The SQLite client stays inside these closures, so that the
 * copy's own `SqlClient` is the Postgres one.
 */
export const sqliteCopySource = (file: string): Effect.Effect<CopySource, StoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const context = yield* Layer.build(SqliteStore.layerWithClient(file))
    const sql = Context.get(context, SqlClient.SqlClient)
    const run = <A extends object>(text: string, params: ReadonlyArray<unknown> = []) => sql.unsafe<A>(text, params)
    const names = yield* run<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    const tables: Array<SourceTable> = []
    for (const { name } of names) {
      // search indexes, migration records and trigger-kept figures are listed for the report, not read
      if (!isCopiedTable(name)) {
        tables.push({ name, columns: [], key: [], dependsOn: [], rows: 0 })
        continue
      }
      const info = yield* run<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(?)`, [name])
      const fks = yield* run<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list(?)`, [name])
      const [count] = yield* run<{ n: number }>(`SELECT count(*) AS n FROM ${quote(name)}`)
      const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)
      tables.push({
        name,
        columns: info.map((c) => c.name),
        key: pk.length > 0 ? pk : ["rowid"],
        dependsOn: [...new Set(fks.map((f) => f.table))],
        rows: count?.n ?? 0
      })
    }
    const read: CopySource["read"] = (t, after, limit) => {
      const order = t.key.map(quote).join(", ")
      const select = t.key[0] === "rowid" ? `rowid, *` : "*"
      const where = after === undefined ? "" : `WHERE (${order}) > (${after.map(() => "?").join(", ")})`
      return run<Record<string, unknown>>(`SELECT ${select} FROM ${quote(t.name)} ${where} ORDER BY ${order} LIMIT ?`, [...(after ?? []), limit])
    }
    const maxId: CopySource["maxId"] = (t) => run<{ m: number | null }>(`SELECT max(id) AS m FROM ${quote(t.name)}`).pipe(Effect.map((r) => r[0]?.m ?? null))
    return { id: `${os.hostname()}:${fs.realpathSync(file)}`, tables, read, maxId }
  }).pipe(Effect.mapError((e) => (e instanceof StoreError ? e : new StoreError({ reason: "Sql", detail: `cannot read ${file}: ${e.message}`, cause: e }))))
