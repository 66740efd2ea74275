import { describe, expect, it } from "@effect/vitest"
import { churn } from "@llp/testkit/store-contract"
import { Effect } from "effect"
import { botInput, withStore } from "./helpers.js"

// the leaderboard's figures as any store must give them are in the shared contract (contract.test.ts)
describe("leaderboard on SQLite", () => {
  it.effect("the figures kept by triggers always equal a count from scratch", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const fromScratch = sql<{ bot_id: number; points: string; scored: number; runs: number; avg_tps: number | null; avg_ttft: number | null }>`
          WITH counted AS (
            SELECT s.bot_id, p.category, s.points,
              row_number() OVER (PARTITION BY s.bot_id, s.prompt_id ORDER BY s.pinned DESC, s.run_id DESC) AS rn
            FROM scores s JOIN runs r ON r.id = s.run_id JOIN prompts p ON p.id = r.prompt_id
            WHERE s.pinned = 1 OR r.status = 'complete'
          ),
          per_category AS (SELECT bot_id, category, sum(points) AS points, count(*) AS scored FROM counted WHERE rn = 1 GROUP BY bot_id, category),
          per_bot AS (SELECT bot_id, json_group_object(category, points) AS points, sum(scored) AS scored FROM (SELECT * FROM per_category ORDER BY bot_id, category) GROUP BY bot_id),
          run_stats AS (
            SELECT bot_id, count(*) AS runs, avg(CASE WHEN status = 'complete' THEN tokens_per_second END) AS avg_tps,
              avg(CASE WHEN status = 'complete' THEN ttft_ms END) AS avg_ttft
            FROM runs GROUP BY bot_id
          )
          SELECT b.id AS bot_id, coalesce(pb.points, '{}') AS points, coalesce(pb.scored, 0) AS scored, coalesce(rs.runs, 0) AS runs, rs.avg_tps, rs.avg_ttft
          FROM bots b LEFT JOIN per_bot pb ON pb.bot_id = b.id LEFT JOIN run_stats rs ON rs.bot_id = b.id ORDER BY b.id`
        const check = (step: string) =>
          Effect.gen(function* () {
            const expected = (yield* fromScratch).map((r) => ({
              botId: r.bot_id,
              points: JSON.parse(r.points),
              scored: r.scored,
              runs: r.runs,
              avgTokensPerSecond: r.avg_tps,
              avgTtftMs: r.avg_ttft
            }))
            const actual = (yield* store.leaderboard()).map(({ bot: _b, provider: _p, model: _m, ...rest }) => rest)
            expect(actual, step).toEqual(expected)
          })

        yield* churn(store, check)
        expect((yield* store.listRuns()).length).toBeGreaterThan(10)
      })
    )
  )

  it.effect("reads only the per-bot figures, never a run row", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        yield* store.createBot(botInput("Solo"))
        const plan = yield* sql<{ detail: string }>`EXPLAIN QUERY PLAN
          SELECT b.id FROM bots b
          LEFT JOIN (SELECT bot_id, json_group_object(category, points) AS points FROM leaderboard_points GROUP BY bot_id) pb ON pb.bot_id = b.id
          LEFT JOIN leaderboard_runs lr ON lr.bot_id = b.id`
        const text = plan.map((p) => p.detail).join("\n")
        expect(text).not.toMatch(/\bruns\b(?!_)/)
        expect(text).not.toMatch(/\bscores\b/)
        // the triggers' re-counting reads indexes only
        const recount = yield* sql<{ detail: string }>`EXPLAIN QUERY PLAN
          SELECT count(*), avg(CASE WHEN status = 'complete' THEN tokens_per_second END), avg(CASE WHEN status = 'complete' THEN ttft_ms END) FROM runs WHERE bot_id = 1`
        expect(recount.map((p) => p.detail).join("\n")).toMatch(/USING COVERING INDEX runs_bot_stats/)
        const counted = yield* sql<{ detail: string }>`EXPLAIN QUERY PLAN
          SELECT s.points FROM scores s WHERE s.bot_id = 1 AND s.prompt_id = 2 AND (s.pinned = 1 OR s.partial = 0) ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1`
        const c = counted.map((p) => p.detail).join("\n")
        expect(c).toMatch(/USING COVERING INDEX scores_counted/)
        expect(c).not.toMatch(/TEMP B-TREE/)
      })
    )
  )
})
