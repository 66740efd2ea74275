import { describe, expect, it } from "vitest"
import { goFiles, inert, inertLine, mergeSection, safeFileName, speedLine } from "../src/index.js"

describe("inert", () => {
  it("removes escape sequences and control characters but keeps text, tabs and newlines", () => {
    const hostile = "a\x1b[31mred\x1b[0m b\x1b]52;c;SGVsbG8=\x07 c\x1b]0;title\x1b\\ d\x07e\x08f\r\ng\th \u009b2J Xin chào 👋"
    expect(inert(hostile)).toBe("ared b c d\uFFFDe\uFFFDf\ng\th  Xin chào 👋")
    expect(inert(hostile)).not.toMatch(/[\x1b\x07\x08\x9b]/)
    expect(inert(hostile)).toContain("Xin chào 👋")
    expect(inertLine("a\nb\tc")).toBe("a b c")
  })
})

describe("safeFileName", () => {
  it.each([
    ["mlx-community/Qwen2.5:7b", "mlx-community_Qwen2.5_7b"],
    ["my model v2", "my-model-v2"],
    ["../x", "x"],
    ["..", "model-unnamed"],
    ["", "model-unnamed"],
    ["CON", "model-CON"],
    ["a\\b\0c", "a_bc"],
    ["Llama-3.3-70B-Instruct-IQ2_M.gguf", "Llama-3.3-70B-Instruct-IQ2_M.gguf"]
  ])("%j → %j", (name, expected) => {
    expect(safeFileName(name)).toBe(expected)
    expect(safeFileName(name)).not.toMatch(/[/\\]|^\.\.?$/)
  })
})

describe("archive text", () => {
  it("writes the seed's speed line", () => {
    expect(speedLine({ tokensPerSecond: 2.284, completionTokens: 476, ttftMs: 69210, stopReason: "eosFound", speedSource: "server" })).toBe(
      "2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound"
    )
    expect(speedLine({ tokensPerSecond: null, completionTokens: null, ttftMs: null, stopReason: null, speedSource: null })).toBe("? tok/sec • ? tokens • ? to first token • Stop: unknown")
    // a stopped or failed run has no finish reason from the server: its status names the stop
    expect(speedLine({ tokensPerSecond: null, completionTokens: 3, ttftMs: null, stopReason: null, speedSource: null, status: "cancelled" })).toMatch(/Stop: cancelled$/)
    expect(speedLine({ tokensPerSecond: null, completionTokens: 3, ttftMs: null, stopReason: null, speedSource: null, status: "failed" })).toMatch(/Stop: failed$/)
  })

  it("replaces a prompt's section and keeps the others", () => {
    const a1 = "<!-- llp:prompt a -->\nA1\n<!-- llp:end a -->"
    const b = "<!-- llp:prompt b -->\nB\n<!-- llp:end b -->"
    const a2 = "<!-- llp:prompt a -->\nA2\n<!-- llp:end a -->"
    const file = mergeSection(mergeSection(null, "# m", "a", a1), "# m", "b", b)
    expect(mergeSection(file, "# m", "a", a2)).toBe(`# m\n\n${a2}\n\n${b}\n`)
  })

  it("finds the Go solution and its tests in an answer", () => {
    const out = "text\n```go\npackage solution\n\nfunc A() {}\n```\nmore\n```go\npackage solution\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n```\n"
    const { code, test } = goFiles(out)
    expect(code).toContain("func A()")
    expect(test).toContain("func TestA(t *testing.T)")
  })
})
