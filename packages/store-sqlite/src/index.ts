/**
 * `@llp/store-sqlite`: LLP's `Store` on SQLite with FTS5 search.
 *
 * @since 0.0.1
 */
export * as SqliteStore from "./SqliteStore.js"
export * as FtsQuery from "./ftsQuery.js"
export { compileSearch, toFtsQuery } from "./ftsQuery.js"
export { migrations } from "./migrations/index.js"
