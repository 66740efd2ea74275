import { describe, expect, it } from "vitest"
import { LineSplitter, SseParser } from "../src/index.js"

const feedAll = (pieces: ReadonlyArray<string>) => {
  const parser = new SseParser()
  return [...pieces.flatMap((p) => parser.feed(p)), ...parser.end()]
}

describe("SseParser", () => {
  const body = 'data: {"a":1}\n\n: keep-alive\n\nevent: message.delta\ndata: {"b":2}\n\nerror: {"code":500}\n\ndata: [DONE]\n\n'

  it("parses data, named events, comments, llama.cpp error fields and [DONE]", () => {
    expect(feedAll([body])).toEqual([
      { event: undefined, data: '{"a":1}', error: undefined, partial: false },
      { event: "message.delta", data: '{"b":2}', error: undefined, partial: false },
      { event: undefined, data: "", error: '{"code":500}', partial: false },
      { event: undefined, data: "[DONE]", error: undefined, partial: false }
    ])
  })

  it("gives the same events for CRLF, CR and one-character pieces", () => {
    const expected = feedAll([body])
    expect(feedAll([body.replaceAll("\n", "\r\n")])).toEqual(expected)
    expect(feedAll([body.replaceAll("\n", "\r")])).toEqual(expected)
    expect(feedAll(Array.from(body.replaceAll("\n", "\r\n")))).toEqual(expected)
  })

  it("returns an event left open at the end of the body as partial", () => {
    expect(feedAll(['data: {"a":1}\n\ndata: {"cut'])).toEqual([
      { event: undefined, data: '{"a":1}', error: undefined, partial: false },
      { event: undefined, data: '{"cut', error: undefined, partial: true }
    ])
  })

  it("joins multi-line data", () => {
    expect(feedAll(["data: a\ndata: b\n\n"])[0]?.data).toBe("a\nb")
  })
})

describe("LineSplitter", () => {
  it("splits across a CRLF cut in two and keeps the last line without a break", () => {
    const s = new LineSplitter()
    expect([...s.feed("one\r"), ...s.feed("\ntwo\n\nthree"), ...s.end()]).toEqual(["one", "two", "", "three"])
  })
})
