import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { ProviderError } from "./errors.js"
import type { Service as ProviderService } from "./services/Provider.js"

/** A server that went away: worth waiting for. Other errors are the request's own. */
export const serverGone = (e: ProviderError) => e.reason === "Unreachable" || e.reason === "Interrupted" || (e.reason === "HttpStatus" && (e.status === 502 || e.status === 503))

/**
 * Waits for a server to answer again (its model listing), with back-off from 1 s to 30 s, until
 * `retryForMs` after `since`; false when that time has passed.
 */
export const waitForServer = (provider: ProviderService, retryForMs: number, since: number, onWait: (retryInMs: number, waitedMs: number) => void) =>
  Effect.gen(function* () {
    let delay = 1000
    while (true) {
      const waited = (yield* Clock.currentTimeMillis) - since
      if (waited >= retryForMs) return false
      const next = Math.min(delay, retryForMs - waited)
      onWait(next, waited)
      yield* Effect.sleep(Duration.millis(next))
      delay = Math.min(delay * 2, 30_000)
      const alive = yield* Effect.either(provider.listModels())
      if (alive._tag === "Right") return true
    }
  })
