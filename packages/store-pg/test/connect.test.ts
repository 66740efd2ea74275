import * as SqlClient from "@effect/sql/SqlClient"
import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clientLayer, runMigrations } from "../src/index.js"

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
})
