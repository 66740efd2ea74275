import * as SqlClient from "@effect/sql/SqlClient"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import pg from "pg"
import { clientLayer, PgStore, runMigrations } from "../src/index.js"

const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("Postgres connection", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    db = await createTestDatabase(admin!)
  })
  afterAll(async () => db?.drop())

  it("connects, reads counts as numbers, and records migrations once", async () => {
    const program = Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const first = yield* runMigrations({ "0001_a": sql`CREATE TABLE a (id bigint)` })
      const again = yield* runMigrations({ "0001_a": sql`CREATE TABLE a (id bigint)` })
      const [row] = yield* sql<{ readonly n: number }>`SELECT count(*) AS n FROM a`
      return { first, again, n: row!.n }
    })
    const out = await Effect.runPromise(program.pipe(Effect.provide(clientLayer(db.url))))
    expect(out).toEqual({ first: [[1, "a"]], again: [], n: 0 })
  })

  it("a server that is not there is a StoreError naming it, without the password", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql`SELECT 1`
      }).pipe(Effect.provide(clientLayer("postgres://u:secret@127.0.0.1:1/x")))
    )
    expect(exit._tag).toBe("Failure")
    const text = JSON.stringify(exit)
    expect(text).toContain("127.0.0.1:1/x")
    expect(text).not.toContain("secret")
  })

  it("refuses a database whose LC_CTYPE is C, saying how to create a usable one (its search would find nothing beyond ASCII)", async () => {
    const name = `llp_t_c_${process.pid}_${Date.now().toString(36)}`
    const adminClient = new pg.Client({ connectionString: admin! })
    await adminClient.connect()
    await adminClient.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
    try {
      const url = new URL(admin!)
      url.pathname = `/${name}`
      const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(PgStore.layer(url.toString()))))
      expect(exit._tag).toBe("Failure")
      const text = JSON.stringify(exit)
      expect(text).toContain(`has LC_CTYPE C: LLP's search needs a UTF-8 one`)
      expect(text).toContain("LC_CTYPE 'C.UTF-8'")
    } finally {
      await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await adminClient.end()
    }
  })
})
