import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqliteStore } from "../src/index.js"
import { integrity, seed, withStore } from "./helpers.js"

describe("output search plans", () => {
  it("chooses the plan from the query and how common its words are", () => {
    const K = SqliteStore.SEARCH_CANDIDATES
    expect(SqliteStore.searchPlan(true, 100_000, null)).toBe("recent")
    expect(SqliteStore.searchPlan(false, 100_000, null)).toBe("all")
    expect(SqliteStore.searchPlan(false, null, null)).toBe("all")
    expect(SqliteStore.searchPlan(false, 100_000, 100_000 - K + 1)).toBe("recent") // every newest output matches
    expect(SqliteStore.searchPlan(false, 100_000, 100_000 - 3 * K)).toBe("bounded")
  })

  it.effect("answers rare, common and everywhere words over thousands of outputs", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const total = 3300
        // i % 3 = 0: "mid" (1,100 outputs); i % 300 = 0: "mid" three times; i % 500 = 0: "sparse"; all: "everywhere"
        yield* sql`
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total})
          INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, output)
          SELECT ${a.id}, ${teach.id}, 'p', 'm', 'complete', 't',
            'everywhere filler words ' || i
            || CASE WHEN i % 3 = 0 THEN ' mid' ELSE '' END
            || CASE WHEN i % 300 = 0 THEN ' mid mid' ELSE '' END
            || CASE WHEN i % 500 = 0 THEN ' sparse' ELSE '' END
          FROM n`
        const ids = yield* sql<{ id: number }>`SELECT id FROM runs ORDER BY id`
        const idOf = (i: number) => ids[i - 1]!.id

        // everywhere: bm25 has nothing to rank by, newest first
        const everywhere = yield* store.searchOutputs("everywhere", 5)
        expect(everywhere.map((h) => h.runId)).toEqual([3300, 3299, 3298, 3297, 3296].map(idOf))
        expect(everywhere.every((h) => h.rank === 0)).toBe(true)

        // sparse: few matches, all ranked
        const sparse = yield* store.searchOutputs("sparse")
        expect(sparse.map((h) => h.runId).sort((x, y) => x - y)).toEqual([500, 1000, 1500, 2000, 2500, 3000].map(idOf))
        expect(sparse[0]!.snippet).toContain("[sparse]")

        // mid: 1,100 matches; the newest 1,000 are ranked, the three-times ones first
        const mid = yield* store.searchOutputs("mid", 20)
        const oldest = idOf(3 * (1100 - SqliteStore.SEARCH_CANDIDATES + 1))
        expect(mid.every((h) => h.runId >= oldest)).toBe(true)
        expect(mid.slice(0, 10).map((h) => h.runId).sort((x, y) => x - y)).toEqual([600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000, 3300].map(idOf))
        for (let i = 1; i < mid.length; i++) expect(mid[i]!.rank).toBeGreaterThanOrEqual(mid[i - 1]!.rank)
        expect(mid.every((h) => h.snippet.includes("[mid]"))).toBe(true)

        // a phrase: newest first
        const phrase = yield* store.searchOutputs('"filler words"', 3)
        expect(phrase.map((h) => h.runId)).toEqual([3300, 3299, 3298].map(idOf))
        yield* integrity(sql)
      })
    )
  )
})
