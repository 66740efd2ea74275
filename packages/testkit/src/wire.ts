import type { ServerResponse } from "node:http"

export interface WireOptions {
  /** CRLF line ends. */
  crlf: boolean
  /** Write bytes in small pieces that split lines and UTF-8 sequences. */
  split: boolean
  /** `: keep-alive` comments between SSE events. */
  keepalive: boolean
}

/** Byte sizes of the pieces in split mode: small and uneven, so lines, JSON and UTF-8 sequences get cut. */
const SPLIT_SIZES = [1, 3, 2, 7, 5, 11, 4, 13, 29, 17, 64, 41]

/** Writes a response body with the transport faults applied (CRLF, split pieces, keep-alive comments, backpressure). */
export class Wire {
  readonly eol: string
  private events = 0
  private splitIndex = 0

  constructor(
    readonly res: ServerResponse,
    private readonly opts: WireOptions
  ) {
    this.eol = opts.crlf ? "\r\n" : "\n"
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded
  }

  head(status: number, contentType: string, headers: Record<string, string | number> = {}): void {
    if (this.res.headersSent || this.closed) return
    this.res.writeHead(status, { "Content-Type": contentType, ...headers })
    this.res.flushHeaders()
  }

  /** Headers for a streamed body. */
  streamHead(contentType: "text/event-stream" | "application/x-ndjson"): void {
    this.head(200, contentType, contentType === "text/event-stream" ? { "Cache-Control": "no-cache", Connection: "keep-alive" } : {})
  }

  async write(text: string): Promise<void> {
    if (this.closed) return
    const buf = Buffer.from(text, "utf8")
    if (!this.opts.split) return this.push(buf)
    let off = 0
    while (off < buf.length && !this.closed) {
      let end = Math.min(buf.length, off + (SPLIT_SIZES[this.splitIndex++ % SPLIT_SIZES.length] ?? 1))
      // cut every multi-byte UTF-8 sequence right after its lead byte
      for (let i = off; i < end; i++) {
        if ((buf[i] ?? 0) >= 0xc0) {
          end = i + 1
          break
        }
      }
      await this.push(buf.subarray(off, end))
      off = end
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  private push(buf: Buffer): Promise<void> {
    if (this.closed || this.res.write(buf)) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off("drain", done)
        this.res.off("close", done)
        resolve()
      }
      this.res.on("drain", done)
      this.res.on("close", done)
    })
  }

  /** One NDJSON line. */
  line(text: string): Promise<void> {
    return this.write(text + this.eol)
  }

  /** One SSE event: `[event: name]` then `field: data`, then a blank line. */
  sse(data: string, options: { event?: string; field?: string } = {}): Promise<void> {
    const eol = this.eol
    let text = this.opts.keepalive && this.events > 0 ? `: keep-alive${eol}${eol}` : ""
    if (options.event !== undefined) text += `event: ${options.event}${eol}`
    text += `${options.field ?? "data"}: ${data}${eol}${eol}`
    this.events++
    return this.write(text)
  }

  /** A whole JSON response with Content-Length. */
  async json(status: number, body: unknown, contentType = "application/json; charset=utf-8"): Promise<void> {
    const text = typeof body === "string" ? body : JSON.stringify(body)
    this.head(status, contentType, { "Content-Length": Buffer.byteLength(text) })
    await this.write(text)
    this.end()
  }

  end(): void {
    if (!this.closed) this.res.end()
  }

  /** Wait until the written bytes left the process (and a little more, so the client can read them). */
  async flush(graceMs = 20): Promise<void> {
    const socket = this.res.socket
    if (socket === null || this.closed) return
    if (socket.writableLength > 0) await new Promise<void>((resolve) => socket.write("", () => resolve()))
    await new Promise<void>((resolve) => setTimeout(resolve, graceMs))
  }

  /** Drop the connection without finishing the response. */
  destroy(): void {
    this.res.socket?.destroy()
    this.res.destroy()
  }
}
