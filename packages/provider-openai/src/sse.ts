import * as Stream from "effect/Stream"

/** Splits text into lines at `\n`, `\r\n` or `\r`, across chunk boundaries (a `\r\n` may be split in two). */
export class LineSplitter {
  private buffer = ""
  private skipLf = false

  /** The complete lines in this piece of text; the unfinished rest is kept for the next call. */
  feed(text: string): Array<string> {
    let buf = this.buffer + text
    if (this.skipLf && buf.startsWith("\n")) buf = buf.slice(1)
    this.skipLf = false
    const lines: Array<string> = []
    let start = 0
    for (let i = 0; i < buf.length; i++) {
      const ch = buf.charCodeAt(i)
      if (ch !== 10 && ch !== 13) continue
      lines.push(buf.slice(start, i))
      if (ch === 13) {
        if (i + 1 < buf.length) {
          if (buf.charCodeAt(i + 1) === 10) i++
        } else this.skipLf = true
      }
      start = i + 1
    }
    this.buffer = buf.slice(start)
    return lines
  }

  /** The last line when the text did not end with a line break. */
  end(): Array<string> {
    const rest = this.buffer
    this.buffer = ""
    this.skipLf = false
    return rest === "" ? [] : [rest]
  }
}

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; undefined for plain `data:` events. */
  readonly event: string | undefined
  /** The `data:` lines joined with `\n`; "" when there were none. */
  readonly data: string
  /** llama.cpp's `error:` field (it writes mid-stream errors as `error: {json}` instead of `data:`). */
  readonly error: string | undefined
  /** The body ended before the blank line that closes this event: it may have been cut short. */
  readonly partial: boolean
}

/**
 * An SSE parser that is lenient where local servers differ: CRLF, CR or LF line ends, comments
 * (`: keep-alive`), an unknown field kept when it is `error`, and an event left open at the end of the
 * body returned with `partial: true` rather than dropped.
 */
export class SseParser {
  private readonly lines = new LineSplitter()
  private data: Array<string> = []
  private errors: Array<string> = []
  private event: string | undefined = undefined

  feed(text: string): Array<SseEvent> {
    const out: Array<SseEvent> = []
    for (const line of this.lines.feed(text)) this.line(line, out)
    return out
  }

  end(): Array<SseEvent> {
    const out: Array<SseEvent> = []
    for (const line of this.lines.end()) this.line(line, out)
    this.dispatch(out, true)
    return out
  }

  private line(line: string, out: Array<SseEvent>): void {
    if (line === "") return this.dispatch(out, false)
    if (line.startsWith(":")) return
    const colon = line.indexOf(":")
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? "" : line.slice(colon + 1)
    if (value.startsWith(" ")) value = value.slice(1)
    switch (field) {
      case "data":
        this.data.push(value)
        return
      case "event":
        this.event = value
        return
      case "error":
        this.errors.push(value)
        return
      default:
        return // id, retry and unknown fields
    }
  }

  private dispatch(out: Array<SseEvent>, partial: boolean): void {
    if (this.data.length > 0 || this.errors.length > 0) {
      out.push({
        event: this.event,
        data: this.data.join("\n"),
        error: this.errors.length > 0 ? this.errors.join("\n") : undefined,
        partial
      })
    }
    this.data = []
    this.errors = []
    this.event = undefined
  }
}

/** Text → server-sent events (a fresh parser per run of the stream). */
export const sseEvents = <E, R>(text: Stream.Stream<string, E, R>): Stream.Stream<SseEvent, E, R> =>
  Stream.suspend(() => {
    const parser = new SseParser()
    return text.pipe(
      Stream.mapConcat((chunk) => parser.feed(chunk)),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(parser.end())))
    )
  })

/** Text → lines (NDJSON); the last line is returned even without a final line break. */
export const textLines = <E, R>(text: Stream.Stream<string, E, R>): Stream.Stream<string, E, R> =>
  Stream.suspend(() => {
    const splitter = new LineSplitter()
    return text.pipe(
      Stream.mapConcat((chunk) => splitter.feed(chunk)),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(splitter.end())))
    )
  })
