import * as Data from "effect/Data"
import * as Either from "effect/Either"

/**
 * The seed's two header lines on top of a model's swe files:
 *
 * ```
 * // 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound
 * // adjustment: 0; explanation: 50; suggestions: 15
 * ```
 */
export interface SweHeader {
  readonly speed: SweSpeed
  /** 0: scored as it is; 1: it ran after a minor manual adjustment (10 points instead of 50); -1: garbage, disqualified. */
  readonly adjustment: -1 | 0 | 1
  /** Manual points for the explanation, 0 … 60. */
  readonly explanation: number
  /** Manual points for the suggestions, 0 … 20. */
  readonly suggestions: number
}

/** Line 1. Unknown values (`?`, as LLP writes them when a server reports none) are null. */
export interface SweSpeed {
  readonly tokensPerSecond: number | null
  readonly tokens: number | null
  readonly ttftSeconds: number | null
  readonly stop: string | null
}

export const HEADER_LIMITS = { explanation: 60, suggestions: 20 } as const

export const HEADER_EXAMPLE = [
  "// 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound",
  "// adjustment: 0; explanation: 50; suggestions: 15"
] as const

/** A header line that is missing, malformed or out of range: says which line (1-based) and why. */
export class HeaderError extends Data.TaggedError("HeaderError")<{
  readonly line: number
  readonly text: string
  readonly reason: string
}> {
  override get message() {
    return `header line ${this.line}: ${this.reason}${this.text === "" ? "" : ` (found: ${JSON.stringify(this.text.length > 120 ? this.text.slice(0, 120) + "…" : this.text)})`}`
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

const num = (s: string): number | null => (NUMBER.test(s) ? Number(s) : null)

const parseSpeed = (line: number, text: string, body: string): Either.Either<SweSpeed, HeaderError> => {
  const fail = (reason: string) => Either.left(new HeaderError({ line, text, reason }))
  let tokensPerSecond: number | null | undefined
  let tokens: number | null | undefined
  let ttftSeconds: number | null | undefined
  let stop: string | null | undefined
  // Segments are separated by • (the seed's), · or |; spacing is free.
  for (const raw of body.split(/[•·|]/)) {
    const seg = raw.trim().replace(/\s+/g, " ")
    if (seg === "") continue
    let m: RegExpMatchArray | null
    if ((m = seg.match(/^(\S+) ?tok(?:ens)? ?\/ ?s(?:ec)?\.?(?: \((?:estimated|est\.?)\))?$/i))) {
      if (tokensPerSecond !== undefined) return fail("tok/sec is given twice")
      const v = m[1] === "?" ? null : num(m[1]!)
      if (v === null && m[1] !== "?") return fail(`tok/sec must be a number, not "${m[1]}"`)
      if (v !== null && v < 0) return fail(`tok/sec must not be negative (${m[1]})`)
      tokensPerSecond = v
    } else if ((m = seg.match(/^(\S+) tokens?$/i))) {
      if (tokens !== undefined) return fail("the token count is given twice")
      const v = m[1] === "?" ? null : num(m[1]!)
      if (m[1] !== "?" && (v === null || !Number.isInteger(v) || v < 0)) return fail(`the token count must be a whole number ≥ 0, not "${m[1]}"`)
      tokens = v
    } else if ((m = seg.match(/^(\S+?) ?s(?:ec(?:onds?)?)? to first token$/i)) || (m = seg.match(/^(\?) to first token$/i))) {
      if (ttftSeconds !== undefined) return fail("the time to first token is given twice")
      const v = m[1] === "?" ? null : num(m[1]!)
      if (m[1] !== "?" && (v === null || v < 0)) return fail(`the time to first token must be seconds ≥ 0, such as "69.21s", not "${m[1]}s"`)
      ttftSeconds = v
    } else if ((m = seg.match(/^stop ?[:=] ?(.*)$/i))) {
      if (stop !== undefined) return fail("Stop is given twice")
      const v = m[1]!.trim()
      stop = v === "" || v === "?" || v === "unknown" ? null : v
    } else {
      return fail(`"${seg}" is not part of the speed line; expected e.g. ${HEADER_EXAMPLE[0]}`)
    }
  }
  if (tokensPerSecond === undefined) return fail(`the speed line must give tok/sec, e.g. ${HEADER_EXAMPLE[0]}`)
  return Either.right({ tokensPerSecond, tokens: tokens ?? null, ttftSeconds: ttftSeconds ?? null, stop: stop ?? null })
}

const parseManual = (line: number, text: string, body: string): Either.Either<Omit<SweHeader, "speed">, HeaderError> => {
  const fail = (reason: string) => Either.left(new HeaderError({ line, text, reason }))
  const values = new Map<string, number>()
  for (const raw of body.split(/[;,]/)) {
    const seg = raw.trim()
    if (seg === "") continue
    const m = seg.match(/^([A-Za-z]+)\s*[:=]\s*(.*)$/)
    if (!m) return fail(`"${seg}" is not "name: value"; expected e.g. ${HEADER_EXAMPLE[1]}`)
    const key = m[1]!.toLowerCase()
    if (!["adjustment", "explanation", "suggestions"].includes(key)) return fail(`unknown value "${m[1]}" (expected adjustment, explanation and suggestions)`)
    if (values.has(key)) return fail(`${key} is given twice`)
    const value = num(m[2]!.trim())
    if (value === null) return fail(`${key} must be a number, not "${m[2]!.trim()}"`)
    values.set(key, value)
  }
  for (const key of ["adjustment", "explanation", "suggestions"]) {
    if (!values.has(key)) return fail(`${key} is missing; expected e.g. ${HEADER_EXAMPLE[1]}`)
  }
  const adjustment = values.get("adjustment")!
  if (adjustment !== -1 && adjustment !== 0 && adjustment !== 1) {
    return fail(`adjustment must be -1 (garbage, disqualified), 0 (ran on the first try) or 1 (ran after a minor adjustment), not ${adjustment}`)
  }
  const explanation = values.get("explanation")!
  if (explanation < 0 || explanation > HEADER_LIMITS.explanation) return fail(`explanation must be within 0 … ${HEADER_LIMITS.explanation}, not ${explanation}`)
  const suggestions = values.get("suggestions")!
  if (suggestions < 0 || suggestions > HEADER_LIMITS.suggestions) return fail(`suggestions must be within 0 … ${HEADER_LIMITS.suggestions}, not ${suggestions}`)
  return Either.right({ adjustment: adjustment as -1 | 0 | 1, explanation, suggestions })
}

/**
 * Reads the two header lines at the top of a model's .go file (a BOM and blank lines before them are
 * skipped; line numbers in errors are the file's). Line 1 is the speed line, line 2 the manual checks.
 */
export const parseHeader = (text: string): Either.Either<SweHeader, HeaderError> => {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)
  let i = 0
  while (i < lines.length && lines[i]!.trim() === "") i++
  const comment = (at: number, what: string, example: string): Either.Either<string, HeaderError> => {
    const raw = lines[at]
    if (raw === undefined || raw.trim() === "") return Either.left(new HeaderError({ line: at + 1, text: "", reason: `missing: there is no ${what} here; expected ${example}` }))
    const m = raw.match(/^\s*\/\/(.*)$/)
    if (!m) return Either.left(new HeaderError({ line: at + 1, text: raw, reason: `expected the ${what} as a // comment, e.g. ${example}` }))
    return Either.right(m[1]!)
  }
  return Either.gen(function* () {
    const first = yield* comment(i, "speed line", HEADER_EXAMPLE[0])
    const speed = yield* parseSpeed(i + 1, lines[i]!, first)
    const second = yield* comment(i + 1, "manual checks line", HEADER_EXAMPLE[1])
    const manual = yield* parseManual(i + 2, lines[i + 1]!, second)
    return { speed, ...manual }
  })
}
