import { MachineInfo, Store, type GpuWatch, type Machine } from "@llp/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { gatherProfile, type Gathered } from "./gather.js"
import { startWatch } from "./watch.js"

/**
 * The machine service: the profile is gathered once per process (lazily, on first use), stored once per
 * fingerprint, and every run's GPU watch reuses it. Nothing here waits in front of a request: a watch
 * asked for before the profile is known starts sampling once it is.
 */
export const machineLayer: Layer.Layer<MachineInfo.MachineInfo, never, Store.Store> = Layer.effect(
  MachineInfo.MachineInfo,
  Effect.gen(function* () {
    const store = yield* Store.Store
    let gathering: Promise<Gathered> | null = null
    const gathered = (): Promise<Gathered> => (gathering ??= gatherProfile())
    // a failed save (a locked database) is tried again next time, not remembered
    let saved: Machine | null = null
    const current = () =>
      saved !== null
        ? Effect.succeed(saved)
        : Effect.promise(gathered).pipe(
            Effect.flatMap((g) => store.saveMachine(g.profile, { local: true })),
            Effect.tap((m) => Effect.sync(() => void (saved = m)))
          )
    const watch = () =>
      Effect.sync((): GpuWatch => {
        const started = gathered().then((g) => startWatch(g.profile, g.idleWatts))
        return { stop: () => Effect.flatMap(Effect.promise(() => started), (w) => w.stop()) }
      })
    return { profile: () => Effect.map(Effect.promise(gathered), (g) => g.profile), current, watch } satisfies MachineInfo.Service
  })
)
