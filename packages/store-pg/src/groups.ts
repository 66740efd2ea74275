import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { StoreErrors, StoreRows, type Store } from "@llp/core"
import * as Effect from "effect/Effect"
import type { SqlErrors } from "./extras.js"

const { conflict, invalid, notFound } = StoreErrors

/** Bot groups (migration 0002): a sweep's variants of a base bot. Names match regardless of case, as bots' do. */
export const makeGroups = (sql: SqlClient.SqlClient, now: Effect.Effect<string>, errors: SqlErrors): Pick<Store.Service, "listGroups" | "findGroup" | "ensureGroup" | "addToGroup"> => {
  const select = (where: Fragment) =>
    sql<StoreRows.GroupRow>`
      SELECT g.id, g.name, g.base_bot_id,
        (SELECT string_agg(m.bot_id::text, ',' ORDER BY m.position) FROM bot_group_members m WHERE m.group_id = g.id) AS members
      FROM bot_groups g WHERE ${where} ORDER BY g.id`

  const listGroups = Effect.fn("PgStore.listGroups")(function* () {
    return (yield* select(sql.and([]))).map(StoreRows.groupFromRow)
  }, errors)

  const byName = (name: string) =>
    Effect.map(select(sql`lower(g.name) = lower(${name.trim()})`), (rows) => (rows[0] ? StoreRows.groupFromRow(rows[0]) : null))
  const byId = (id: number) =>
    Effect.flatMap(select(sql`g.id = ${id}`), (rows) => (rows[0] ? Effect.succeed(StoreRows.groupFromRow(rows[0])) : Effect.fail(notFound(`no group with id ${id}`))))

  const findGroup = Effect.fn("PgStore.findGroup")(function* (name: string) {
    const group = yield* byName(name)
    if (group === null) return yield* Effect.fail(notFound(`no group named ${name.trim()}`))
    return group
  }, errors)

  const ensureGroup = Effect.fn("PgStore.ensureGroup")(function* (name: string, baseBotId: number) {
    const key = name.trim()
    if (key === "") return yield* Effect.fail(invalid("group", "must not be empty"))
    const existing = yield* byName(key)
    if (existing === null) {
      // `--bots NAME` looks for a bot first: a group named like a bot could never be picked
      const bots = yield* sql<{ readonly id: number }>`SELECT id FROM bots WHERE lower(name) = lower(${key})`
      if (bots.length > 0) return yield* Effect.fail(conflict(`${key} is a bot's name; a group needs a name of its own`))
      // two sweeps naming one new group at once: the second insert stores nothing and finds the first's group
      yield* sql`INSERT INTO bot_groups (name, base_bot_id, created_at) VALUES (${key}, ${baseBotId}, ${yield* now})
        ON CONFLICT ((lower(name))) DO NOTHING`
    }
    const group = existing ?? (yield* byName(key))
    if (group === null) return yield* Effect.fail(notFound(`the group ${key} was removed meanwhile`))
    if (group.baseBotId !== baseBotId) return yield* Effect.fail(conflict(`the group ${group.name} holds variants of another bot; choose another group name`))
    return group
  }, errors)

  const addToGroup = Effect.fn("PgStore.addToGroup")(function* (groupId: number, botId: number) {
    yield* byId(groupId)
    yield* sql`INSERT INTO bot_group_members (group_id, bot_id, position)
      VALUES (${groupId}, ${botId}, (SELECT coalesce(max(position), 0) + 1 FROM bot_group_members WHERE group_id = ${groupId}))
      ON CONFLICT DO NOTHING`
    return yield* byId(groupId)
  }, errors)

  return { listGroups, findGroup, ensureGroup, addToGroup }
}
