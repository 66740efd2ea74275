import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { StoreRows } from "@llp/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { conflict, invalid, notFound, sqlErrors } from "./internal/validate.js"

const { groupFromRow: fromRow } = StoreRows
type GroupRow = StoreRows.GroupRow

/** The Store's group methods (migration 0009). */
export const makeGroups = (sql: SqlClient.SqlClient) => {
  const select = (where: Fragment) =>
    sql<GroupRow>`
      SELECT g.id, g.name, g.base_bot_id,
        (SELECT group_concat(bot_id, ',') FROM (SELECT bot_id FROM bot_group_members m WHERE m.group_id = g.id ORDER BY position)) AS members
      FROM bot_groups g WHERE ${where} ORDER BY g.id`

  const listGroups = Effect.fn("SqliteStore.listGroups")(function* () {
    return (yield* select(sql.and([]))).map(fromRow)
  }, sqlErrors)

  const byName = (name: string) => Effect.map(select(sql.and([sql`g.name = ${name.trim()}`])), (rows) => (rows[0] ? fromRow(rows[0]) : null))
  const byId = (id: number) =>
    Effect.flatMap(select(sql.and([sql`g.id = ${id}`])), (rows) => (rows[0] ? Effect.succeed(fromRow(rows[0])) : Effect.fail(notFound(`no group with id ${id}`))))

  const findGroup = Effect.fn("SqliteStore.findGroup")(function* (name: string) {
    const group = yield* byName(name)
    if (group === null) return yield* Effect.fail(notFound(`no group named ${name.trim()}`))
    return group
  }, sqlErrors)

  const ensureGroup = Effect.fn("SqliteStore.ensureGroup")(function* (name: string, baseBotId: number) {
    const key = name.trim()
    if (key === "") return yield* Effect.fail(invalid("group", "must not be empty"))
    const existing = yield* byName(key)
    if (existing !== null) {
      if (existing.baseBotId !== baseBotId) return yield* Effect.fail(conflict(`the group ${existing.name} holds variants of another bot; choose another group name`))
      return existing
    }
    // `--bots NAME` looks for a bot first: a group named like a bot could never be picked
    const bots = yield* sql<{ readonly id: number }>`SELECT id FROM bots WHERE name = ${key}`
    if (bots.length > 0) return yield* Effect.fail(conflict(`${key} is a bot's name; a group needs a name of its own`))
    const at = new Date(yield* Clock.currentTimeMillis).toISOString()
    const rows = yield* sql<{ readonly id: number }>`INSERT INTO bot_groups (name, base_bot_id, created_at) VALUES (${key}, ${baseBotId}, ${at}) RETURNING id`
    return yield* byId(rows[0]!.id)
  }, sqlErrors)

  const addToGroup = Effect.fn("SqliteStore.addToGroup")(function* (groupId: number, botId: number) {
    yield* byId(groupId)
    yield* sql`INSERT INTO bot_group_members (group_id, bot_id, position)
      VALUES (${groupId}, ${botId}, (SELECT coalesce(max(position), 0) + 1 FROM bot_group_members WHERE group_id = ${groupId}))
      ON CONFLICT DO NOTHING`
    return yield* byId(groupId)
  }, sqlErrors)

  return { listGroups, findGroup, ensureGroup, addToGroup }
}
