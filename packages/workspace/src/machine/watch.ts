import { energyAboveIdle, parseNvidiaSample, parseRocmUsedMb, type GpuReading, type GpuWatch, type MachineProfile, type PowerSample } from "@llp/core"
import * as Effect from "effect/Effect"
import { NVIDIA_SAMPLE, ROCM_SAMPLE } from "./gather.js"
import { runTool } from "./exec.js"

/** How often the GPUs are read during a run. */
const SAMPLE_EVERY_MS = 500

const NOTHING: GpuReading = { peakVramMb: null, energyJ: null }

interface Sample {
  readonly vramMb: number | null
  readonly watts: number | null
}

const sum = (xs: ReadonlyArray<number | null>): number | null => (xs.length > 0 && xs.every((x) => x !== null) ? xs.reduce((a, b) => a! + b!, 0) : null)

const readNvidia = async (): Promise<Sample | null> => {
  const r = await runTool("nvidia-smi", NVIDIA_SAMPLE)
  if (!r.ok) return null
  const gpus = parseNvidiaSample(r.stdout)
  return { vramMb: sum(gpus.map((g) => g.memoryUsedMb)), watts: sum(gpus.map((g) => g.powerW)) }
}

const readRocm = async (): Promise<Sample | null> => {
  const r = await runTool("rocm-smi", ROCM_SAMPLE)
  const used = r.ok ? parseRocmUsedMb(r.stdout) : undefined
  return used === undefined ? null : { vramMb: sum(used), watts: null }
}

/**
 * Reads the GPUs now and then every SAMPLE_EVERY_MS until stopped (one reading at a time, never piling up).
 * Peak VRAM is the highest total in use, every process counted; energy is NVIDIA's power.draw above the idle
 * draw, integrated over the readings, and null when there was no idle figure or fewer than two readings.
 */
export const startWatch = (profile: MachineProfile, idleWatts: number | null, clock: () => number = () => performance.now()): GpuWatch => {
  const nvidia = profile.gpus.some((g) => g.vendor === "nvidia")
  const amd = profile.gpus.some((g) => g.vendor === "amd")
  if (!nvidia && !amd) return { stop: () => Effect.succeed(NOTHING) }
  const read = nvidia ? readNvidia : readRocm
  let stopped = false
  let peak: number | null = null
  const power: Array<PowerSample> = []
  let timer: NodeJS.Timeout | undefined
  let pending: Promise<void> = Promise.resolve()
  const tick = (): void => {
    pending = read().then((s) => {
      if (s !== null) {
        if (s.vramMb !== null) peak = peak === null ? s.vramMb : Math.max(peak, s.vramMb)
        if (s.watts !== null) power.push({ atMs: clock(), watts: s.watts })
      }
      if (!stopped) timer = setTimeout(tick, SAMPLE_EVERY_MS)
    })
  }
  tick()
  return {
    stop: () =>
      Effect.promise(async () => {
        stopped = true
        if (timer !== undefined) clearTimeout(timer)
        // one last reading, so that a short answer still has two power samples
        await pending
        const last = await read()
        if (last !== null) {
          if (last.vramMb !== null) peak = peak === null ? last.vramMb : Math.max(peak, last.vramMb)
          if (last.watts !== null) power.push({ atMs: clock(), watts: last.watts })
        }
        return { peakVramMb: peak, energyJ: idleWatts === null ? null : energyAboveIdle(power, idleWatts) }
      })
  }
}
