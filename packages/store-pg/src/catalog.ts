import type * as SqlClient from "@effect/sql/SqlClient"
import {
  BotInput,
  Category as CategorySchema,
  PromptInput as PromptInputSchema,
  StoreBase,
  StoreErrors,
  answerFileKey,
  safeFileName,
  type BotPatch,
  type Category,
  type PromptInput,
  type PromptPatch,
  type Suite,
  type SuiteLoadReport
} from "@llp/core"
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import { columns } from "./columns.js"
import { isUniqueViolation } from "./errors.js"

const { checkRubric, conflict, decode, notFound } = StoreErrors

const promptHash = (p: PromptInput): string => createHash("sha256").update(StoreBase.promptSource(p)).digest("hex")

/** Bots, categories, prompts and suites on Postgres, as SqliteStore has them (same checks, messages and order). */
export const makeCatalog = (sql: SqlClient.SqlClient, now: Effect.Effect<string>) => {
  const cols = columns(sql)

  // ---------------------------------------------------------------- bots

  const botById = (id: number) =>
    Effect.flatMap(sql<StoreBase.BotRow>`SELECT ${cols.bot()} FROM bots WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(StoreBase.botFromRow(rows[0])) : Effect.fail(notFound(`no bot with id ${id}`))
    )

  // names sort as SQLite's COLLATE NOCASE does: case folded, then by code point
  const listBots = () => Effect.map(sql<StoreBase.BotRow>`SELECT ${cols.bot()} FROM bots ORDER BY lower(name) COLLATE "C", id`, (rows) => rows.map(StoreBase.botFromRow))

  const findBot = (nameOrId: string) =>
    Effect.gen(function* () {
      const key = nameOrId.trim()
      const digits = /^\d+$/.test(key)
      if (digits && Number.isSafeInteger(Number(key))) {
        const byId = yield* sql<StoreBase.BotRow>`SELECT ${cols.bot()} FROM bots WHERE id = ${Number(key)}`
        if (byId[0]) return StoreBase.botFromRow(byId[0])
      }
      const byName = yield* sql<StoreBase.BotRow>`SELECT ${cols.bot()} FROM bots WHERE lower(name) = lower(${key})`
      if (byName[0]) return StoreBase.botFromRow(byName[0])
      return yield* Effect.fail(notFound(digits ? `no bot with id or name ${key}` : `no bot named ${key}`))
    })

  // A bot's answers are kept in llm_outputs/ under a file name made from its name: two names that make
  // the same file name (on a case-insensitive disk too) would write over each other's answers.
  const sharedFileName = (name: string, except: number | null) =>
    Effect.gen(function* () {
      const rows = yield* sql<{ readonly id: number; readonly name: string }>`
        SELECT id, name FROM bots WHERE file_key = ${answerFileKey(name)} AND id IS DISTINCT FROM ${except}::bigint`
      const other = rows.find((r) => r.name.toLowerCase() !== name.toLowerCase())
      if (other !== undefined) {
        return yield* Effect.fail(
          conflict(`the name ${name} would share the answer files of the bot ${other.name} in llm_outputs/ (both are saved as ${safeFileName(name)}.md); choose another name`)
        )
      }
    })

  const createBot = (input: BotInput) =>
    Effect.gen(function* () {
      const bot = yield* decode(BotInput, input)
      yield* sharedFileName(bot.name, null)
      const at = yield* now
      const rows = yield* sql<StoreBase.BotRow>`INSERT INTO bots ${sql.insert({ ...StoreBase.botColumns(bot), created_at: at, updated_at: at })} RETURNING ${cols.bot()}`.pipe(
        Effect.catchIf(isUniqueViolation("bots_name_unique"), () => Effect.fail(conflict(`a bot named ${bot.name} already exists`)))
      )
      return StoreBase.botFromRow(rows[0]!)
    })

  const updateBot = (id: number, patch: BotPatch) =>
    Effect.gen(function* () {
      const current = yield* botById(id)
      const merged = yield* StoreBase.patchedBot(current, patch)
      if (merged.name !== current.name) yield* sharedFileName(merged.name, id)
      const at = yield* now
      const rows = yield* sql<StoreBase.BotRow>`UPDATE bots SET ${sql.update({ ...StoreBase.botColumns(merged), updated_at: at })} WHERE id = ${id} RETURNING ${cols.bot()}`.pipe(
        Effect.catchIf(isUniqueViolation("bots_name_unique"), () => Effect.fail(conflict(`a bot named ${merged.name} already exists`)))
      )
      if (rows[0] === undefined) return yield* Effect.fail(notFound(`no bot with id ${id}`))
      return StoreBase.botFromRow(rows[0])
    })

  const removeBot = (id: number) =>
    Effect.gen(function* () {
      const rows = yield* sql`DELETE FROM bots WHERE id = ${id} RETURNING id`
      if (rows.length === 0) return yield* Effect.fail(notFound(`no bot with id ${id}`))
    })

  // ---------------------------------------------------------------- categories and prompts

  const categoryByKey = (key: string) =>
    Effect.flatMap(sql<StoreBase.CategoryRow>`SELECT key, title, system_prompt, temperature, ord FROM categories WHERE key = ${key}`, (rows) =>
      rows[0] ? Effect.succeed(StoreBase.categoryFromRow(rows[0])) : Effect.fail(notFound(`no category ${key}`))
    )

  const promptById = (id: number) =>
    Effect.flatMap(sql<StoreBase.PromptRow>`SELECT ${cols.prompt()} FROM prompts WHERE id = ${id}`, (rows) =>
      rows[0] ? Effect.succeed(StoreBase.promptFromRow(rows[0])) : Effect.fail(notFound(`no prompt with id ${id}`))
    )

  const listCategories = () =>
    Effect.map(sql<StoreBase.CategoryRow>`SELECT key, title, system_prompt, temperature, ord FROM categories ORDER BY ord, key COLLATE "C"`, (rows) =>
      rows.map(StoreBase.categoryFromRow)
    )

  // an unchanged category is not written (no row version, no trigger)
  const upsertCategory = (c: Category) =>
    sql`INSERT INTO categories (key, title, system_prompt, temperature, ord)
        VALUES (${c.key}, ${c.title}, ${c.systemPrompt}, ${c.temperature}, ${c.order})
        ON CONFLICT (key) DO UPDATE SET
          title = excluded.title, system_prompt = excluded.system_prompt,
          temperature = excluded.temperature, ord = excluded.ord
        WHERE (categories.title, categories.system_prompt, categories.temperature, categories.ord)
          IS DISTINCT FROM (excluded.title, excluded.system_prompt, excluded.temperature, excluded.ord)`

  const saveCategory = (category: Category) =>
    Effect.gen(function* () {
      const c = yield* decode(CategorySchema, category)
      yield* upsertCategory(c)
      return yield* categoryByKey(c.key)
    })

  const removeCategory = (key: string) =>
    Effect.gen(function* () {
      const rows = yield* sql`DELETE FROM categories WHERE key = ${key} RETURNING key`
      if (rows.length === 0) return yield* Effect.fail(notFound(`no category ${key}`))
    })

  const listPrompts = (category?: string) =>
    Effect.gen(function* () {
      if (category !== undefined) {
        yield* categoryByKey(category)
        const rows = yield* sql<StoreBase.PromptRow>`SELECT ${cols.prompt()} FROM prompts WHERE category = ${category} ORDER BY ord, id`
        return rows.map(StoreBase.promptFromRow)
      }
      const rows = yield* sql<StoreBase.PromptRow>`
        SELECT ${cols.prompt("p")} FROM prompts p JOIN categories c ON c.key = p.category
        ORDER BY c.ord, c.key COLLATE "C", p.ord, p.id`
      return rows.map(StoreBase.promptFromRow)
    })

  const createPrompt = (input: PromptInput) =>
    Effect.gen(function* () {
      const p = yield* decode(PromptInputSchema, input)
      yield* checkRubric(p)
      yield* categoryByKey(p.category)
      const at = yield* now
      // A person's prompt: marked edited, so that loading a suite with the same id never overwrites it.
      const rows = yield* sql<StoreBase.PromptRow>`INSERT INTO prompts ${sql.insert({ ...StoreBase.promptColumns(p), edited: 1, created_at: at, updated_at: at })} RETURNING ${cols.prompt()}`.pipe(
        Effect.catchIf(isUniqueViolation("prompts_category_slug"), () => Effect.fail(conflict(`a prompt with id ${p.slug} already exists in ${p.category}`)))
      )
      return StoreBase.promptFromRow(rows[0]!)
    })

  const updatePrompt = (id: number, patch: PromptPatch) =>
    Effect.gen(function* () {
      const current = yield* promptById(id)
      const merged = yield* StoreBase.patchedPrompt(current, patch)
      const at = yield* now
      const rows = yield* sql<StoreBase.PromptRow>`UPDATE prompts SET ${sql.update({ ...StoreBase.promptColumns(merged), edited: 1, updated_at: at })} WHERE id = ${id} RETURNING ${cols.prompt()}`
      if (rows[0] === undefined) return yield* Effect.fail(notFound(`no prompt with id ${id}`))
      return StoreBase.promptFromRow(rows[0])
    })

  const removePrompt = (id: number) =>
    Effect.gen(function* () {
      const rows = yield* sql`DELETE FROM prompts WHERE id = ${id} RETURNING id`
      if (rows.length === 0) return yield* Effect.fail(notFound(`no prompt with id ${id}`))
    })

  // ---------------------------------------------------------------- suites

  /**
   * Inserts what is missing, updates what changed in the file and was not edited in LLP. Two machines loading
   * the same suite at once: the category row's lock (taken by the upsert's conflict check, or a share lock when
   * unchanged) orders them, so the second sees the first's prompts and adds none twice.
   */
  const loadSuite = (suite: Suite) =>
    Effect.gen(function* () {
      const { category, prompts } = yield* StoreBase.checkSuite(suite)
      const at = yield* now
      return yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* upsertCategory(category)
          yield* sql`SELECT key FROM categories WHERE key = ${category.key} FOR UPDATE`
          const existing = new Map(
            (yield* sql<StoreBase.PromptRow>`SELECT ${cols.prompt()} FROM prompts WHERE category = ${category.key}`).map((r) => [r.slug, r] as const)
          )
          let added = 0
          let updated = 0
          let unchanged = 0
          let keptEdited = 0
          for (const p of prompts) {
            const hash = promptHash(p)
            const row = existing.get(p.slug)
            if (row === undefined) {
              yield* sql`INSERT INTO prompts ${sql.insert({ ...StoreBase.promptColumns(p), edited: 0, source_hash: hash, created_at: at, updated_at: at })}`
              added++
            } else if (row.edited !== 0) {
              keptEdited++
            } else if (promptHash(StoreBase.promptInputFromRow(row)) !== hash) {
              yield* sql`UPDATE prompts SET ${sql.update({ ...StoreBase.promptColumns(p), source_hash: hash, updated_at: at })} WHERE id = ${row.id}`
              updated++
            } else {
              if (row.source_hash !== hash) yield* sql`UPDATE prompts SET source_hash = ${hash} WHERE id = ${row.id}`
              unchanged++
            }
          }
          return { category: category.key, added, updated, unchanged, keptEdited } satisfies SuiteLoadReport
        })
      )
    })

  const exportSuite = (key: string) =>
    Effect.gen(function* () {
      const category = yield* categoryByKey(key)
      const rows = yield* sql<StoreBase.PromptRow>`SELECT ${cols.prompt()} FROM prompts WHERE category = ${key} ORDER BY ord, id`
      return { category, prompts: rows.map(StoreBase.promptInputFromRow) } satisfies Suite
    })

  return {
    botById,
    listBots,
    getBot: botById,
    findBot,
    createBot,
    updateBot,
    removeBot,
    listCategories,
    getCategory: categoryByKey,
    saveCategory,
    removeCategory,
    listPrompts,
    getPrompt: promptById,
    createPrompt,
    updatePrompt,
    removePrompt,
    loadSuite,
    exportSuite
  }
}
