import pg from "pg"

/**
 * The Postgres server tests use: `LLP_TEST_PG_URL` (a role that may create databases), else none.
 * Without one, Postgres tests are skipped with a visible line, except under CI=1, where they fail:
 * CI installs and starts a server, so a missing one there is a broken CI, not a reason to skip.
 */
export const testPostgresUrl = (): string | undefined => {
  const url = process.env.LLP_TEST_PG_URL
  if (url !== undefined && url !== "") return url
  if (process.env.CI === "1" || process.env.CI === "true") {
    throw new Error("CI is set but LLP_TEST_PG_URL is not: .ci/run starts Postgres and must export it")
  }
  process.stderr.write("\n  ⚠ Postgres tests SKIPPED: set LLP_TEST_PG_URL=postgres://user:pass@127.0.0.1:5432/db to run them\n\n")
  return undefined
}

/** A new empty database on the test server; `drop` removes it (closing whatever is still connected). */
export const createTestDatabase = async (adminUrl: string, prefix = "llp_t"): Promise<{ readonly url: string; readonly name: string; readonly drop: () => Promise<void> }> => {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await c.end()
      }
    }
  }
}
