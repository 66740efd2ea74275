import type * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { SearchTerms, StoreBase, type Bot, type Prompt, type SearchHit } from "@llp/core"
import * as Effect from "effect/Effect"
import { columns } from "./columns.js"

/**
 * Typed text as Postgres tsqueries, from the terms of the parser both stores share (`SearchTerms`): `match`
 * has the words ANDed, a phrase's or a word's tokens joined by `<->`, a prefix on the last token (`:*`), negated
 * terms as `& !( … | … )`; `highlight` has the positive terms ORed, for snippets (each term found is marked, as
 * FTS5's snippet marks each phrase). Every operand is a quoted run of letters, digits and marks, so nothing
 * typed is read as tsquery syntax. The index folds diacritics (`unaccent` folds đ to d as well), so no
 * spelling variants. Null: nothing to search for.
 */
export const compileTsQuery = (input: string, options: SearchTerms.CompileOptions): { readonly match: string; readonly highlight: string } | null => {
  const split = SearchTerms.splitTerms(SearchTerms.parseSearch(input, options))
  if (split === null) return null
  const term = (t: SearchTerms.SearchTerm): string | null => {
    const tokens = SearchTerms.searchTokens(t.text)
    if (tokens.length === 0) return null
    const parts = tokens.map((token, i) => `'${token}'${t.prefix && i === tokens.length - 1 ? ":*" : ""}`)
    return parts.length === 1 ? parts[0]! : `(${parts.join(" <-> ")})`
  }
  const positive = split.positive.map(term).filter((t): t is string => t !== null)
  const negative = split.negative.map(term).filter((t): t is string => t !== null)
  if (positive.length === 0) return null
  const all = positive.join(" & ")
  return { match: negative.length === 0 ? all : `(${all}) & !(${negative.join(" | ")})`, highlight: positive.join(" | ") }
}

/** The `match` query of `compileTsQuery`. */
export const toTsQuery = (input: string, options: SearchTerms.CompileOptions): string | null => compileTsQuery(input, options)?.match ?? null

// the columns a snippet may come from, in weight order (as the index weighs them)
const BOT_SNIPPET_COLUMNS = "(1, t.name), (2, t.model), (3, concat_ws(' ', t.provider, t.publisher, t.arch, t.quantization, t.format, t.model_type)), (4, t.notes)"
const PROMPT_SNIPPET_COLUMNS = "(1, t.title), (2, t.text), (3, t.rubric_text), (4, t.category)"

/** How many of the newest matching outputs are ranked (as SQLite's SEARCH_CANDIDATES): ranking every match of a common word costs. */
export const SEARCH_CANDIDATES = 1000


// A query the text search still refuses (it should not: operands are quoted runs of letters) answers nothing.
const TSQUERY_ERRORS = new Set(["42601", "22023", "54000"])
const searchSafe = <A, R>(self: Effect.Effect<ReadonlyArray<A>, SqlError, R>): Effect.Effect<ReadonlyArray<A>, SqlError, R> =>
  Effect.catchIf(
    self,
    (e) => TSQUERY_ERRORS.has(String((e.cause as { code?: unknown } | undefined)?.code)),
    (e) => Effect.as(Effect.logDebug("text search query refused", String(e.cause)), [])
  )

/**
 * The three searches. Ranks are `-ts_rank` (lower is better, as bm25's), ties broken by id. A bot's or prompt's
 * snippet comes from the column where the words weigh most (the first in weight order on a tie), as FTS5's
 * snippet picks one column.
 */
export const makeSearch = (sql: SqlClient.SqlClient) => {
  const cols = columns(sql)

  /**
   * Bots and prompts: the best matches of a table by weighted rank, each with a snippet of its column where
   * the words weigh most. `table`, `config` and `snippetColumns` are this file's fixed text, never input.
   */
  const searchTable = <Row>(
    table: "bots" | "prompts",
    config: "llp_simple" | "llp_english",
    options: SearchTerms.CompileOptions,
    snippetColumns: string,
    words: number,
    query: string,
    limit: number | undefined
  ) =>
    Effect.gen(function* () {
      const compiled = compileTsQuery(query, options)
      if (compiled === null) return []
      const { match: q, highlight: h } = compiled
      const cfg = sql.literal(`'${config}'`)
      return yield* sql<Row & { readonly snippet: string; readonly score: number }>`
        WITH top AS MATERIALIZED (
          SELECT id, -ts_rank(search, to_tsquery(${cfg}, ${q})) AS score FROM ${sql.literal(table)}
          WHERE search @@ to_tsquery(${cfg}, ${q}) ORDER BY score, id LIMIT ${SearchTerms.clampLimit(limit)}
        )
        SELECT ${table === "bots" ? cols.bot("t") : cols.prompt("t")}, top.score, llp_snippet(${cfg}, snippet.text, to_tsquery(${cfg}, ${h}), ${words}) AS snippet
        FROM top JOIN ${sql.literal(table)} t ON t.id = top.id
        CROSS JOIN LATERAL (
          SELECT text FROM (VALUES ${sql.literal(snippetColumns)}) AS c (n, text)
          ORDER BY ts_rank(to_tsvector(${cfg}, llp_fold(text)), to_tsquery(${cfg}, ${h})) DESC, n LIMIT 1
        ) snippet
        ORDER BY top.score, t.id`.pipe(searchSafe)
    })

  const searchBots = (query: string, limit?: number) =>
    Effect.map(
      searchTable<StoreBase.BotRow>("bots", "llp_simple", SearchTerms.BOT_SEARCH, BOT_SNIPPET_COLUMNS, 8, query, limit),
      (rows) => rows.map((r): SearchHit<Bot> => ({ item: StoreBase.botFromRow(r), snippet: r.snippet, rank: r.score }))
    )

  const searchPrompts = (query: string, limit?: number) =>
    Effect.map(
      searchTable<StoreBase.PromptRow>("prompts", "llp_english", SearchTerms.PROMPT_SEARCH, PROMPT_SNIPPET_COLUMNS, 10, query, limit),
      (rows) => rows.map((r): SearchHit<Prompt> => ({ item: StoreBase.promptFromRow(r), snippet: r.snippet, rank: r.score }))
    )

  /**
   * Ranks the newest SEARCH_CANDIDATES matches (all of them when there are fewer): a common word over
   * 100,000 outputs would otherwise rank every match. Snippets only for the rows returned.
   */
  const searchOutputs = (query: string, limit?: number) =>
    Effect.gen(function* () {
      const compiled = compileTsQuery(query, SearchTerms.OUTPUT_SEARCH)
      if (compiled === null) return []
      const { match: q, highlight: h } = compiled
      const rows = yield* sql<StoreBase.OutputHitRow>`
        WITH candidates AS MATERIALIZED (
          SELECT id, search FROM runs WHERE search @@ to_tsquery('llp_english', ${q})
          ORDER BY id DESC LIMIT ${SEARCH_CANDIDATES}
        ), top AS MATERIALIZED (
          SELECT id, -ts_rank(search, to_tsquery('llp_english', ${q})) AS score FROM candidates
          ORDER BY score, id DESC LIMIT ${SearchTerms.clampLimit(limit)}
        )
        SELECT top.id AS run_id, top.score,
          llp_snippet('llp_english', left(r.output, 250000), to_tsquery('llp_english', ${h}), 12) AS snippet,
          r.bot_id, b.name AS bot, r.prompt_id, p.title AS prompt_title, p.category
        FROM top
        JOIN runs r ON r.id = top.id JOIN bots b ON b.id = r.bot_id JOIN prompts p ON p.id = r.prompt_id
        ORDER BY top.score, top.id DESC`.pipe(searchSafe)
      return rows.map(StoreBase.outputHitFromRow)
    })

  return { searchBots, searchPrompts, searchOutputs }
}
