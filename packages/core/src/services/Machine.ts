import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { Machine, MachineProfile } from "../domain/Machine.js"
import type { StoreFailure } from "./Store.js"

/** What the GPUs showed while a run streamed; null where the machine does not tell, never 0. */
export interface GpuReading {
  /** Highest GPU memory in use (all processes, all GPUs together), MB. */
  readonly peakVramMb: number | null
  /** Energy above idle during the run, J (NVIDIA only: power.draw sampled minus the idle draw). */
  readonly energyJ: number | null
}

export interface GpuWatch {
  /** Ends the sampling and tells what it saw. */
  readonly stop: () => Effect.Effect<GpuReading>
}

/** The machine LLP runs on: the profile (gathered once per process), its stored row, and GPU sampling during runs. */
export interface Service {
  readonly profile: () => Effect.Effect<MachineProfile>
  /** The stored profile of this machine (inserted the first time it is seen). */
  readonly current: () => Effect.Effect<Machine, StoreFailure>
  /** Starts sampling GPU memory and power; a machine with no GPU tool gives a watch that reads all null. */
  readonly watch: () => Effect.Effect<GpuWatch>
}

export class MachineInfo extends Context.Tag("@llp/core/MachineInfo")<MachineInfo, Service>() {}
