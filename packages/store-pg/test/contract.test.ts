import { createTestDatabase, testPostgresUrl } from "@llp/testkit"
import { storeContract } from "@llp/testkit/store-contract"
import pg from "pg"
import { afterAll, beforeAll, describe } from "vitest"
import { PgStore } from "../src/index.js"

// The shared Store contract (the same suite runs on SQLite in @llp/store-sqlite), on one throwaway database
// for the file, emptied (TRUNCATE … RESTART IDENTITY) before each test: a fresh store, as the suite expects.

const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("Postgres", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let client: pg.Client
  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
    await db?.drop()
  })

  const empty = async () => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'llp_migrations'"
    )
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(", ")} RESTART IDENTITY CASCADE`)
  }

  storeContract({
    name: "Postgres",
    open: async () => {
      await empty()
      return { layer: PgStore.layer(db.url, { maxConnections: 4 }), close: async () => undefined }
    }
  })
})
