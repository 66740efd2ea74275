import { SearchTerms } from "@llp/core"

/**
 * Turns what a person types into a safe FTS5 query. The terms come from the parser both stores share
 * (`SearchTerms.parseSearch` in @llp/core, which gives the rules).
 *
 * Every word becomes a quoted FTS5 string, so nothing a person types is ever read as FTS5 syntax:
 * `:`, `(`, `)`, `^`, `+`, NEAR, AND, OR and NOT are plain words. A query with nothing left is `null`,
 * which the store answers with an empty result, never an error. The index folds diacritics
 * (`chào` = `chao`), but `đ` is a letter of its own to SQLite, so words with d or đ are searched in both
 * spellings (`da nang` finds `Đà Nẵng` and back).
 *
 * @since 0.0.1
 */

export const { parseSearch, dVariants } = SearchTerms
export type SearchTerm = SearchTerms.SearchTerm
export type CompileOptions = SearchTerms.CompileOptions

export interface CompiledSearch {
  /** The FTS5 query, to bind as a parameter: `MATCH ${match}`. */
  readonly match: string
  readonly terms: ReadonlyArray<SearchTerm>
  /** Some positive term has several tokens or is a prefix: FTS5 must merge position or prefix lists. */
  readonly costly: boolean
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`

const termQuery = (term: SearchTerm): string => {
  const star = term.prefix ? "*" : ""
  const variants = dVariants(term.text).map((v) => quote(v) + star)
  return variants.length === 1 ? variants[0]! : `(${variants.join(" OR ")})`
}

/** Compiles typed text to an FTS5 query; `null` when nothing searchable is left. */
export const compileSearch = (input: string, options: CompileOptions = {}): CompiledSearch | null => {
  const split = SearchTerms.splitTerms(parseSearch(input, options))
  if (split === null) return null
  const { positive, negative } = split
  const all = positive.concat(negative)
  const p = positive.map(termQuery).join(" AND ")
  const match = negative.length === 0 ? p : `(${p}) NOT (${negative.map(termQuery).join(" OR ")})`
  return { match, terms: all, costly: positive.some((t) => t.prefix || t.tokens > 1) }
}

/** The FTS5 query for typed text, or `null` when there is nothing to search for. */
export const toFtsQuery = (input: string, options: CompileOptions = {}): string | null => compileSearch(input, options)?.match ?? null
