import type { MachineProfile } from "../domain/Machine.js"

/** 53-bit string hash (cyrb53): pure and stable across platforms, enough to tell machines apart. */
const hash53 = (text: string, seed = 0): number => {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * The machine's identity: OS (platform, release, arch), CPU model and cores, RAM to the GiB (the kernel's
 * figure moves by a few MB across boots) and each GPU's name, VRAM and driver. A driver or OS update makes
 * a new profile on purpose: speeds measured before it may not hold after it. Probe notes are left out.
 */
export const machineFingerprint = (p: MachineProfile): string => {
  const canonical = JSON.stringify([
    p.os.platform,
    p.os.release,
    p.os.arch,
    p.cpu.model.trim(),
    p.cpu.cores,
    Math.round(p.ramMb / 1024),
    [...p.gpus].map((g) => [g.vendor, g.name.trim(), g.vramMb, g.driver]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
  ])
  return hash53(canonical).toString(16).padStart(14, "0")
}

/** "Linux 6.8 x64 • AMD Ryzen 7 (16 cores) • 32 GB RAM • NVIDIA GeForce RTX 3080 10240 MB" */
export const machineSummary = (p: MachineProfile): string => {
  const gpus = p.gpus.length === 0 ? "no GPU found" : p.gpus.map((g) => `${g.name}${g.vramMb !== null ? ` ${g.vramMb} MB` : ""}`).join(", ")
  return `${p.os.platform} ${p.os.release} ${p.os.arch} • ${p.cpu.model} (${p.cpu.cores} cores) • ${Math.round(p.ramMb / 1024)} GB RAM • ${gpus}`
}
