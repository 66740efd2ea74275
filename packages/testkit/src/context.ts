import type { ServerResponse } from "node:http"
import { DEFAULT_MODELS, toModelState, type ModelState } from "./models.js"
import type { Fault, FaultKind, RecordedRequest, SimOptions } from "./types.js"
import type { Wire } from "./wire.js"

export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>

export const findFault = <K extends FaultKind>(faults: readonly Fault[], kind: K): FaultOf<K> | undefined =>
  faults.find((f): f is FaultOf<K> => f.kind === kind)

/** State shared by all requests of one simulator. */
export class SimState {
  faults: Fault[]
  /** When the current faults were set (llama.cpp `/health` reports "Loading model" for a cold start's ms). */
  faultsSince = Date.now()
  readonly models: ModelState[]
  /** llama.cpp prompt-cache emulation: the pieces of the previous prompt. */
  lastPrompt: string[] = []
  readonly wakers = new Set<() => void>()
  private seq = 0

  constructor(readonly options: SimOptions) {
    this.faults = [...(options.faults ?? [])]
    this.models = (options.models ?? DEFAULT_MODELS[options.kind]).map((m) => toModelState(options.kind, m))
  }

  /** Prompt-cache emulation (llama.cpp, Ollama): the leading pieces this prompt shares with the previous one. */
  reusePrompt(pieces: string[], enabled: boolean): number {
    let i = 0
    const last = this.lastPrompt
    while (enabled && i < last.length && i < pieces.length && last[i] === pieces[i]) i++
    this.lastPrompt = pieces
    return i
  }

  next(): number {
    return ++this.seq
  }

  /** Wake every pending sleep (on stop/close), so streams notice their socket is gone. */
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake()
  }
}

export interface Timing {
  /** Request arrival to the first token. */
  ttftMs: number
  /** Cold start / model load part of that. */
  loadMs: number
  /** Prompt processing: ttft minus load. */
  promptMs: number
  /** First token to the last. */
  genMs: number
  totalMs: number
}

/** One request being served. */
export class Ctx {
  readonly t0 = performance.now()
  firstTokenAt: number | undefined = undefined
  endAt: number | undefined = undefined
  loadMs = 0
  /** Pieces emitted so far by `play`. */
  emitted = 0

  constructor(
    readonly sim: SimState,
    readonly req: RecordedRequest,
    readonly res: ServerResponse,
    readonly wire: Wire,
    readonly faults: readonly Fault[]
  ) {}

  fault<K extends FaultKind>(kind: K): FaultOf<K> | undefined {
    return findFault(this.faults, kind)
  }

  /** The JSON body as an object (`{}` when absent). */
  get body(): Record<string, unknown> {
    const b = this.req.body
    return typeof b === "object" && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {}
  }

  /** Sleep that ends early when the client goes away or the simulator stops. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.wire.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.sim.wakers.delete(done)
        this.res.off("close", done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.sim.wakers.add(done)
      this.res.on("close", done)
    })
  }

  /** Apply a `cold-start` fault (a model load); returns the ms spent. */
  async coldStart(): Promise<number> {
    const f = this.fault("cold-start")
    if (f === undefined) return 0
    const start = performance.now()
    await this.sleep(f.ms)
    const spent = performance.now() - start
    this.loadMs += spent
    return spent
  }

  timing(): Timing {
    const end = this.endAt ?? performance.now()
    const first = this.firstTokenAt ?? end
    const ttftMs = first - this.t0
    return {
      ttftMs,
      loadMs: this.loadMs,
      promptMs: Math.max(0.001, ttftMs - this.loadMs),
      genMs: Math.max(0.001, end - first),
      totalMs: end - this.t0
    }
  }
}
