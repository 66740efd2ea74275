import type { Machine } from "../domain/Machine.js"
import type { Run } from "../domain/Run.js"
import { machineSummary } from "../machine/fingerprint.js"
import { promptTokensPerSecond } from "./phases.js"

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1))

/** "load 2.00 s (cold) • prompt 26 tok in 0.08 s, 325 tok/s, 4 cached • first token 0.15 s without the load (2.15 s) • generation 53 tok in 0.90 s" */
export const phasesLine = (r: Run): string => {
  const parts: Array<string> = []
  if (r.cold === true) parts.push(`load ${r.loadMs === null || r.loadMs === undefined ? "?" : s(r.loadMs)} (cold: this request loaded the model)`)
  else if (r.cold === false) parts.push("warm (the model was loaded)")
  if (r.promptMs !== null && r.promptMs !== undefined) {
    const pps = promptTokensPerSecond({ promptMs: r.promptMs, promptEvalTokens: r.promptEvalTokens ?? null })
    const tokens = r.promptEvalTokens === null || r.promptEvalTokens === undefined ? "" : `${n(r.promptEvalTokens)} tok in `
    const cached = r.cachedPromptTokens === null || r.cachedPromptTokens === undefined ? "" : `, ${n(r.cachedPromptTokens)} cached`
    parts.push(`prompt ${tokens}${s(r.promptMs)}${pps === null ? "" : `, ${pps.toFixed(1)} tok/s`}${cached}`)
  }
  if (r.ttftMs !== null) {
    parts.push(r.cold === true && r.warmTtftMs !== null && r.warmTtftMs !== undefined ? `first token ${s(r.warmTtftMs)} without the load (${s(r.ttftMs)} with it)` : `first token ${s(r.ttftMs)}`)
  }
  const genMs = r.serverGenerationMs ?? r.generationMs
  if (genMs !== null && genMs !== undefined) parts.push(`generation ${r.completionTokens === null ? "" : `${n(r.completionTokens)} tok in `}${s(genMs)}`)
  return parts.join(" • ")
}

/** "GPU peak 3012 MB • 12.5 J above idle (0.24 J/token)"; empty when the machine told nothing. */
export const gpuLine = (r: Run): string => {
  const parts: Array<string> = []
  if (r.peakVramMb !== null && r.peakVramMb !== undefined) parts.push(`GPU memory peak ${Math.round(r.peakVramMb)} MB`)
  if (r.energyJ !== null && r.energyJ !== undefined) {
    const perToken = r.completionTokens !== null && r.completionTokens > 0 ? ` (${(r.energyJ / r.completionTokens).toFixed(3)} J/token)` : ""
    parts.push(`${r.energyJ.toFixed(1)} J above idle${perToken}`)
  }
  return parts.join(" • ")
}

/** Energy per generated token, J; null when either figure is missing (never 0 for unknown). */
export const joulesPerToken = (r: Pick<Run, "energyJ" | "completionTokens">): number | null =>
  r.energyJ === null || r.energyJ === undefined || r.completionTokens === null || r.completionTokens <= 0 ? null : r.energyJ / r.completionTokens

/** What produced the run: machine, server version, seed, context length. */
export const manifestLine = (r: Run, machine: Machine | null): string =>
  [
    `machine ${machine === null ? (r.machineId === null || r.machineId === undefined ? "unknown" : String(r.machineId)) : `${machine.id} (${machineSummary(machine)})`}`,
    `server ${r.serverVersion ?? "version unknown"}`,
    `seed ${r.seed ?? "none sent"}`,
    `context ${r.contextLength ?? "server default"}`
  ].join(" • ")
