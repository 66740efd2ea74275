import type { Gpu } from "../domain/Machine.js"

/** A figure from a tool's text: "[N/A]", "N/A", "" and anything not a finite number are null, never 0. */
export const figure = (text: string | undefined): number | null => {
  if (text === undefined) return null
  const t = text.trim().replace(/\s*(MiB|MB|W)$/i, "")
  if (t === "" || /n\/a|not supported/i.test(t)) return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

const csvRows = (text: string): Array<Array<string>> =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => l.split(",").map((c) => c.trim()))

/** `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits`, one GPU a line. */
export const parseNvidiaGpus = (text: string): Array<Gpu> =>
  csvRows(text)
    .filter((cells) => cells.length >= 3 && cells[0] !== "name")
    .map(([name, memory, driver]) => ({ vendor: "nvidia", name: name!, vramMb: figure(memory), driver: driver === "" || driver === undefined ? null : driver }))

/** One sample of `nvidia-smi --query-gpu=memory.used,power.draw --format=csv,noheader,nounits`: per GPU. */
export interface GpuSample {
  readonly memoryUsedMb: number | null
  readonly powerW: number | null
}

export const parseNvidiaSample = (text: string): Array<GpuSample> =>
  csvRows(text)
    .filter((cells) => cells.length >= 2)
    .map(([memory, power]) => ({ memoryUsedMb: figure(memory), powerW: figure(power) }))

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const parseJsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(text) as unknown
    return isObject(v) ? v : undefined
  } catch {
    return undefined
  }
}

/** The value of the first key that matches, as text. */
const pick = (o: Record<string, unknown>, pattern: RegExp): string | undefined => {
  for (const key in o) if (pattern.test(key) && (typeof o[key] === "string" || typeof o[key] === "number")) return String(o[key])
  return undefined
}

const bytesToMb = (text: string | undefined): number | null => {
  const n = figure(text)
  return n === null ? null : Math.round(n / (1024 * 1024))
}

/**
 * `rocm-smi --showproductname --showmeminfo vram --showdriverversion --json`: `{"card0": {...}, "system": {...}}`.
 * Key names moved across ROCm versions ("Card series", "Card SKU", "Device Name"), so they are matched loosely.
 */
export const parseRocmGpus = (text: string): Array<Gpu> | undefined => {
  const root = parseJsonObject(text)
  if (root === undefined) return undefined
  const system = isObject(root["system"]) ? root["system"] : {}
  const systemDriver = pick(system, /driver version/i) ?? null
  const gpus: Array<Gpu> = []
  for (const key of Object.keys(root).sort()) {
    const card = root[key]
    if (!/^card\d+$/i.test(key) || !isObject(card)) continue
    const name = pick(card, /^card series$/i) ?? pick(card, /device name/i) ?? pick(card, /^card model$/i) ?? pick(card, /card sku/i) ?? key
    gpus.push({ vendor: "amd", name, vramMb: bytesToMb(pick(card, /vram total memory/i)), driver: pick(card, /driver version/i) ?? systemDriver })
  }
  return gpus
}

/** Used VRAM per card from `rocm-smi --showmeminfo vram --json`. */
export const parseRocmUsedMb = (text: string): Array<number | null> | undefined => {
  const root = parseJsonObject(text)
  if (root === undefined) return undefined
  return Object.keys(root)
    .filter((k) => /^card\d+$/i.test(k) && isObject(root[k]))
    .sort()
    .map((k) => bytesToMb(pick(root[k] as Record<string, unknown>, /vram total used memory/i)))
}

/** "8 GB", "1536 MB" → MB. */
const sizeMb = (text: string | undefined): number | null => {
  const m = text === undefined ? null : /^([\d.]+)\s*(GB|MB)$/i.exec(text.trim())
  if (!m) return null
  const n = Number(m[1])
  return m[2]!.toUpperCase() === "GB" ? Math.round(n * 1024) : Math.round(n)
}

/** macOS `system_profiler SPDisplaysDataType -json`. Apple silicon shares memory: its VRAM is null (unknown apart from RAM). */
export const parseSystemProfilerGpus = (text: string): Array<Gpu> | undefined => {
  const root = parseJsonObject(text)
  const items = root?.["SPDisplaysDataType"]
  if (!Array.isArray(items)) return undefined
  return items.filter(isObject).map((item) => {
    const vendorText = `${pick(item, /vendor/i) ?? ""} ${pick(item, /sppci_model/i) ?? ""}`
    const vendor: Gpu["vendor"] = /apple/i.test(vendorText) ? "apple" : /nvidia/i.test(vendorText) ? "nvidia" : /amd|ati|radeon/i.test(vendorText) ? "amd" : "other"
    return {
      vendor,
      name: pick(item, /sppci_model/i) ?? pick(item, /^_name$/) ?? "GPU",
      vramMb: sizeMb(pick(item, /spdisplays_vram/i)),
      driver: pick(item, /spdisplays_metal|metal_family|spdisplays_mtlgpufamilysupport/i) ?? null
    }
  })
}
