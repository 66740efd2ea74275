import * as SqlClient from "@effect/sql/SqlClient"
import { safeFileName } from "@llp/core"
import * as Effect from "effect/Effect"

/**
 * `bots.file_key`: the lower-cased file name of a bot's answers in llm_outputs/ (see `safeFileName`), so
 * that a name whose files would be another bot's is found with one index seek. Not unique: a workspace
 * made before this migration may already hold two such names, and must still open.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE bots ADD COLUMN file_key TEXT`
  const bots = yield* sql<{ readonly id: number; readonly name: string }>`SELECT id, name FROM bots`
  for (const bot of bots) yield* sql`UPDATE bots SET file_key = ${fileKey(bot.name)} WHERE id = ${bot.id}`
  yield* sql`CREATE INDEX bots_file_key ON bots (file_key)`
})

export const fileKey = (name: string): string => safeFileName(name).toLowerCase()
