import { Store } from "@llp/core"
import { Cause, Effect, Exit, type Layer } from "effect"
import { it } from "vitest"

/** A store under test: `open` gives a fresh, empty store as a Layer, and `close` throws it away. */
export interface StoreTarget {
  readonly name: string
  readonly open: () => Promise<{ readonly layer: Layer.Layer<Store.Store, unknown>; readonly close: () => Promise<void> }>
}

/** Runs `body` on a fresh store of the target; a failure or defect is rethrown as itself, so vitest shows its diff. */
export const onFreshStore = async <A>(target: StoreTarget, body: (store: Store.Service) => Effect.Effect<A, unknown>): Promise<A> => {
  const opened = await target.open()
  try {
    const exit = await Effect.runPromiseExit(Effect.flatMap(Store.Store, body).pipe(Effect.provide(opened.layer)))
    if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
    return exit.value
  } finally {
    await opened.close()
  }
}

/** A test of the contract: a fresh empty store each time, closed afterwards. */
export const storeIt = (target: StoreTarget) => (name: string, body: (store: Store.Service) => Effect.Effect<unknown, unknown>, timeout?: number) =>
  it(name, () => onFreshStore(target, body).then(() => undefined), timeout)
