import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * Workers, second wave (0004 is another change's): each worker's own staleness threshold, so that reclaim and
 * `--status` judge a silent worker by the heartbeat period it chose; and jobs keep their worker's id as plain
 * text, so that forgetting a stopped worker (`llp worker --forget-stopped`) keeps who ran each done job.
 * A worker registered before this has no threshold: the reclaiming worker's own is used for it.
 */
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE workers ADD COLUMN stale_after_ms integer CHECK (stale_after_ms > 0)`
  yield* sql`ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_worker_id_fkey`
})
