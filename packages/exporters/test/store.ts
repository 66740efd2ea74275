import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteStore } from "@llp/store-sqlite"
import { afterAll } from "vitest"

const dirs: Array<string> = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** The real store: a SQLite file in a temp folder of its own, removed after the file's tests. */
export const sqliteStoreLayer = () => {
  const dir = mkdtempSync(join(tmpdir(), "llp-exporters-"))
  dirs.push(dir)
  return SqliteStore.layer(join(dir, "llp.sqlite"))
}
