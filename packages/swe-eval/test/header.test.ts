import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { parseHeader } from "../src/header.js"

const ok = (text: string) => {
  const r = parseHeader(text)
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const err = (text: string) => {
  const r = parseHeader(text)
  if (Either.isRight(r)) throw new Error(`expected an error for ${JSON.stringify(text)}`)
  return r.left
}

describe("parseHeader", () => {
  it("reads the seed's two lines", () => {
    expect(ok("// 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound\n// adjustment: 0; explanation: 50; suggestions: 15\n\npackage solution\n")).toEqual({
      speed: { tokensPerSecond: 2.28, tokens: 476, ttftSeconds: 69.21, stop: "eosFound" },
      adjustment: 0,
      explanation: 50,
      suggestions: 15
    })
  })

  it("is tolerant of spacing, CRLF, a BOM, blank lines first, key order and case", () => {
    expect(ok("\uFEFF\n\n//2.28tok/sec•476 tokens  •  69.21 s to first token•Stop:eosFound\r\n//   Suggestions :20 ;ADJUSTMENT= -1;explanation:0  \r\npackage x")).toEqual({
      speed: { tokensPerSecond: 2.28, tokens: 476, ttftSeconds: 69.21, stop: "eosFound" },
      adjustment: -1,
      explanation: 0,
      suggestions: 20
    })
  })

  it("reads what LLP's archive writes, unknown values included", () => {
    const h = ok("// 12.50 tok/sec (estimated) • ? tokens • ? to first token • Stop: unknown\n// adjustment: 0; explanation: 0; suggestions: 0\n")
    expect(h.speed).toEqual({ tokensPerSecond: 12.5, tokens: null, ttftSeconds: null, stop: null })
    expect(ok("// ? tok/sec\n// adjustment: 1; explanation: 60; suggestions: 0").speed.tokensPerSecond).toBeNull()
  })

  it("names the line when values are out of range", () => {
    const h = "// 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound\n"
    expect(err(h + "// adjustment: 2; explanation: 50; suggestions: 15")).toMatchObject({ line: 2 })
    expect(err(h + "// adjustment: 2; explanation: 50; suggestions: 15").message).toMatch(/^header line 2: adjustment must be -1 .*0 .*1.*not 2/)
    expect(err(h + "// adjustment: 0; explanation: 61; suggestions: 15").message).toMatch(/line 2: explanation must be within 0 … 60, not 61/)
    expect(err(h + "// adjustment: 0; explanation: -1; suggestions: 15").message).toMatch(/line 2: explanation must be within 0 … 60/)
    expect(err(h + "// adjustment: 0; explanation: 50; suggestions: 21").message).toMatch(/line 2: suggestions must be within 0 … 20, not 21/)
  })

  it("names the line when values are malformed or missing", () => {
    const h = "// 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound\n"
    expect(err(h + "// adjustment: zero; explanation: 50; suggestions: 15").message).toMatch(/line 2: adjustment must be a number, not "zero"/)
    expect(err(h + "// adjustment: 0; explanation: 50").message).toMatch(/line 2: suggestions is missing/)
    expect(err(h + "// adjustment: 0; adjustment: 1; explanation: 50; suggestions: 1").message).toMatch(/line 2: adjustment is given twice/)
    expect(err(h + "// adjustment: 0; explanation: 50; suggestions: 15; bonus: 3").message).toMatch(/line 2: unknown value "bonus"/)
    expect(err(h + "package solution").message).toMatch(/line 2: expected the manual checks line as a \/\/ comment/)
    expect(err(h).message).toMatch(/line 2: missing/)
    expect(err("package solution\n").message).toMatch(/^header line 1: expected the speed line/)
    expect(err("// fast • 476 tokens\n// adjustment: 0; explanation: 0; suggestions: 0").message).toMatch(/line 1: "fast" is not part of the speed line/)
    expect(err("// x tok/sec • 476 tokens\n// adjustment: 0; explanation: 0; suggestions: 0").message).toMatch(/line 1: tok\/sec must be a number, not "x"/)
    expect(err("// 2 tok/sec • 4.5 tokens\n// adjustment: 0; explanation: 0; suggestions: 0").message).toMatch(/line 1: the token count must be a whole number/)
    expect(err("// 476 tokens\n// adjustment: 0; explanation: 0; suggestions: 0").message).toMatch(/line 1: the speed line must give tok\/sec/)
    // line numbers are the file's, blank lines before the header included
    expect(err("\n\n// 2 tok/sec\n// adjustment: 5; explanation: 0; suggestions: 0").line).toBe(4)
  })
})
