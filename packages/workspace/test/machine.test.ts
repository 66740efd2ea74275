import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { machineFingerprint } from "@llp/core"
import { Effect } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { gatherProfile, PROBE_TIMEOUT_MS, startWatch } from "../src/index.js"

let dir: string
let savedPath: string | undefined

const tool = (name: string, script: string) => {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\n${script}\n`)
  chmodSync(file, 0o755)
}

// what the real tools print, in the formats LLP asks for
const NVIDIA = `case "$*" in
  *memory.used*) echo "3012, 131.50"; echo "1024, [N/A]";;
  *) echo "NVIDIA GeForce RTX 3080, 10240, 550.54.14"; echo "NVIDIA GeForce GTX 1650, 4096, 550.54.14";;
esac`
const ROCM = `case "$*" in
  *showproductname*) echo '{"card0": {"Card series": "Radeon RX 7900 XTX", "Card model": "0x744c", "VRAM Total Memory (B)": "25753026560"}, "system": {"Driver version": "6.8.5"}}';;
  *) echo '{"card0": {"VRAM Total Memory (B)": "25753026560", "VRAM Total Used Memory (B)": "2147483648"}}';;
esac`

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llp-machine-"))
  savedPath = process.env["PATH"]
  // only the fake tools (and sh for their scripts): the real machine's tools must not answer
  process.env["PATH"] = `${dir}:/bin:/usr/bin`
})
afterEach(() => {
  process.env["PATH"] = savedPath
  rmSync(dir, { recursive: true, force: true })
})

describe("machine profile", () => {
  it("lists the GPUs that nvidia-smi and rocm-smi report, with VRAM and driver; idle power from nvidia-smi", async () => {
    tool("nvidia-smi", NVIDIA)
    tool("rocm-smi", ROCM)
    const { profile, idleWatts } = await gatherProfile()
    expect(profile.gpus).toEqual([
      { vendor: "nvidia", name: "NVIDIA GeForce RTX 3080", vramMb: 10240, driver: "550.54.14" },
      { vendor: "nvidia", name: "NVIDIA GeForce GTX 1650", vramMb: 4096, driver: "550.54.14" },
      { vendor: "amd", name: "Radeon RX 7900 XTX", vramMb: 24560, driver: "6.8.5" }
    ])
    // one GPU does not report its draw: no idle figure rather than a wrong one
    expect(idleWatts).toBeNull()
    expect(profile.probes).toEqual([])
  })

  it("with no GPU tool at all: complete for OS, CPU and RAM, and says which probes found nothing", async () => {
    const { profile } = await gatherProfile()
    expect(profile.os.platform).toBe(process.platform)
    expect(profile.os.release).not.toBe("")
    expect(profile.os.arch).toBe(process.arch)
    expect(profile.cpu.model).not.toBe("")
    expect(profile.cpu.cores).toBeGreaterThan(0)
    expect(profile.ramMb).toBeGreaterThan(0)
    expect(profile.gpus).toEqual([])
    expect(profile.probes).toEqual(expect.arrayContaining(["nvidia-smi: not found", "rocm-smi: not found"]))
    expect(machineFingerprint(profile)).toMatch(/^[0-9a-f]{14}$/)
  })

  it("a tool that hangs is killed at the probe timeout and noted; a tool that fails is noted; neither is fatal", async () => {
    tool("nvidia-smi", "exec sleep 30")
    tool("rocm-smi", "echo broken >&2; exit 3")
    const { profile } = await gatherProfile()
    expect(profile.gpus).toEqual([])
    expect(profile.probes).toEqual(expect.arrayContaining([`nvidia-smi: no answer within ${PROBE_TIMEOUT_MS} ms`, "rocm-smi: exit code 3"]))
    expect(PROBE_TIMEOUT_MS).toBeLessThan(2000)
  })
})

describe("GPU watch", () => {
  it("NVIDIA: peak VRAM over the readings, energy = power above idle over time", async () => {
    tool("nvidia-smi", `case "$*" in *memory.used*) echo "3000, 130";; esac`)
    let t = 0
    const watch = startWatch({ os: { platform: "linux", release: "", version: "", arch: "x64" }, cpu: { model: "x", cores: 1 }, ramMb: 1, gpus: [{ vendor: "nvidia", name: "g", vramMb: 8192, driver: "1" }], probes: [] }, 30, () => (t += 1000))
    // stopped at once: the reading in flight and a last one, one second apart on this clock
    const reading = await Effect.runPromise(watch.stop())
    expect(reading).toEqual({ peakVramMb: 3000, energyJ: 100 })
  })

  it("AMD: peak VRAM from rocm-smi, energy null (not measured), never 0", async () => {
    tool("rocm-smi", ROCM)
    const watch = startWatch({ os: { platform: "linux", release: "", version: "", arch: "x64" }, cpu: { model: "x", cores: 1 }, ramMb: 1, gpus: [{ vendor: "amd", name: "g", vramMb: 24560, driver: null }], probes: [] }, null)
    expect(await Effect.runPromise(watch.stop())).toEqual({ peakVramMb: 2048, energyJ: null })
  })

  it("no GPU: all null", async () => {
    const watch = startWatch({ os: { platform: "linux", release: "", version: "", arch: "x64" }, cpu: { model: "x", cores: 1 }, ramMb: 1, gpus: [], probes: [] }, null)
    expect(await Effect.runPromise(watch.stop())).toEqual({ peakVramMb: null, energyJ: null })
  })
})
