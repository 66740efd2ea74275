import { describe, expect, it } from "vitest"
import { colorDepth, palette } from "../../src/app/colors.js"
import { charWidth, displayable, width } from "../../src/presentation/cells.js"
import { truncateMiddle } from "../../src/presentation/text.js"
import { ONE_LINE_MAX, pasteText, textField } from "../../src/widgets/textField.js"

const cp = (c: string) => c.codePointAt(0)!

describe("cells", () => {
  it("counts as tmux 3.3a does (measured with cursor position reports)", () => {
    expect([cp("a"), cp("🦙"), cp("👋"), cp("🤖"), cp("漢"), cp("é"), 0x301, cp("❤"), 0xfe0f, 0x200d].map(charWidth)).toEqual([1, 2, 2, 2, 2, 1, 0, 1, 0, 0])
    expect(width("Gamma 🦙")).toBe(8)
    expect(width("e\u0301cole")).toBe(5)
  })
  it("draws the joiners terminals disagree on as nothing: a ZWJ family as its people, ❤️ as ❤, no skin tone", () => {
    expect(displayable("👨‍👩‍👧")).toBe("👨👩👧")
    expect(width(displayable("👨‍👩‍👧"))).toBe(6)
    expect(displayable("❤️")).toBe("❤")
    expect(displayable("👋🏽")).toBe("👋")
    expect(displayable("plain text")).toBe("plain text")
  })
  it("cuts in the middle on cell boundaries, keeping both ends", () => {
    expect(truncateMiddle("Qwen2.5 Coder 32B Instruct GGUF Q4_K_M", 14)).toBe("Qwen2.5…Q4_K_M")
    expect(width(truncateMiddle("🦙🦙🦙🦙🦙🦙🦙🦙", 9))).toBeLessThanOrEqual(9)
    expect(truncateMiddle("short", 14)).toBe("short")
  })
})

describe("paste into a field", () => {
  it("a one-line field keeps the first line that is not blank, after what was typed, and says so", () => {
    const r = pasteText(textField("Hi "), "\n  \nfirst\nsecond\nthird\n")
    expect(r.field.value).toBe("Hi first")
    expect(r.note).toBe("Kept the first of 3 pasted lines (one-line field)")
    expect(pasteText(textField("a"), "b").note).toBeUndefined()
  })
  it("a one-line field refuses a line over the limit and keeps its value", () => {
    const f = textField("kept")
    const r = pasteText(f, "x".repeat(ONE_LINE_MAX + 1))
    expect(r.field).toBe(f)
    expect(r.note).toMatch(/^Not pasted: a line of 4,097 characters/)
  })
  it("a multi-line field takes everything", () => {
    expect(pasteText(textField("", true), "a\nb").field.value).toBe("a\nb")
  })
})

describe("colours", () => {
  it("trusts a 256-colour name over what blessed read from terminfo; NO_COLOR and dumb mean none", () => {
    expect(colorDepth("tmux-256color", {}, 8)).toBe(256)
    expect(colorDepth("screen-256color", {}, 8)).toBe(256)
    expect(colorDepth("xterm", {}, 8)).toBe(8)
    expect(colorDepth("xterm", { COLORTERM: "truecolor" }, 8)).toBe(256)
    expect(colorDepth("linux", {}, 8)).toBe(8)
    expect(colorDepth("xterm-256color", { NO_COLOR: "1" }, 256)).toBe(0)
    expect(colorDepth("xterm-256color", { NO_COLOR: "" }, 256)).toBe(256)
    expect(colorDepth("dumb", {}, -1)).toBe(0)
  })
  it("with 8 colours gray text takes the default colour; without colour backgrounds become reverse video", () => {
    expect(palette(8)("{gray-fg}hint{/gray-fg} {red-fg}x{/red-fg}")).toBe("hint {red-fg}x{/red-fg}")
    expect(palette(0)("{black-fg}{cyan-bg}{bold}tab{/bold}{/cyan-bg}{/black-fg} {open}gray-fg{close}")).toBe("{inverse}{bold}tab{/bold}{/inverse} {open}gray-fg{close}")
    expect(palette(256)("{gray-fg}x{/gray-fg}")).toBe("{gray-fg}x{/gray-fg}")
  })
})
