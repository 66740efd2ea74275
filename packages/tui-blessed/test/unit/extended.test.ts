import { describe, expect, it } from "vitest"
import { DISABLE_SEQUENCES, ENABLE_SEQUENCES, keyDecoder, translateKey } from "../../src/keys/extended.js"

describe("extended keys and bracketed paste", () => {
  it("tells Ctrl+I from Tab in both the xterm and the kitty encodings", () => {
    const d = keyDecoder()
    expect(d.feed("\x1b[27;5;105~")).toEqual([{ type: "key", full: "C-i" }])
    expect(d.feed("\x1b[105;5u")).toEqual([{ type: "key", full: "C-i" }])
    expect(d.feed("\t")).toEqual([{ type: "data", data: "\t" }])
  })

  it("turns other extended keys back into the bytes blessed knows", () => {
    const d = keyDecoder()
    expect(d.feed("\x1b[99;5u")).toEqual([{ type: "data", data: "\x03" }]) // Ctrl+C
    expect(d.feed("\x1b[27u")).toEqual([{ type: "data", data: "\x1b" }]) // Esc under kitty
    expect(d.feed("\x1b[27;5;115~")).toEqual([{ type: "data", data: "\x13" }]) // Ctrl+S
    expect(d.feed("\x1b[108;3u")).toEqual([{ type: "data", data: "\x1bl" }]) // Alt+L
    expect(d.feed("\x1b[9;2u")).toEqual([{ type: "data", data: "\x1b[Z" }]) // Shift+Tab
    expect(d.feed("a\x1b[105;5ub")).toEqual([{ type: "data", data: "a" }, { type: "key", full: "C-i" }, { type: "data", data: "b" }])
    expect(translateKey(57399, 1)).toBeNull()
  })

  it("leaves the sequences blessed understands alone", () => {
    const d = keyDecoder()
    expect(d.feed("\x1b[A\x1bOP\x1b[15~q")).toEqual([{ type: "data", data: "\x1b[A\x1bOP\x1b[15~q" }])
    expect(d.feed("\x1b")).toEqual([{ type: "data", data: "\x1b" }])
  })

  it("waits for a sequence cut between two reads", () => {
    const d = keyDecoder()
    expect(d.feed("x\x1b[105;")).toEqual([{ type: "data", data: "x" }])
    expect(d.pending()).toBe(true)
    expect(d.feed("5u")).toEqual([{ type: "key", full: "C-i" }])
    expect(d.feed("\x1b[")).toEqual([])
    expect(d.flush()).toEqual([{ type: "data", data: "\x1b[" }])
  })

  it("hands a paste over as text, even across reads and with keys inside", () => {
    const d = keyDecoder()
    expect(d.feed("a\x1b[200~line 1\r\tq\x03")).toEqual([{ type: "data", data: "a" }])
    expect(d.feed("\x1b[105;5u more\x1b[20")).toEqual([])
    expect(d.feed("1~b")).toEqual([{ type: "paste", text: "line 1\r\tq\x03\x1b[105;5u more" }, { type: "data", data: "b" }])
  })

  it("enables and resets the same modes", () => {
    expect(ENABLE_SEQUENCES).toContain("\x1b[>4;1m")
    expect(ENABLE_SEQUENCES).toContain("\x1b[>1u")
    expect(ENABLE_SEQUENCES).toContain("\x1b[?2004h")
    expect(DISABLE_SEQUENCES).toContain("\x1b[>4m")
    expect(DISABLE_SEQUENCES).toContain("\x1b[<u")
    expect(DISABLE_SEQUENCES).toContain("\x1b[?2004l")
  })
})
