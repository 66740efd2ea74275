import { EventEmitter } from "node:events"
import { StringDecoder } from "node:string_decoder"
import { keyDecoder, type InputEvent } from "../keys/extended.js"

/** A readable terminal input: process.stdin, or a fake one in tests. */
export interface TerminalInput extends NodeJS.EventEmitter {
  readonly isTTY?: boolean
  readonly isRaw?: boolean
  setRawMode?: (mode: boolean) => unknown
  resume?: () => unknown
  pause?: () => unknown
}

/**
 * Sits between the terminal and blessed: decodes extended keys and bracketed paste (see
 * keys/extended.ts), hands blessed the bytes it understands, and reports the rest (Ctrl+I, pastes)
 * through `onEvent`. It forwards raw mode and pause/resume to the real input.
 */
export class KeyInput extends EventEmitter {
  readonly isTTY = true
  private raw = false
  private readonly decoder = keyDecoder()
  private readonly text = new StringDecoder("utf8")
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly onData = (chunk: Buffer | string) => {
    const s = typeof chunk === "string" ? chunk : this.text.write(chunk)
    if (s !== "") this.deliver(this.decoder.feed(s))
    if (this.timer !== null) clearTimeout(this.timer)
    // A sequence cut between two reads waits a moment for its end, then goes through as it is.
    if (this.decoder.pending()) this.timer = setTimeout(() => this.deliver(this.decoder.flush()), 30)
  }

  constructor(
    private readonly source: TerminalInput,
    private readonly onEvent: (event: Exclude<InputEvent, { type: "data" }>) => void
  ) {
    super()
    source.on("data", this.onData)
  }

  private deliver(events: ReadonlyArray<InputEvent>) {
    for (const e of events) {
      if (e.type === "data") this.emit("data", Buffer.from(e.data, "utf8"))
      else this.onEvent(e)
    }
  }

  get isRaw(): boolean {
    return this.source.isRaw ?? this.raw
  }

  setRawMode(mode: boolean): this {
    this.raw = mode
    if (this.source.isTTY && typeof this.source.setRawMode === "function") this.source.setRawMode(mode)
    return this
  }

  resume(): this {
    this.source.resume?.()
    return this
  }

  pause(): this {
    this.source.pause?.()
    return this
  }

  /** Stops listening to the real input. */
  detach(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.source.removeListener("data", this.onData)
  }
}
