import * as SqlClient from "@effect/sql/SqlClient"
import { Store, type BotInput, type PromptInput, type Suite } from "@llp/core"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"

export interface Env {
  readonly store: Store.Service
  readonly sql: SqlClient.SqlClient
  readonly dir: string
  readonly file: string
}

/** A fresh temp folder, removed when the scope closes. */
export const tempFolder = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "llp-store-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A real SQLite file in a fresh temp folder; the database is closed and the folder removed afterwards. */
export const withStore = <A, E>(body: (env: Env) => Effect.Effect<A, E>): Effect.Effect<A, E | unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const dir = yield* tempFolder
      const file = join(dir, "llp.sqlite")
      return yield* Effect.gen(function* () {
        const store = yield* Store.Store
        const sql = yield* SqlClient.SqlClient
        return yield* body({ store, sql, dir, file })
      }).pipe(Effect.provide(SqliteStore.layerWithClient(file)))
    })
  )

export const botInput = (name: string, extra: Partial<BotInput> = {}): BotInput => ({
  name,
  provider: "lmstudio",
  model: `${name.toLowerCase().replace(/\s+/g, "-")}-instruct`,
  ...extra
})

export const prompt = (category: string, slug: string, points: number, extra: Partial<PromptInput> = {}): PromptInput => ({
  category,
  slug,
  order: 1,
  title: slug,
  text: `Text of ${slug}`,
  points,
  useSystemPrompt: true,
  rubric: [{ points, text: `all of ${slug}` }],
  ...extra
})

export const suite = (key: string, prompts: ReadonlyArray<[slug: string, points: number]>): Suite => ({
  category: { key, title: key.toUpperCase(), systemPrompt: "", temperature: 0.5, order: 0 },
  prompts: prompts.map(([slug, points], i) => prompt(key, slug, points, { order: i + 1 }))
})

/** Two bots, two categories with prompts: a small world for the leaderboard and search tests. */
export const seed = (store: Store.Service) =>
  Effect.gen(function* () {
    yield* store.loadSuite(suite("booting", [["teach", 40], ["code", 45]]))
    yield* store.loadSuite(suite("general", [["easy", 10]]))
    const prompts = yield* store.listPrompts()
    const byslug = Object.fromEntries(prompts.map((p) => [p.slug, p]))
    const a = yield* store.createBot(botInput("Alpha"))
    const b = yield* store.createBot(botInput("Beta"))
    return { a, b, teach: byslug.teach!, code: byslug.code!, easy: byslug.easy! }
  })

/** FTS5's own check that an external-content index matches its content table. */
export const integrity = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`INSERT INTO bots_fts (bots_fts, rank) VALUES ('integrity-check', 1)`
    yield* sql`INSERT INTO prompts_fts (prompts_fts, rank) VALUES ('integrity-check', 1)`
    yield* sql`INSERT INTO runs_fts (runs_fts, rank) VALUES ('integrity-check', 1)`
  })
