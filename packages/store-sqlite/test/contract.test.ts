import { storeContract } from "@llp/testkit/store-contract"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"

// the shared Store contract (the same suite runs on Postgres in @llp/store-pg), on a real SQLite file per test
storeContract({
  name: "SQLite",
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), "llp-contract-"))
    return {
      layer: SqliteStore.layer(join(dir, "llp.sqlite")),
      close: () => rm(dir, { recursive: true, force: true })
    }
  }
})
