import { describe, expect, it } from "vitest"
import { cell, escapeTags, fit, safe, truncate, width, wrap, wrapCache } from "../../src/presentation/text.js"
import { visible } from "../../src/presentation/layout.js"

describe("text on screen", () => {
  it("escapes blessed tags and neutralises escape sequences", () => {
    expect(escapeTags("{bold}x{/bold}")).toBe("{open}bold{close}x{open}/bold{close}")
    expect(safe("a\x1b[31mred\x1b[0m {red-fg}b\x07\n")).toBe("ared {open}red-fg{close}b� ")
    expect(safe("\x1b]0;title\x07ok")).toBe("ok")
    expect(safe("\x1b]52;c;SGVsbG8=\x07ok")).toBe("ok")
  })

  it("measures wide characters as two cells", () => {
    expect(width("abc")).toBe(3)
    expect(width("漢字")).toBe(4)
    expect(width("Xin chào")).toBe(8)
  })

  it("truncates and fits to a width in cells", () => {
    expect(truncate("hello world", 8)).toBe("hello w…")
    expect(truncate("short", 8)).toBe("short")
    expect(truncate("漢字漢字", 5)).toBe("漢字…")
    expect(fit("ab", 5)).toBe("ab   ")
    expect(fit("ab", 5, "right")).toBe("   ab")
    expect(width(fit("漢字漢字漢", 7))).toBe(7)
    expect(cell("{x}", 5)).toBe("{open}x{close}  ")
  })

  it("wraps untrusted text into lines of at most the width, breaking at spaces", () => {
    const lines = wrap("the quick brown fox jumps over the lazy dog", 12)
    expect(lines.every((l) => width(l) <= 12)).toBe(true)
    expect(lines.join(" ").replace(/\s+/g, " ")).toBe("the quick brown fox jumps over the lazy dog")
    expect(wrap("a\tb", 10)).toEqual(["a    b"])
    expect(wrap("x\x1b[2Jy\nz", 10)).toEqual(["xy", "z"])
    expect(wrap("aaaaaaaaaaaaaaa", 5)).toEqual(["aaaaa", "aaaaa", "aaaaa"])
  })

  it("wraps a growing text incrementally with the same result as a full wrap", () => {
    const w = wrapCache()
    let text = ""
    for (let i = 0; i < 200; i++) {
      text += i % 7 === 6 ? `piece${i}\n` : `piece${i} `
      expect(w(text, 30)).toEqual(wrap(text, 30))
    }
    expect(w(text, 20)).toEqual(wrap(text, 20))
  })

  it("shows edited text one character per character", () => {
    expect(visible("a\x1bb\nc")).toBe("a\uFFFDb c")
  })
})
