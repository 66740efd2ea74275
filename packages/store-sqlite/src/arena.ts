import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { ArenaVerdict, ArenaVoteSource, type ArenaVote, type ArenaVoteInput, type ArenaVoteResult, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import { invalid, notFound, sqlErrors } from "./internal/validate.js"

interface VoteRow {
  readonly id: number
  readonly duel: string | null
  readonly prompt_id: number
  readonly category: string
  readonly left_run_id: number
  readonly right_run_id: number
  readonly left_bot_id: number
  readonly right_bot_id: number
  readonly verdict: ArenaVote["verdict"]
  readonly source: ArenaVote["source"]
  readonly created_at: string
}

const voteFromRow = (r: VoteRow): ArenaVote => ({
  id: r.id,
  duel: r.duel,
  promptId: r.prompt_id,
  category: r.category,
  leftRunId: r.left_run_id,
  rightRunId: r.right_run_id,
  leftBotId: r.left_bot_id,
  rightBotId: r.right_bot_id,
  verdict: r.verdict,
  source: r.source,
  createdAt: r.created_at
})

const VERDICTS: ReadonlySet<string> = new Set(ArenaVerdict.literals)
const SOURCES: ReadonlySet<string> = new Set(ArenaVoteSource.literals)

/** The Arena's part of the Store: votes, written at once (each insert is its own committed statement). */
export const arenaStore = (sql: SqlClient.SqlClient, now: Effect.Effect<string>) => {
  const select = (where: Fragment) => sql<VoteRow>`
    SELECT v.id, v.duel, v.prompt_id, p.category, v.left_run_id, v.right_run_id, l.bot_id AS left_bot_id,
      r.bot_id AS right_bot_id, v.verdict, v.source, v.created_at
    FROM arena_votes v
    JOIN prompts p ON p.id = v.prompt_id
    JOIN runs l ON l.id = v.left_run_id
    JOIN runs r ON r.id = v.right_run_id
    WHERE ${where}
    ORDER BY v.id`

  const addArenaVote = Effect.fn("SqliteStore.addArenaVote")(function* (input: ArenaVoteInput) {
    if (!VERDICTS.has(input.verdict)) return yield* Effect.fail(invalid("verdict", `must be one of ${[...VERDICTS].join(", ")}, got ${String(input.verdict)}`))
    if (!SOURCES.has(input.source)) return yield* Effect.fail(invalid("source", `must be one of ${[...SOURCES].join(", ")}, got ${String(input.source)}`))
    if (input.duel !== null && (typeof input.duel !== "string" || input.duel === "")) return yield* Effect.fail(invalid("duel", "must be a duel id or null"))
    const runs = yield* sql<{ readonly id: number; readonly bot_id: number; readonly prompt_id: number }>`
      SELECT id, bot_id, prompt_id FROM runs WHERE id IN (${input.leftRunId}, ${input.rightRunId})`
    const left = runs.find((r) => r.id === input.leftRunId)
    const right = runs.find((r) => r.id === input.rightRunId)
    if (!left) return yield* Effect.fail(notFound(`no run ${input.leftRunId}`))
    if (!right) return yield* Effect.fail(notFound(`no run ${input.rightRunId}`))
    if (left.id === right.id) return yield* Effect.fail(invalid("rightRunId", "a duel needs two different runs"))
    if (left.prompt_id !== right.prompt_id) return yield* Effect.fail(invalid("rightRunId", `runs ${left.id} and ${right.id} answer different prompts`))
    if (left.bot_id === right.bot_id) return yield* Effect.fail(invalid("rightRunId", `runs ${left.id} and ${right.id} are by the same bot`))
    const at = input.createdAt ?? (yield* now)
    const inserted = yield* sql<{ readonly id: number }>`
      INSERT INTO arena_votes (duel, prompt_id, left_run_id, right_run_id, verdict, source, created_at)
      VALUES (${input.duel}, ${left.prompt_id}, ${left.id}, ${right.id}, ${input.verdict}, ${input.source}, ${at})
      ON CONFLICT (duel) DO NOTHING
      RETURNING id`
    const duplicate = inserted.length === 0
    const [row] = duplicate ? yield* select(sql`v.duel = ${input.duel}`) : yield* select(sql`v.id = ${inserted[0]!.id}`)
    return { vote: voteFromRow(row!), duplicate } satisfies ArenaVoteResult
  }, sqlErrors)

  const removeArenaVote = Effect.fn("SqliteStore.removeArenaVote")(function* (id: number) {
    const gone = yield* sql<{ readonly id: number }>`DELETE FROM arena_votes WHERE id = ${id} RETURNING id`
    if (gone.length === 0) return yield* Effect.fail(notFound(`no Arena vote ${id}`))
  }, sqlErrors)

  const listArenaVotes = Effect.fn("SqliteStore.listArenaVotes")(function* (filter: { readonly category?: string; readonly source?: ArenaVote["source"] } = {}) {
    const rows = yield* select(
      sql.and([
        ...(filter.category !== undefined ? [sql`p.category = ${filter.category}`] : []),
        ...(filter.source !== undefined ? [sql`v.source = ${filter.source}`] : [])
      ])
    )
    return rows.map(voteFromRow)
  }, sqlErrors)

  const listArenaAnswers = Effect.fn("SqliteStore.listArenaAnswers")(function* (category?: string) {
    // octet_length reads a text's size from the record header: the answers themselves are not read
    const inCategory = category !== undefined ? sql`AND prompt_id IN (SELECT id FROM prompts WHERE category = ${category})` : sql``
    const rows = yield* sql<{ readonly run_id: number; readonly bot_id: number; readonly prompt_id: number }>`
      SELECT max(id) AS run_id, bot_id, prompt_id FROM runs
      WHERE status = 'complete' AND octet_length(output) > 0 ${inCategory}
      GROUP BY bot_id, prompt_id
      ORDER BY prompt_id, bot_id`
    return rows.map((r) => ({ runId: r.run_id, botId: r.bot_id, promptId: r.prompt_id }))
  }, sqlErrors)

  return { addArenaVote, removeArenaVote, listArenaVotes, listArenaAnswers } satisfies Pick<
    Store.Service,
    "addArenaVote" | "removeArenaVote" | "listArenaVotes" | "listArenaAnswers"
  >
}
