import { describe, expect, it } from "vitest"
import {
  COLD_LOAD_MS,
  energyAboveIdle,
  formatMeanSd,
  machineFingerprint,
  manifestOf,
  meanSd,
  parseNvidiaGpus,
  parseNvidiaSample,
  parseRocmGpus,
  parseSystemProfilerGpus,
  phasesOf,
  promptTokensPerSecond,
  type MachineProfile
} from "../src/index.js"

const profile: MachineProfile = {
  os: { platform: "linux", release: "6.8.0", version: "#1", arch: "x64" },
  cpu: { model: "12th Gen Intel Core i7-12700F", cores: 20 },
  ramMb: 31_900,
  gpus: [{ vendor: "nvidia", name: "NVIDIA GeForce RTX 3080", vramMb: 10240, driver: "550.54" }],
  probes: []
}

describe("machine fingerprint", () => {
  it("is stable across RAM jitter, probe notes and GPU order; changes with a driver or another GPU", () => {
    const two = { ...profile, gpus: [...profile.gpus, { vendor: "amd" as const, name: "RX 7600", vramMb: 8192, driver: null }] }
    expect(machineFingerprint({ ...profile, ramMb: 31_950, probes: ["rocm-smi: not found"] })).toBe(machineFingerprint(profile))
    expect(machineFingerprint({ ...two, gpus: [...two.gpus].reverse() })).toBe(machineFingerprint(two))
    expect(machineFingerprint(two)).not.toBe(machineFingerprint(profile))
    expect(machineFingerprint({ ...profile, gpus: [{ ...profile.gpus[0]!, driver: "560.1" }] })).not.toBe(machineFingerprint(profile))
  })
})

describe("GPU tool output", () => {
  it("nvidia-smi CSV: a header line is skipped, [N/A] is null", () => {
    expect(parseNvidiaGpus("name, memory.total [MiB], driver_version\nNVIDIA A100, 40960, 535.1\nTesla T4, [N/A], 535.1\n")).toEqual([
      { vendor: "nvidia", name: "NVIDIA A100", vramMb: 40960, driver: "535.1" },
      { vendor: "nvidia", name: "Tesla T4", vramMb: null, driver: "535.1" }
    ])
    expect(parseNvidiaSample("2048, 61.25\n512, [N/A]\n")).toEqual([
      { memoryUsedMb: 2048, powerW: 61.25 },
      { memoryUsedMb: 512, powerW: null }
    ])
  })

  it("rocm-smi JSON with older key names, and garbage", () => {
    expect(parseRocmGpus('{"card1": {"Device Name": "Navi 31", "VRAM Total Memory (B)": "1073741824", "Driver version": "6.2"}}')).toEqual([
      { vendor: "amd", name: "Navi 31", vramMb: 1024, driver: "6.2" }
    ])
    expect(parseRocmGpus("WARNING: no AMD GPU")).toBeUndefined()
  })

  it("system_profiler: Apple silicon has no VRAM of its own; a discrete card's is read", () => {
    const text = JSON.stringify({
      SPDisplaysDataType: [
        { _name: "Apple M2 Max", sppci_model: "Apple M2 Max", spdisplays_vendor: "sppci_vendor_Apple", sppci_cores: "38" },
        { sppci_model: "AMD Radeon Pro 5500M", spdisplays_vendor: "sppci_vendor_amd", spdisplays_vram: "8 GB" }
      ]
    })
    expect(parseSystemProfilerGpus(text)).toEqual([
      { vendor: "apple", name: "Apple M2 Max", vramMb: null, driver: null },
      { vendor: "amd", name: "AMD Radeon Pro 5500M", vramMb: 8192, driver: null }
    ])
  })
})

describe("phases", () => {
  it("a cold run: warm TTFT leaves the load out; a warm run's TTFT is its own; no load figure: cold unknown", () => {
    expect(phasesOf({ loadMs: 2000, promptMs: 80, promptEvalTokens: 26, cachedPromptTokens: 4, generationMs: 900 }, 2150)).toEqual({
      loadMs: 2000,
      promptMs: 80,
      promptEvalTokens: 26,
      cachedPromptTokens: 4,
      serverGenerationMs: 900,
      cold: true,
      warmTtftMs: 150
    })
    expect(phasesOf({ loadMs: COLD_LOAD_MS - 1 }, 140)).toMatchObject({ cold: false, warmTtftMs: 140 })
    expect(phasesOf({ loadMs: 5, cold: true }, 900)).toMatchObject({ cold: true, warmTtftMs: 895 })
    expect(phasesOf({ tokensPerSecond: 50 }, 140)).toMatchObject({ cold: null, loadMs: null, promptMs: null, warmTtftMs: 140 })
    expect(phasesOf(undefined, null)).toMatchObject({ warmTtftMs: null })
  })

  it("prompt speed is the server's tokens over its time, null when it does not say", () => {
    expect(promptTokensPerSecond({ promptMs: 250, promptEvalTokens: 512 })).toBe(2048)
    expect(promptTokensPerSecond({ promptMs: null, promptEvalTokens: 512 })).toBeNull()
  })
})

describe("mean ± sd", () => {
  it("matches the textbook figures and formats like llama-bench", () => {
    const m = meanSd([2, 4, 4, 4, 5, 5, 7, 9])!
    expect(m.mean).toBe(5)
    expect(m.sd).toBeCloseTo(Math.sqrt(32 / 7), 12)
    expect(formatMeanSd(meanSd([120.1, 121.1]))).toBe("120.6 ± 0.7")
    expect(formatMeanSd(meanSd([7]))).toBe("7.0")
    expect(meanSd([])).toBeNull()
  })

  it("recovers a known spread from simulated repeats (seeded)", () => {
    // 2000 draws of 100 ± 5 (Box–Muller over a fixed LCG): the sample sd is within 5 % of the truth
    let state = 12345
    const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296
    const draws = Array.from({ length: 2000 }, () => 100 + 5 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()))
    const m = meanSd(draws)!
    expect(Math.abs(m.mean - 100)).toBeLessThan(0.5)
    expect(Math.abs(m.sd! - 5) / 5).toBeLessThan(0.05)
  })
})

describe("energy above idle", () => {
  it("integrates watts minus idle over time, never below idle; one sample says nothing", () => {
    expect(energyAboveIdle([{ atMs: 0, watts: 130 }, { atMs: 1000, watts: 130 }, { atMs: 3000, watts: 230 }], 30)).toBe(100 + 300)
    expect(energyAboveIdle([{ atMs: 0, watts: 20 }, { atMs: 1000, watts: 25 }], 30)).toBe(0)
    expect(energyAboveIdle([{ atMs: 0, watts: 200 }], 30)).toBeNull()
  })
})

describe("reproducibility manifest", () => {
  it("seed and context from the wire, else the bot's, else the model's; the server's version or LM Studio's runtime", () => {
    expect(manifestOf({ wire: { options: { seed: 7, num_ctx: 8192 } }, botContextLength: 4096, modelInfo: null, server: { name: "ollama", version: "0.12.6" }, runtime: null })).toEqual({
      seed: 7,
      contextLength: 8192,
      serverVersion: "ollama 0.12.6"
    })
    expect(manifestOf({ wire: { seed: 1 }, botContextLength: undefined, modelInfo: { context_length: 4096 }, server: null, runtime: { name: "llama.cpp-linux", version: "1.3.0" } })).toEqual({
      seed: 1,
      contextLength: 4096,
      serverVersion: "llama.cpp-linux 1.3.0"
    })
    expect(manifestOf({ wire: undefined, botContextLength: undefined, modelInfo: undefined, server: null, runtime: undefined })).toEqual({ seed: null, contextLength: null, serverVersion: null })
  })
})
