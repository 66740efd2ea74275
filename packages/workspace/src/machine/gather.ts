import * as os from "node:os"
import { parseNvidiaGpus, parseNvidiaSample, parseRocmGpus, parseSystemProfilerGpus, type Gpu, type MachineProfile } from "@llp/core"
import { runTool } from "./exec.js"

const NVIDIA_QUERY = ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"]
export const NVIDIA_SAMPLE = ["--query-gpu=memory.used,power.draw", "--format=csv,noheader,nounits"]
export const ROCM_QUERY = ["--showproductname", "--showmeminfo", "vram", "--showdriverversion", "--json"]
export const ROCM_SAMPLE = ["--showmeminfo", "vram", "--json"]

export interface Gathered {
  readonly profile: MachineProfile
  /** The GPUs' draw at start-up, W (NVIDIA only): the idle power that energy figures subtract. */
  readonly idleWatts: number | null
}

const osVersion = (): string => {
  try {
    return os.version()
  } catch {
    return ""
  }
}

/**
 * The machine as Node and the GPU tools describe it. The tools run side by side, each killed after
 * PROBE_TIMEOUT_MS; one that is missing or fails adds a note to `probes` and nothing else.
 */
export const gatherProfile = async (): Promise<Gathered> => {
  const cpus = os.cpus()
  const probes: Array<string> = []
  const darwin = process.platform === "darwin"
  const [nvidia, nvidiaIdle, rocm, mac] = await Promise.all([
    runTool("nvidia-smi", NVIDIA_QUERY),
    runTool("nvidia-smi", NVIDIA_SAMPLE),
    runTool("rocm-smi", ROCM_QUERY),
    darwin ? runTool("system_profiler", ["SPDisplaysDataType", "-json"]) : Promise.resolve(undefined)
  ])
  const gpus: Array<Gpu> = []
  if (nvidia.ok) gpus.push(...parseNvidiaGpus(nvidia.stdout))
  else probes.push(nvidia.reason)
  if (rocm.ok) {
    const found = parseRocmGpus(rocm.stdout)
    if (found === undefined) probes.push("rocm-smi: its --json output could not be read")
    else gpus.push(...found)
  } else probes.push(rocm.reason)
  if (mac !== undefined) {
    const found = mac.ok ? parseSystemProfilerGpus(mac.stdout) : undefined
    if (found === undefined) probes.push(mac.ok ? "system_profiler: its -json output could not be read" : mac.reason)
    // an NVIDIA or AMD card already listed by its own tool is not listed twice
    else gpus.push(...found.filter((g) => !gpus.some((known) => known.name === g.name)))
  }
  let idleWatts: number | null = null
  if (nvidiaIdle.ok) {
    const watts = parseNvidiaSample(nvidiaIdle.stdout).map((s) => s.powerW)
    idleWatts = watts.length > 0 && watts.every((w) => w !== null) ? watts.reduce((a, b) => a! + b!, 0) : null
  }
  return {
    profile: {
      os: { platform: process.platform, release: os.release(), version: osVersion(), arch: process.arch },
      cpu: { model: cpus[0]?.model.trim() || "unknown CPU", cores: os.availableParallelism?.() ?? cpus.length },
      ramMb: Math.round(os.totalmem() / (1024 * 1024)),
      gpus,
      probes
    },
    idleWatts
  }
}
