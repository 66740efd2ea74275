/**
 * `@llp/store-pg`: LLP's `Store` on Postgres, with tsvector search, and the job queue workers share.
 *
 * @since 0.0.1
 */
export { clientLayer, describeUrl } from "./client.js"
export { isUnreachable } from "./errors.js"
export { migrations } from "./migrations/index.js"
export { runMigrations } from "./migrations/run.js"
export * as PgStore from "./PgStore.js"
export { toTsQuery } from "./search.js"
export * as PgJobs from "./jobs.js"
export { copyIntoPostgres, dependencyOrder, isCopiedTable, type CopyResult, type CopySource, type SourceTable, type TableProgress } from "./copy.js"
