import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { arenaCache } from "./arenaCache.js"

/**
 * What counts, and a cache (the data-correctness wave): scores on partial answers, and the Arena's ratings.
 *
 * A score on a partial answer (its run cancelled, failed or still streaming) counts on the leaderboard only
 * when pinned: `scores.partial` copies whether its run is complete (kept by a trigger on the run's status), so
 * that counting still reads the narrow scores table only. The leaderboard's points triggers (0003) and the
 * statistics' change counter (0005) are made again with it; the figures of existing rows are recounted.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE scores ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1))`
  yield* sql`UPDATE scores SET partial = 1 WHERE run_id IN (SELECT id FROM runs WHERE status <> 'complete')`
  yield* sql`CREATE TRIGGER scores_partial_au AFTER UPDATE OF status ON runs WHEN (old.status = 'complete') IS NOT (new.status = 'complete') BEGIN
    UPDATE scores SET partial = (new.status <> 'complete') WHERE run_id = new.id;
  END`
  // both covering again with the flag: the counted score and the statistics' samples read no score row
  yield* sql`DROP INDEX scores_counted`
  yield* sql`CREATE INDEX scores_counted ON scores (bot_id, prompt_id, pinned DESC, run_id DESC, points, partial)`
  yield* sql`DROP INDEX scores_stats`
  yield* sql`CREATE INDEX scores_stats ON scores (bot_id, params_key, prompt_id, run_id, points, pinned, partial)`

  // the counted score of a bot × prompt: the pinned run's, else the latest complete run's
  const recount = (bot: string, category: string) => `
    DELETE FROM leaderboard_points WHERE bot_id = ${bot} AND category = ${category};
    INSERT INTO leaderboard_points (bot_id, category, points, scored)
      SELECT ${bot}, ${category}, sum(points), count(points) FROM (
        SELECT (SELECT s.points FROM scores s WHERE s.bot_id = ${bot} AND s.prompt_id = p.id AND (s.pinned = 1 OR s.partial = 0)
                ORDER BY s.pinned DESC, s.run_id DESC LIMIT 1) AS points
        FROM prompts p WHERE p.category = ${category}
      ) HAVING count(points) > 0;`
  for (const name of ["scores_points_ai", "scores_points_ad", "scores_points_au", "stats_scores_au"]) yield* sql.unsafe(`DROP TRIGGER ${name}`)
  yield* sql.unsafe(`CREATE TRIGGER scores_points_ai AFTER INSERT ON scores BEGIN ${recount("new.bot_id", "new.category")} END`)
  yield* sql.unsafe(`CREATE TRIGGER scores_points_ad AFTER DELETE ON scores BEGIN ${recount("old.bot_id", "old.category")} END`)
  yield* sql.unsafe(`CREATE TRIGGER scores_points_au AFTER UPDATE OF points, pinned, partial, bot_id, prompt_id, category, run_id ON scores BEGIN
    ${recount("old.bot_id", "old.category")} ${recount("new.bot_id", "new.category")} END`)
  const bump = (bot: string) => `INSERT INTO stats_epochs (bot_id, epoch) VALUES (${bot}, 1) ON CONFLICT (bot_id) DO UPDATE SET epoch = epoch + 1;`
  yield* sql.unsafe(`CREATE TRIGGER stats_scores_au AFTER UPDATE OF points, pinned, partial, bot_id, prompt_id, params_key ON scores BEGIN ${bump("old.bot_id")} ${bump("new.bot_id")} END`)

  // recount what existing partial scores had counted
  yield* sql`DELETE FROM leaderboard_points`
  yield* sql`INSERT INTO leaderboard_points (bot_id, category, points, scored)
    SELECT bot_id, category, sum(points), count(*) FROM (
      SELECT bot_id, category, points,
        row_number() OVER (PARTITION BY bot_id, prompt_id ORDER BY pinned DESC, run_id DESC) AS rn
      FROM scores WHERE pinned = 1 OR partial = 0
    ) WHERE rn = 1 GROUP BY bot_id, category`
  yield* sql`UPDATE stats_epochs SET epoch = epoch + 1`
  yield* sql`DELETE FROM stats_cache`
  yield* arenaCache
})
