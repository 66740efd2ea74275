import * as Migrator from "@effect/sql/Migrator"
import migration0001 from "./0001_schema.js"
import migration0002 from "./0002_search.js"
import migration0003 from "./0003_leaderboard.js"
import migration0004 from "./0004_bot_file_key.js"
import migration0005 from "./0005_stats.js"
import migration0006 from "./0006_speed_machine.js"
import migration0007 from "./0007_arena.js"
import migration0008 from "./0008_judge.js"
import migration0009 from "./0009_bot_groups.js"
import migration0010 from "./0010_counted.js"

/**
 * Every migration, imported statically so that a bundled build (tsup) carries them:
 * no glob or file system loader at runtime. Keys are `<id>_<name>`.
 */
export const migrations = {
  "0001_schema": migration0001,
  "0002_search": migration0002,
  "0003_leaderboard": migration0003,
  "0004_bot_file_key": migration0004,
  "0005_stats": migration0005,
  "0006_speed_machine": migration0006,
  "0007_arena": migration0007,
  "0008_judge": migration0008,
  "0009_bot_groups": migration0009,
  "0010_counted": migration0010
} as const

export const loader = Migrator.fromRecord(migrations)
