import { describe, expect, it } from "@effect/vitest"
import { rank } from "@llp/core"
import { Effect } from "effect"
import { botInput, seed, suite, withStore } from "./helpers.js"

describe("leaderboard", () => {
  it.effect("every bot appears, even with no runs", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        expect(yield* store.leaderboard()).toEqual([])
        const { a, b } = yield* seed(store)
        expect(yield* store.leaderboard()).toEqual([
          { botId: a.id, bot: "Alpha", provider: "lmstudio", model: "alpha-instruct", points: {}, scored: 0, runs: 0, avgTokensPerSecond: null, avgTtftMs: null },
          { botId: b.id, bot: "Beta", provider: "lmstudio", model: "beta-instruct", points: {}, scored: 0, runs: 0, avgTokensPerSecond: null, avgTtftMs: null }
        ])
      })
    )
  )

  it.effect("counts the latest scored run per prompt, or the pinned one, summed per category", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const { a, b, teach, code, easy } = yield* seed(store)
        const scored = (botId: number, promptId: number, points: number) =>
          Effect.flatMap(store.addManualRun({ botId, promptId, output: "o" }), (run) => Effect.as(store.scoreRun({ runId: run.id, points }), run))
        const t1 = yield* scored(a.id, teach.id, 10)
        yield* scored(a.id, teach.id, 30) // latest: counted
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "not scored" }) // newest, but no score
        yield* scored(a.id, code.id, 45)
        yield* scored(a.id, easy.id, 7)
        yield* scored(b.id, easy.id, 10)

        const board = () => Effect.map(store.leaderboard(), (rows) => Object.fromEntries(rows.map((r) => [r.bot, r])))
        let rows = yield* board()
        expect(rows.Alpha).toMatchObject({ points: { booting: 75, general: 7 }, scored: 3, runs: 5 })
        expect(rows.Beta).toMatchObject({ points: { general: 10 }, scored: 1, runs: 1 })

        yield* store.pinRun(t1.id, true) // the older, lower score now counts
        rows = yield* board()
        expect(rows.Alpha!.points).toEqual({ booting: 55, general: 7 })

        yield* store.scoreRun({ runId: t1.id, points: 40 }) // re-scoring the pinned run replaces its score
        rows = yield* board()
        expect(rows.Alpha!.points).toEqual({ booting: 85, general: 7 })
        yield* store.pinRun(t1.id, false)
        expect((yield* board()).Alpha!.points).toEqual({ booting: 75, general: 7 })

        // core's rank turns the totals into rows
        const ranked = rank(yield* store.leaderboard(), yield* store.listCategories(), (yield* store.listPrompts()).length)
        expect(ranked.map((r) => [r.bot, r.total])).toEqual([
          ["Alpha", 82],
          ["Beta", 10]
        ])
      })
    )
  )

  it.effect("averages speed and time to first token over complete runs only", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: 10, ttftMs: 100 })
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: 30, ttftMs: 300 })
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x" }) // complete, speed unknown: not in the mean
        const failed = yield* store.startRun({ botId: a.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        yield* store.updateRun(failed.id, { status: "failed", output: "", reasoning: "", tokensPerSecond: 1000, ttftMs: 1 })
        const streaming = yield* store.startRun({ botId: b.id, promptId: teach.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
        yield* store.updateRun(streaming.id, { status: "streaming", output: "par", reasoning: "", tokensPerSecond: 5, ttftMs: 50 })
        const rows = yield* store.leaderboard()
        expect(rows[0]).toMatchObject({ bot: "Alpha", runs: 4, avgTokensPerSecond: 20, avgTtftMs: 200 })
        expect(rows[1]).toMatchObject({ bot: "Beta", runs: 1, avgTokensPerSecond: null, avgTtftMs: null })
      })
    )
  )

  it.effect("the figures kept by triggers always equal a count from scratch", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const fromScratch = sql<{ bot_id: number; points: string; scored: number; runs: number; avg_tps: number | null; avg_ttft: number | null }>`
          WITH counted AS (
            SELECT s.bot_id, p.category, s.points,
              row_number() OVER (PARTITION BY s.bot_id, s.prompt_id ORDER BY s.pinned DESC, s.run_id DESC) AS rn
            FROM scores s JOIN runs r ON r.id = s.run_id JOIN prompts p ON p.id = r.prompt_id
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

        let seedValue = 42
        const random = () => {
          seedValue = (seedValue * 1103515245 + 12345) & 0x7fffffff
          return seedValue / 0x7fffffff
        }
        const pick = <A>(xs: ReadonlyArray<A>): A | undefined => xs[Math.floor(random() * xs.length)]
        yield* store.loadSuite(suite("one", [["a", 10], ["b", 20], ["c", 30]]))
        yield* store.loadSuite(suite("two", [["d", 40], ["e", 50]]))
        yield* store.loadSuite(suite("three", [["f", 60]]))
        for (const name of ["A", "B", "C", "D"]) yield* store.createBot(botInput(name))
        for (let step = 0; step < 160; step++) {
          const bots = yield* store.listBots()
          const prompts = yield* store.listPrompts()
          const runs = yield* store.listRuns()
          const action = random()
          const bot = pick(bots)
          const p = pick(prompts)
          const run = pick(runs)
          if (action < 0.3 && bot && p) {
            const r = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "x", ...(random() < 0.7 ? { tokensPerSecond: Math.round(random() * 100), ttftMs: Math.round(random() * 1000) } : {}) })
            if (random() < 0.8) yield* store.scoreRun({ runId: r.id, points: Math.round(random() * p.points) })
          } else if (action < 0.4 && bot && p) {
            const r = yield* store.startRun({ botId: bot.id, promptId: p.id, provider: "p", model: "m", demo: false, request: {}, startedAt: "t" })
            const status = pick(["streaming", "complete", "failed", "cancelled"] as const)!
            yield* store.updateRun(r.id, { status, output: "y", reasoning: "", tokensPerSecond: Math.round(random() * 50), ttftMs: 10 })
          } else if (action < 0.55 && run) {
            const max = prompts.find((x) => x.id === run.promptId)!.points
            yield* store.scoreRun({ runId: run.id, points: Math.round(random() * max) })
          } else if (action < 0.7 && run) {
            yield* Effect.ignore(store.pinRun(run.id, random() < 0.7))
          } else if (action < 0.8 && run) {
            yield* store.updateRun(run.id, { status: pick(["complete", "failed"] as const)!, output: run.output, reasoning: "", tokensPerSecond: Math.round(random() * 90) })
          } else if (action < 0.88 && run) {
            yield* store.removeRun(run.id)
          } else if (action < 0.91 && p) {
            yield* store.removePrompt(p.id)
          } else if (action < 0.93 && bot) {
            yield* store.removeBot(bot.id)
            yield* store.createBot(botInput(`${bot.name}${step}`))
          } else if (action < 0.95) {
            const key = pick(["one", "two", "three"])!
            yield* Effect.ignore(store.removeCategory(key))
            yield* store.loadSuite(suite(key, key === "one" ? [["a", 10], ["b", 20], ["c", 30]] : key === "two" ? [["d", 40], ["e", 50]] : [["f", 60]]))
          } else if (bot) {
            yield* store.updateBot(bot.id, { notes: `step ${step}` })
          }
          if (step % 10 === 0) yield* check(`step ${step}`)
        }
        yield* check("end")
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
          SELECT s.points FROM scores s WHERE s.bot_id = 1 AND s.prompt_id = 2 ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1`
        const c = counted.map((p) => p.detail).join("\n")
        expect(c).toMatch(/USING COVERING INDEX scores_counted/)
        expect(c).not.toMatch(/TEMP B-TREE/)
      })
    )
  )
})
