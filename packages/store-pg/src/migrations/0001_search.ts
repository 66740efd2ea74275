import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/** ASCII punctuation and its fullwidth look-alikes (U+FF01…U+FF5E), which Postgres's parser reads as blanks. */
export const ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
export const FULLWIDTH_PUNCTUATION = [...ASCII_PUNCTUATION].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("")

/**
 * Full-text search: a stored generated tsvector column per searched table, with a GIN index.
 *
 * - Words are what SQLite's unicode61 sees: runs of letters and digits. Postgres's parser would read
 *   `llama-3.1-8b` as a word, a float and an integer, `<answer>` as a tag (dropped), `a@b.com` as an email, so
 *   `llp_fold` turns ASCII punctuation into fullwidth look-alikes, which it reads as blanks. Snippets are made
 *   from the folded text and unfolded afterwards, so they show the text as written.
 * - `llp_simple` (bots, not stemmed) and `llp_english` (prompts, outputs: English stems, like FTS5's porter)
 *   fold case and diacritics (`unaccent`, which also folds đ to d) and keep stop words (FTS5 keeps them).
 * - Weights mirror the SQLite bm25 weights: bots name A, model B, metadata C, notes D; prompts title A,
 *   category B, text and rubric D. Outputs index their first 250,000 characters (a tsvector holds at most 1 MB).
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE EXTENSION IF NOT EXISTS unaccent`
  yield* sql.unsafe(`CREATE FUNCTION llp_fold(t text) RETURNS text IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql
    RETURN translate(t, ${literal(ASCII_PUNCTUATION)}, ${literal(FULLWIDTH_PUNCTUATION)})`)
  yield* sql.unsafe(`CREATE FUNCTION llp_unfold(t text) RETURNS text IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql
    RETURN translate(t, ${literal(FULLWIDTH_PUNCTUATION)}, ${literal(ASCII_PUNCTUATION)})`)

  const words = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart"
  yield* sql`CREATE TEXT SEARCH DICTIONARY llp_english_stem (TEMPLATE = snowball, Language = english)`
  yield* sql`CREATE TEXT SEARCH CONFIGURATION llp_english (COPY = english)`
  yield* sql.unsafe(`ALTER TEXT SEARCH CONFIGURATION llp_english ALTER MAPPING FOR ${words} WITH unaccent, llp_english_stem`)
  yield* sql`CREATE TEXT SEARCH CONFIGURATION llp_simple (COPY = simple)`
  yield* sql.unsafe(`ALTER TEXT SEARCH CONFIGURATION llp_simple ALTER MAPPING FOR ${words} WITH unaccent, simple`)

  const v = (config: string, column: string, weight: string) => `setweight(to_tsvector('${config}'::regconfig, llp_fold(coalesce(${column}, ''))), '${weight}')`
  const meta = "coalesce(provider, '') || ' ' || coalesce(publisher, '') || ' ' || coalesce(arch, '') || ' ' || coalesce(quantization, '') || ' ' || coalesce(format, '') || ' ' || coalesce(model_type, '')"
  yield* sql.unsafe(`ALTER TABLE bots ADD COLUMN search tsvector GENERATED ALWAYS AS (
    ${v("llp_simple", "name", "A")} || ${v("llp_simple", "model", "B")} || ${v("llp_simple", meta, "C")} || ${v("llp_simple", "notes", "D")}
  ) STORED`)
  yield* sql.unsafe(`ALTER TABLE prompts ADD COLUMN search tsvector GENERATED ALWAYS AS (
    ${v("llp_english", "title", "A")} || ${v("llp_english", "category", "B")} || ${v("llp_english", "text", "D")} || ${v("llp_english", "rubric_text", "D")}
  ) STORED`)
  yield* sql.unsafe(`ALTER TABLE runs ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('llp_english'::regconfig, llp_fold(left(output, 250000)))
  ) STORED`)
  // a snippet as FTS5's snippet() makes them: about `words` words around the best match, matches between
  // [ and ] (the text's own brackets are folded while ts_headline works, so these are only its marks), and
  // … where the text goes on before or after
  yield* sql`CREATE FUNCTION llp_snippet(cfg regconfig, doc text, q tsquery, words integer) RETURNS text STABLE PARALLEL SAFE LANGUAGE plpgsql AS $$
  DECLARE
    folded text := llp_fold(coalesce(doc, ''));
    h text := ts_headline(cfg, folded, q, format('StartSel=[, StopSel=], MaxWords=%s, MinWords=%s, ShortWord=0', words, greatest(1, words / 2)));
    plain text := replace(replace(h, '[', ''), ']', '');
    at integer := strpos(folded, plain);
  BEGIN
    IF at > 0 AND btrim(left(folded, at - 1)) <> '' THEN h := '…' || h; END IF;
    IF at > 0 AND btrim(substr(folded, at + length(plain))) <> '' THEN h := h || '…'; END IF;
    RETURN llp_unfold(h);
  END $$`
  yield* sql`CREATE INDEX bots_search ON bots USING gin (search)`
  yield* sql`CREATE INDEX prompts_search ON prompts USING gin (search)`
  yield* sql`CREATE INDEX runs_search ON runs USING gin (search)`
})

/** A SQL string literal of fixed text (ours, not input). */
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`
