import * as fs from "node:fs"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { StoreError } from "@llp/core"
import { clientLayer, copyIntoPostgres, describeUrl, PgStore, type TableProgress } from "@llp/store-pg"
import { SqliteStore } from "@llp/store-sqlite"
import type { OpenedWorkspace } from "@llp/workspace"
import { num, parse, str } from "./args.js"
import { group, usage, type Run } from "./command.js"
import { UsageError } from "./errors.js"
import { printJson, table } from "./print.js"
import { sqliteCopySource } from "../sqliteSource.js"
import { configuredAt, pgOpenError, postgresUrl } from "../store.js"

type Ran = ReadonlyArray<readonly [id: number, name: string]>

const ranText = (ran: Ran) => ran.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`).join(", ")

/** Migrates a Postgres store and says what ran. */
const migratePostgres = (url: string, from: string) =>
  PgStore.migrate.pipe(
    Effect.provide(clientLayer(url, { maxConnections: 2 })),
    Effect.mapError(pgOpenError(describeUrl(url), from))
  )

/** Migrates the workspace's SQLite file (as opening it does) and says what ran: the migration records before and after. */
const migrateSqlite = (file: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const applied = sql<{ migration_id: number; name: string }>`SELECT migration_id, name FROM effect_sql_migrations`.pipe(Effect.orElseSucceed(() => []))
    const before = new Set((yield* applied).map((r) => r.migration_id))
    yield* SqliteStore.make
    return (yield* applied).filter((r) => !before.has(r.migration_id)).sort((a, b) => a.migration_id - b.migration_id).map((r) => [r.migration_id, r.name] as const)
  }).pipe(Effect.provide(SqliteStore.clientLayer(file)))

/** `llp store migrate [--json]`: brings the configured store's schema up to date. */
const migrate: Run = (args, ws) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("store migrate", args, { json: { type: "boolean" } })
    if (positionals.length > 0) return yield* usage(`store migrate: unexpected ${positionals[0]}`)
    const postgres = ws.config.store.type === "postgres"
    const url = postgres ? yield* postgresUrl(ws) : undefined
    const where = url !== undefined ? `postgres at ${describeUrl(url)}` : `sqlite at ${ws.dbFile}`
    const ran: Ran = url !== undefined ? yield* migratePostgres(url, configuredAt(ws)) : yield* migrateSqlite(ws.dbFile)
    if (values.json) return printJson({ store: where, ran: ran.map(([id, name]) => ({ id, name })) })
    process.stdout.write(ran.length === 0 ? `${where}: up to date, no migration to run\n` : `${where}: ran ${ranText(ran)}\n`)
  })

/** `--url URL | env:NAME`, else the config's Postgres URL. */
const targetUrl = (flag: string | undefined, ws: OpenedWorkspace): Effect.Effect<string, unknown> => {
  if (flag === undefined) {
    if (ws.config.store.type !== "postgres") return Effect.fail(new UsageError('store copy: which Postgres? give --url postgres://… (or env:NAME), or set "store": {"type": "postgres", "url": …} in llp.config.json'))
    return postgresUrl(ws)
  }
  let url = flag.trim()
  if (url.startsWith("env:")) {
    const v = process.env[url.slice(4)]
    if (v === undefined || v.trim() === "") return Effect.fail(new UsageError(`store copy: --url ${url}: the environment variable ${url.slice(4)} is not set`))
    url = v.trim()
  }
  if (!/^postgres(ql)?:\/\//.test(url)) return Effect.fail(new UsageError(`store copy: --url must start with postgres:// or postgresql://${flag.startsWith("env:") ? ` (${flag.slice(4)} holds something else)` : ""}`))
  return Effect.succeed(url)
}

const count = (n: number) => n.toLocaleString("en-US")

/** `llp store copy --to postgres [--url URL|env:NAME] [--batch N] [--json]`: this workspace's SQLite store into Postgres. */
const copy: Run = (args, ws) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("store copy", args, { to: { type: "string" }, url: { type: "string" }, batch: { type: "string" }, json: { type: "boolean" } })
    if (positionals.length > 0) return yield* usage(`store copy: unexpected ${positionals[0]}`)
    const to = str(values, "to")
    if (to === undefined) return yield* usage("store copy: missing --to postgres")
    if (to === "sqlite") return yield* usage("store copy: only --to postgres is written (copying a Postgres store back into SQLite is not)")
    if (to !== "postgres") return yield* usage(`store copy: --to must be postgres, got "${to}"`)
    const batchRows = num(values, "batch", { int: true, min: 1, max: 10_000 })
    const flag = str(values, "url")
    const url = yield* targetUrl(flag, ws)
    const from = flag !== undefined ? `--url ${flag.startsWith("env:") ? flag : describeUrl(url)}` : configuredAt(ws)
    if (!fs.existsSync(ws.dbFile)) return yield* Effect.fail(new StoreError({ reason: "NotFound", detail: `no SQLite store to copy at ${ws.dbFile}` }))
    const where = `postgres at ${describeUrl(url)}`
    const ran = yield* migratePostgres(url, from)
    if (ran.length > 0 && !values.json) process.stderr.write(`${where}: ran ${ranText(ran)}\n`)

    // progress on stderr: at most one line a second per table, and each table's last
    let shown = 0
    const onProgress = (p: TableProgress) => {
      if (values.json) return
      const t = Date.now()
      if (p.read < p.total && t - shown < 1000) return
      shown = t
      process.stderr.write(`  ${p.table}: ${count(p.read)}/${count(p.total)} read, ${count(p.inserted)} new\n`)
    }
    const result = yield* Effect.scoped(
      Effect.gen(function* () {
        const source = yield* sqliteCopySource(ws.dbFile)
        return yield* copyIntoPostgres(source, { onProgress, ...(batchRows !== undefined ? { batchRows } : {}) }).pipe(
          Effect.provide(clientLayer(url, { maxConnections: 2 })),
          Effect.mapError(pgOpenError(describeUrl(url), from))
        )
      })
    )
    const inserted = result.tables.reduce((n, t) => n + t.inserted, 0)
    if (values.json) return printJson({ from: `sqlite at ${ws.dbFile}`, to: where, migrations: ran.map(([id, name]) => ({ id, name })), ...result, inserted })
    process.stdout.write(`${inserted === 0 ? "nothing new to copy" : `copied ${count(inserted)} row${inserted === 1 ? "" : "s"}`}: sqlite at ${ws.dbFile} → ${where}\n`)
    process.stdout.write(table(["TABLE", "ROWS", "NEW"], result.tables.map((t) => [t.table, count(t.total), count(t.inserted)]), [1, 2]))
    if (result.skipped.length > 0) process.stdout.write(`recomputed by the target, not copied: ${result.skipped.join(", ")}\n`)
    if (result.nulReplaced > 0) process.stdout.write(`${count(result.nulReplaced)} text values held NUL characters, which Postgres cannot store: each became U+FFFD\n`)
    if (ws.config.store.type !== "postgres") process.stdout.write(`to use it: "store": {"type": "postgres", "url": "env:LLP_DATABASE_URL"} in ${ws.configFile}\n`)
  })

export const store: Run = group("store", { migrate, copy })
