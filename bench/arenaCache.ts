/**
 * The Arena's ratings as a leaderboard load reads them (`loadArena`: the TUI's Leaderboard, the exports), on a
 * SQLite workspace with 100,000 votes among 100 bots: the first load fits them (Bradley–Terry with a 200-replicate
 * bootstrap) and caches the result; later loads read the cache while no vote changes (target: within the
 * leaderboard's 50 ms). Then one new vote, and the load that fits again.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { seededRandom, Store } from "@llp/core"
import { loadArena } from "@llp/exporters"
import { SqliteStore } from "@llp/store-sqlite"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { median, time } from "./stats.js"

const BOTS = 100
const PROMPTS = 20
const VOTES = 100_000

const build = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const at = "2026-01-01T00:00:00.000Z"
  yield* sql.withTransaction(
    Effect.gen(function* () {
      yield* sql`INSERT INTO categories (key, title, temperature) VALUES ('arena', 'Arena', 0.5)`
      for (let p = 1; p <= PROMPTS; p++)
        yield* sql`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (${p}, 'arena', ${`p${p}`}, ${p}, 'P', 't', 10, ${at}, ${at})`
      for (let b = 1; b <= BOTS; b++) {
        yield* sql`INSERT INTO bots (id, name, provider, model, created_at, updated_at) VALUES (${b}, ${`bot ${b}`}, 'lmstudio', ${`m${b}`}, ${at}, ${at})`
        // run id (b - 1) * PROMPTS + p: bot b's answer to prompt p
        for (let p = 1; p <= PROMPTS; p++)
          yield* sql`INSERT INTO runs (id, bot_id, prompt_id, provider, model, status, started_at, output) VALUES (${(b - 1) * PROMPTS + p}, ${b}, ${p}, 'lmstudio', 'm', 'complete', ${at}, 'answer')`
      }
      const random = seededRandom(20_261_204)
      const verdicts = ["left", "right", "tie", "bad"] as const
      for (let v = 0; v < VOTES; v++) {
        const p = 1 + Math.floor(random() * PROMPTS)
        const a = 1 + Math.floor(random() * BOTS)
        let b = 1 + Math.floor(random() * (BOTS - 1))
        if (b >= a) b++
        const verdict = verdicts[a < b === random() < 0.7 ? 0 : random() < 0.8 ? 1 : random() < 0.5 ? 2 : 3]
        yield* sql`INSERT INTO arena_votes (prompt_id, left_run_id, right_run_id, verdict, created_at) VALUES (${p}, ${(a - 1) * PROMPTS + p}, ${(b - 1) * PROMPTS + p}, ${verdict}, ${at})`
      }
    })
  )
})

const program = Effect.gen(function* () {
  yield* build
  const store = yield* Store.Store
  const [coldMs] = yield* time(loadArena())
  const warm: Array<number> = []
  for (let i = 0; i < 9; i++) warm.push((yield* time(loadArena()))[0])
  yield* store.addArenaVote({ duel: null, leftRunId: 1, rightRunId: PROMPTS + 1, verdict: "left", source: "manual" })
  const [afterVoteMs, after] = yield* time(loadArena())
  return {
    votes: after?.votes ?? 0,
    firstLoadMs: Math.round(coldMs),
    cachedLoadMs: { median: median(warm), max: Math.round(Math.max(...warm) * 100) / 100, rounds: warm.length },
    afterOneVoteMs: Math.round(afterVoteMs)
  }
})

export const benchArenaCache = async () => {
  const dir = mkdtempSync(join(tmpdir(), "llp-bench-arena-"))
  try {
    return await Effect.runPromise(program.pipe(Effect.provide(SqliteStore.layerWithClient(join(dir, "llp.sqlite")))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchArenaCache(), null, 2))
