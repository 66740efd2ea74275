import * as Stream from "effect/Stream"

/** One NDJSON line; `partial` when the body ended before its line break (it may be cut short). */
export interface Line {
  readonly text: string
  readonly partial: boolean
}

/** Text → lines at `\n`, `\r\n` or `\r`, across chunk boundaries. */
export const ndjsonLines = <E, R>(text: Stream.Stream<string, E, R>): Stream.Stream<Line, E, R> =>
  Stream.suspend(() => {
    let buffer = ""
    let skipLf = false
    const feed = (chunk: string): Array<Line> => {
      let buf = buffer + chunk
      if (skipLf && buf.startsWith("\n")) buf = buf.slice(1)
      skipLf = false
      const lines: Array<Line> = []
      let start = 0
      for (let i = 0; i < buf.length; i++) {
        const ch = buf.charCodeAt(i)
        if (ch !== 10 && ch !== 13) continue
        lines.push({ text: buf.slice(start, i), partial: false })
        if (ch === 13) {
          if (i + 1 < buf.length) {
            if (buf.charCodeAt(i + 1) === 10) i++
          } else skipLf = true
        }
        start = i + 1
      }
      buffer = buf.slice(start)
      return lines
    }
    return text.pipe(
      Stream.mapConcat(feed),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(buffer.trim() === "" ? [] : [{ text: buffer, partial: true }])))
    )
  })
