import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import type { OpenedWorkspace } from "@llp/workspace"
import { servicesLayer, type Services } from "../context.js"
import { clock } from "./print.js"

/**
 * Runs `effect` with the workspace's services once its Postgres store answers: a worker is usually started by
 * a service manager, often before the database is up. A server that refuses, drops or is starting up is
 * waited for with back-off (1 s … 30 s), one line per attempt; any other failure (a wrong password, a bad
 * URL) fails at once. Ctrl+C quits at once meanwhile: nothing is held yet.
 */
export const withServicesWhenStoreAnswers = <A, E>(ws: OpenedWorkspace, effect: Effect.Effect<A, E, Services>, say: (line: string) => void): Effect.Effect<A, unknown> =>
  Effect.gen(function* () {
    const pg = yield* Effect.promise(() => import("@llp/store-pg"))
    const since = Date.now()
    let delay = 1000
    let waited = false
    while (true) {
      const scope = yield* Scope.make()
      const built = yield* Effect.either(Layer.buildWithScope(servicesLayer(ws) as Layer.Layer<Services, unknown>, scope))
      if (built._tag === "Right") {
        if (waited) say("the Postgres store answers: starting")
        return yield* Effect.provide(effect, built.right).pipe(Effect.ensuring(Scope.close(scope, Exit.void)))
      }
      yield* Scope.close(scope, Exit.void)
      if (!pg.isUnreachable(built.left)) return yield* Effect.fail(built.left)
      say(`the Postgres store is not answering yet (${built.left instanceof Error ? built.left.message : String(built.left)}); trying again in ${clock(delay)} (waiting for ${clock(Date.now() - since)}; Ctrl+C quits)`)
      waited = true
      yield* Effect.sleep(delay)
      delay = Math.min(delay * 2, 30_000)
    }
  })
