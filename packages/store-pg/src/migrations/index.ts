import migration0001 from "./0001_schema.js"
import migration0002 from "./0002_extras.js"
import migration0003 from "./0003_jobs.js"
import migration0004 from "./0004_counted.js"
import migration0005 from "./0005_workers.js"

/**
 * Every Postgres migration, imported statically so that the bundle carries them. Keys are `<id>_<name>`.
 * 0001 the base tables, search and leaderboard; 0002 statistics, Arena, judge, machines, bench, groups;
 * 0003 the job queue for workers; 0004 scores on partial answers (counted only when pinned), the Arena's ratings
 * cache; 0005 each worker's stale-after.
 */
export const migrations = {
  "0001_schema": migration0001,
  "0002_extras": migration0002,
  "0003_jobs": migration0003,
  "0004_counted": migration0004,
  "0005_workers": migration0005
} as const
