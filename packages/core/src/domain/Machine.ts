/** One graphics card as the machine reports it; a figure it does not tell is null. */
export interface Gpu {
  readonly vendor: "nvidia" | "amd" | "apple" | "other"
  readonly name: string
  readonly vramMb: number | null
  readonly driver: string | null
}

/** What a machine is made of: gathered once per process (packages/machine), stored once per fingerprint. */
export interface MachineProfile {
  readonly os: { readonly platform: string; readonly release: string; readonly version: string; readonly arch: string }
  readonly cpu: { readonly model: string; readonly cores: number }
  readonly ramMb: number
  readonly gpus: ReadonlyArray<Gpu>
  /** Probes that found nothing or failed, and why (e.g. "nvidia-smi: not found"); never fatal. */
  readonly probes: ReadonlyArray<string>
}

/** A stored profile; runs and bench results point to it by id. */
export interface Machine extends MachineProfile {
  readonly id: number
  readonly fingerprint: string
  readonly firstSeen: string
}

/** A server's name and version, as the run's provider reports it (Ollama /api/version, llama.cpp /props, LM Studio's runtime). */
export interface ServerInfo {
  readonly name: string
  readonly version: string | null
}
