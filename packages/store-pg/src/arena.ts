import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { StoreErrors, StoreRows, type ArenaVote, type ArenaVoteInput, type ArenaVoteResult, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"

const { notFound } = StoreErrors

/**
 * The Arena's votes (migration 0002), each insert its own committed statement. Two voters sending the same
 * duel id at once: the unique duel makes the second insert wait for the first and then store nothing, and it
 * answers with the first one's vote as a duplicate.
 */
export const makeArena = (
  sql: SqlClient.SqlClient,
  now: Effect.Effect<string>,
  errors: SqlErrors
): Pick<Store.Service, "addArenaVote" | "removeArenaVote" | "listArenaVotes" | "listArenaAnswers" | "readArenaCache" | "writeArenaCache"> => {
  const select = (where: Fragment) => sql<StoreRows.VoteRow>`
    SELECT v.id, v.duel, v.prompt_id, p.category, v.left_run_id, v.right_run_id, l.bot_id AS left_bot_id,
      r.bot_id AS right_bot_id, v.verdict, v.source, v.created_at
    FROM arena_votes v
    JOIN prompts p ON p.id = v.prompt_id
    JOIN runs l ON l.id = v.left_run_id
    JOIN runs r ON r.id = v.right_run_id
    WHERE ${where}
    ORDER BY v.id`

  const addArenaVote = Effect.fn("PgStore.addArenaVote")(function* (input: ArenaVoteInput) {
    const runs = yield* sql<{ readonly id: number; readonly bot_id: number; readonly prompt_id: number }>`
      SELECT id, bot_id, prompt_id FROM runs WHERE id IN (${input.leftRunId}, ${input.rightRunId})`
    const { left, right } = yield* StoreRows.checkVote(input, runs)
    const at = input.createdAt ?? (yield* now)
    const inserted = yield* sql<{ readonly id: number }>`
      INSERT INTO arena_votes (duel, prompt_id, left_run_id, right_run_id, verdict, source, created_at)
      VALUES (${input.duel}, ${left.prompt_id}, ${left.id}, ${right.id}, ${input.verdict}, ${input.source}, ${at})
      ON CONFLICT (duel) DO NOTHING
      RETURNING id`
    const duplicate = inserted.length === 0
    const [row] = duplicate ? yield* select(sql`v.duel = ${input.duel}`) : yield* select(sql`v.id = ${inserted[0]!.id}`)
    // the first vote of the duel was removed between the two statements
    if (row === undefined) return yield* Effect.fail(notFound(`the vote on duel ${input.duel} was removed meanwhile`))
    return { vote: StoreRows.voteFromRow(row), duplicate } satisfies ArenaVoteResult
  }, errors)

  const removeArenaVote = Effect.fn("PgStore.removeArenaVote")(function* (id: number) {
    const gone = yield* sql<{ readonly id: number }>`DELETE FROM arena_votes WHERE id = ${id} RETURNING id`
    if (gone.length === 0) return yield* Effect.fail(notFound(`no Arena vote ${id}`))
  }, errors)

  const listArenaVotes = Effect.fn("PgStore.listArenaVotes")(function* (filter: { readonly category?: string; readonly source?: ArenaVote["source"] } = {}) {
    const rows = yield* select(
      sql.and([
        ...(filter.category !== undefined ? [sql`p.category = ${filter.category}`] : []),
        ...(filter.source !== undefined ? [sql`v.source = ${filter.source}`] : [])
      ])
    )
    return rows.map(StoreRows.voteFromRow)
  }, errors)

  const listArenaAnswers = Effect.fn("PgStore.listArenaAnswers")(function* (category?: string) {
    // octet_length reads a text's size from its header: the answers themselves are not read
    const inCategory = category !== undefined ? sql`AND prompt_id IN (SELECT id FROM prompts WHERE category = ${category})` : sql``
    const rows = yield* sql<{ readonly run_id: number; readonly bot_id: number; readonly prompt_id: number }>`
      SELECT max(id) AS run_id, bot_id, prompt_id FROM runs
      WHERE status = 'complete' AND octet_length(output) > 0 ${inCategory}
      GROUP BY bot_id, prompt_id
      ORDER BY prompt_id, bot_id`
    return rows.map((r) => ({ runId: r.run_id, botId: r.bot_id, promptId: r.prompt_id }))
  }, errors)

  /** The counter and the cache of the Arena's ratings (migration 0004): one row each. */
  const readArenaCache = Effect.fn("PgStore.readArenaCache")(function* (key: string) {
    const rows = yield* sql<{ readonly epoch: number; readonly data: string | null }>`
      WITH e AS (SELECT coalesce((SELECT epoch FROM arena_epoch WHERE id = 1), 0) AS epoch)
      SELECT e.epoch, c.data FROM e LEFT JOIN arena_cache c ON c.key = ${key} AND c.epoch = e.epoch`
    return { epoch: Number(rows[0]?.epoch ?? 0), data: rows[0]?.data ?? null }
  }, errors)

  const writeArenaCache = Effect.fn("PgStore.writeArenaCache")(function* (key: string, epoch: number, data: string) {
    yield* sql`INSERT INTO arena_cache (key, epoch, data) VALUES (${key}, ${epoch}, ${data})
      ON CONFLICT (key) DO UPDATE SET epoch = excluded.epoch, data = excluded.data`
  }, errors)

  return { addArenaVote, removeArenaVote, listArenaVotes, listArenaAnswers, readArenaCache, writeArenaCache }
}
