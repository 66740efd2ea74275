import * as SqlClient from "@effect/sql/SqlClient"
import { answerFileKey } from "@llp/core"
import * as Effect from "effect/Effect"

/**
 * `bots.file_key`: the key of a bot's answer files in llm_outputs/ (`answerFileKey` of its name), so
 * that a name whose files would be another bot's is found with one index seek. Not unique: a workspace
 * made before this migration may already hold two such names, and must still open.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE bots ADD COLUMN file_key TEXT`
  const bots = yield* sql<{ readonly id: number; readonly name: string }>`SELECT id, name FROM bots`
  for (const bot of bots) yield* sql`UPDATE bots SET file_key = ${answerFileKey(bot.name)} WHERE id = ${bot.id}`
  yield* sql`CREATE INDEX bots_file_key ON bots (file_key)`
})
