import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * Full-text search: external-content FTS5 tables kept in step by triggers.
 *
 * - `unicode61 remove_diacritics 2` folds case and diacritics, so "chào" finds "chao" and back.
 * - `porter` stems English for prompts and outputs ("ranking" finds "ranks"); bot names are not stemmed.
 * - bots index model metadata that is not one column (provider, publisher, arch, quantization…), so their
 *   content is a view; the triggers write the same expression the view computes. Prompts index `rubric_text`,
 *   the rubric's criteria as plain text, which the store writes with the rubric.
 * - `runs_fts` reindexes a run only when its output changes (`AFTER UPDATE OF output ... WHEN`), since a
 *   streaming run is updated about once a second. `prefix='2 3'` keeps short prefix queries (`ab*`, `abc*`)
 *   from merging thousands of terms.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  // bots
  yield* sql`CREATE VIEW bots_search AS
    SELECT id, name, model, notes,
      concat_ws(' ', provider, publisher, arch, quantization, format, model_type) AS meta
    FROM bots`
  yield* sql`CREATE VIRTUAL TABLE bots_fts USING fts5(
    name, model, notes, meta,
    content='bots_search', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
  )`
  // ranking weights, kept by FTS5 itself so that ORDER BY rank (sorted inside FTS5) uses them
  yield* sql`INSERT INTO bots_fts (bots_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 2.0)')`
  yield* sql`CREATE TRIGGER bots_fts_ai AFTER INSERT ON bots BEGIN
    INSERT INTO bots_fts (rowid, name, model, notes, meta)
    VALUES (new.id, new.name, new.model, new.notes,
      concat_ws(' ', new.provider, new.publisher, new.arch, new.quantization, new.format, new.model_type));
  END`
  yield* sql`CREATE TRIGGER bots_fts_ad AFTER DELETE ON bots BEGIN
    INSERT INTO bots_fts (bots_fts, rowid, name, model, notes, meta)
    VALUES ('delete', old.id, old.name, old.model, old.notes,
      concat_ws(' ', old.provider, old.publisher, old.arch, old.quantization, old.format, old.model_type));
  END`
  yield* sql`CREATE TRIGGER bots_fts_au
    AFTER UPDATE OF name, model, notes, provider, publisher, arch, quantization, format, model_type ON bots BEGIN
    INSERT INTO bots_fts (bots_fts, rowid, name, model, notes, meta)
    VALUES ('delete', old.id, old.name, old.model, old.notes,
      concat_ws(' ', old.provider, old.publisher, old.arch, old.quantization, old.format, old.model_type));
    INSERT INTO bots_fts (rowid, name, model, notes, meta)
    VALUES (new.id, new.name, new.model, new.notes,
      concat_ws(' ', new.provider, new.publisher, new.arch, new.quantization, new.format, new.model_type));
  END`

  // prompts
  yield* sql`CREATE VIRTUAL TABLE prompts_fts USING fts5(
    title, text, rubric_text, category,
    content='prompts', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
  )`
  yield* sql`INSERT INTO prompts_fts (prompts_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 1.0, 2.0)')`
  yield* sql`CREATE TRIGGER prompts_fts_ai AFTER INSERT ON prompts BEGIN
    INSERT INTO prompts_fts (rowid, title, text, rubric_text, category)
    VALUES (new.id, new.title, new.text, new.rubric_text, new.category);
  END`
  yield* sql`CREATE TRIGGER prompts_fts_ad AFTER DELETE ON prompts BEGIN
    INSERT INTO prompts_fts (prompts_fts, rowid, title, text, rubric_text, category)
    VALUES ('delete', old.id, old.title, old.text, old.rubric_text, old.category);
  END`
  yield* sql`CREATE TRIGGER prompts_fts_au AFTER UPDATE OF title, text, rubric_text, category ON prompts BEGIN
    INSERT INTO prompts_fts (prompts_fts, rowid, title, text, rubric_text, category)
    VALUES ('delete', old.id, old.title, old.text, old.rubric_text, old.category);
    INSERT INTO prompts_fts (rowid, title, text, rubric_text, category)
    VALUES (new.id, new.title, new.text, new.rubric_text, new.category);
  END`

  // run outputs
  yield* sql`CREATE VIRTUAL TABLE runs_fts USING fts5(
    output,
    content='runs', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='2 3'
  )`
  yield* sql`CREATE TRIGGER runs_fts_ai AFTER INSERT ON runs BEGIN
    INSERT INTO runs_fts (rowid, output) VALUES (new.id, new.output);
  END`
  yield* sql`CREATE TRIGGER runs_fts_ad AFTER DELETE ON runs BEGIN
    INSERT INTO runs_fts (runs_fts, rowid, output) VALUES ('delete', old.id, old.output);
  END`
  yield* sql`CREATE TRIGGER runs_fts_au AFTER UPDATE OF output ON runs WHEN old.output IS NOT new.output BEGIN
    INSERT INTO runs_fts (runs_fts, rowid, output) VALUES ('delete', old.id, old.output);
    INSERT INTO runs_fts (rowid, output) VALUES (new.id, new.output);
  END`
})
