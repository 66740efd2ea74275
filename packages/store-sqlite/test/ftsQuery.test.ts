import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { compileSearch, dVariants, parseSearch, toFtsQuery } from "../src/ftsQuery.js"
import { HOSTILE_QUERIES, lcg, SYNTAX_ALPHABET } from "@llp/testkit/store-contract"
import { seed, withStore } from "./helpers.js"

describe("toFtsQuery", () => {
  it.each([
    ["hello world", '"hello" AND ("world" OR "worlđ")'],
    ["hello   world  hello", '"hello" AND ("world" OR "worlđ")'],
    ['"hello world"', '("hello world" OR "hello worlđ")'],
    ["pilgr*", '"pilgr"*'],
    ['"new york"*', '"new york"*'],
    ["python -java", '("python") NOT ("java")'],
    ['python -java -"c sharp"', '("python") NOT ("java" OR "c sharp")'],
    ["-5", '"5"'],
    ["--verbose", '"-verbose"'],
    ["a:b", '"a:b"'],
    ["title:foo", '"title:foo"'],
    ["NEAR(a b)", '"NEAR(a" AND "b)"'],
    ["AND OR NOT", '("AND" OR "ANĐ") AND "OR" AND "NOT"'],
    ["^start +plus", '"^start" AND "+plus"'],
    ['foo"bar', '"foo" AND "bar"'],
    ['"unclosed phrase', '("unclosed phrase" OR "uncloseđ phrase")'],
    ["da nang", '("da" OR "đa") AND "nang"'],
    ["Đà Nẵng", '("Đà" OR "Dà") AND "Nẵng"'],
    ["chào", '"chào"'],
    ["t*", '"t"'],
    ["x*y", '"x*y"']
  ])("%s → %s", (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected)
  })

  it.each(["", "   ", "\n\t", "*", "**", "-", "---", '"', '""', '" "', "()", ":", "-*", "🙂🙃", "…", "'; --", "\u0000", "\ud800"])(
    "nothing searchable in %j gives null",
    (input) => {
      expect(toFtsQuery(input)).toBeNull()
    }
  )

  it("marks phrases and prefixes as costly, single words as not", () => {
    expect(compileSearch("common word")?.costly).toBe(false)
    expect(compileSearch('"two words"')?.costly).toBe(true)
    expect(compileSearch("gpt-4")?.costly).toBe(true)
    expect(compileSearch("pre*")?.costly).toBe(true)
    expect(compileSearch("word -\"not this phrase\"")?.costly).toBe(false)
  })

  it("prefixes as you type, when asked", () => {
    expect(toFtsQuery("qwen cod", { implicitPrefix: "all", minPrefix: 1 })).toBe('"qwen"* AND ("cod"* OR "cođ"*)')
    expect(toFtsQuery("qwen cod", { implicitPrefix: "last" })).toBe('"qwen" AND ("cod"* OR "cođ"*)')
    expect(toFtsQuery("q", { implicitPrefix: "last", minPrefix: 1 })).toBe('"q"*')
    expect(toFtsQuery("q -x", { implicitPrefix: "all", minPrefix: 1 })).toBe('("q"*) NOT ("x")')
  })

  it("spells words with d both ways, without blowing up", () => {
    expect(dVariants("abc")).toEqual(["abc"])
    expect(dVariants("được")).toEqual(["được", "dược"])
    expect(dVariants("dd")).toEqual(["dd", "đd", "dđ", "đđ"])
    expect(dVariants("ddddd")).toEqual(["ddddd", "đđđđđ"])
  })

  it("bounds the input and the number of terms", () => {
    const long = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ")
    expect(parseSearch(long)).toHaveLength(32)
    expect(parseSearch("x".repeat(10_000))[0]!.text).toHaveLength(1000)
  })
})

describe("hostile search strings", () => {
  it.effect("compile to queries FTS5 accepts on real tables (the store's answers to them are in the shared contract)", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "a b c tiếng Việt 🙂 日本語のテキスト NEAR rank" })
        for (const input of HOSTILE_QUERIES) {
          for (const options of [{}, { implicitPrefix: "all" as const, minPrefix: 1 }, { implicitPrefix: "last" as const }]) {
            const match = toFtsQuery(input, options)
            if (match === null) continue
            // straight to SQLite, with no safety net: a syntax error fails the test
            yield* sql`SELECT rowid FROM runs_fts WHERE runs_fts MATCH ${match} LIMIT 1`
            yield* sql`SELECT rowid FROM bots_fts WHERE bots_fts MATCH ${match} LIMIT 1`
            yield* sql`SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ${match} LIMIT 1`
          }
        }
      })
    )
  )

  it.effect("random strings of syntax characters never make FTS5 fail", () =>
    withStore(({ sql }) =>
      Effect.gen(function* () {
        const random = lcg(1234567)
        const alphabet = SYNTAX_ALPHABET
        for (let i = 0; i < 400; i++) {
          const length = 1 + Math.floor(random() * 12)
          const input = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("")
          const match = toFtsQuery(input)
          if (match !== null) yield* sql`SELECT rowid FROM runs_fts WHERE runs_fts MATCH ${match} LIMIT 1`
        }
      })
    )
  )
})
