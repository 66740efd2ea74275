import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { suite, withStore } from "./helpers.js"

// what any store must do with categories, prompts and suites is in the shared contract (contract.test.ts)
describe("suites on SQLite", () => {
  it.effect("loading a suite again writes not one row, and every prompt keeps the hash of its source", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const s = suite("booting", [["teaching", 40], ["translate", 45]])
        yield* store.loadSuite(s)
        const before = yield* sql`SELECT * FROM prompts ORDER BY id`
        const categoryBefore = yield* sql`SELECT * FROM categories`
        const changes = yield* sql<{ n: number }>`SELECT total_changes() AS n`
        expect(yield* store.loadSuite(s)).toMatchObject({ added: 0, updated: 0, unchanged: 2 })
        expect((yield* sql<{ n: number }>`SELECT total_changes() AS n`)[0]!.n).toBe(changes[0]!.n)
        expect(yield* sql`SELECT * FROM prompts ORDER BY id`).toEqual(before)
        expect(yield* sql`SELECT * FROM categories`).toEqual(categoryBefore)
        const hashes = yield* sql<{ source_hash: string }>`SELECT source_hash FROM prompts`
        expect(hashes).toHaveLength(2)
        for (const h of hashes) expect(h.source_hash).toMatch(/^[0-9a-f]{64}$/)
      })
    )
  )
})
