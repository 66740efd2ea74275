import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { evaluate, type SweResult } from "../src/evaluate.js"
import { fixture, hasGo, noGoReason, referenceDir } from "./helpers.js"

// The automatic scores measured in suites/swe/fixtures/README.md (Go 1.19, one `go test` run of the reference tests).
const expected = {
  good: { verdict: "ok", runnable: 50, correct: 250, coverage: 118, cov: 98.7, passed: 40, explanation: 55, suggestions: 18 },
  broken: { verdict: "does not build", runnable: 0, correct: 0, coverage: 0, cov: null, passed: 0, explanation: 40, suggestions: 10 },
  "weak-tests": { verdict: "ok", runnable: 50, correct: 250, coverage: 44, cov: 36.3, passed: 40, explanation: 30, suggestions: 5 },
  wrong: { verdict: "ok", runnable: 50, correct: 194, coverage: 103, cov: 85.8, passed: 31, explanation: 35, suggestions: 10 },
  loops: { verdict: "timed out after 10s", runnable: 50, correct: 188, coverage: 118, cov: 98.7, passed: 30, explanation: 45, suggestions: 12 },
  hostile: { verdict: "ok", runnable: 50, correct: 250, coverage: 118, cov: 98.3, passed: 40, explanation: 50, suggestions: 15 }
} as const

const WRONG_FAILS = [
  "TestRefUnaryMinusBindsLooserThanPower",
  "TestRefBuiltinFunctions",
  "TestRefComparisonIsNotAssociative",
  "TestRefMinInt64EdgeCases",
  "TestRefSyntaxErrorOnEmptyInput",
  "TestRefSyntaxErrorType",
  "TestRefLiteralOutOfRange",
  "TestRefFirstProblemFromTheLeftIsReported",
  "TestRefVarsReturnsAFreshSlice"
]

let scratch = ""
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "llp-swe-fixtures-"))
})
afterAll(() => {
  if (scratch !== "") fs.rmSync(scratch, { recursive: true, force: true })
})

const run = (name: keyof typeof expected, extra: { timeoutMs?: number; keep?: boolean } = {}): Promise<SweResult> =>
  Effect.runPromise(evaluate({ ...fixture(name), referenceDir, timeoutMs: extra.timeoutMs ?? 20_000, tmpDir: scratch, ...(extra.keep ? { keep: true } : {}) }))

const check = (r: SweResult, name: keyof typeof expected) => {
  const e = expected[name]
  expect(r.verdict).toBe(e.verdict)
  expect(r.parts).toEqual({ runnable: e.runnable, correct: e.correct, coverage: e.coverage, explanation: e.explanation, suggestions: e.suggestions })
  expect(r.total).toBe(e.runnable + e.correct + e.coverage + e.explanation + e.suggestions)
  expect(r.evidence.own?.coverage ?? null).toBe(e.cov)
  expect(r.evidence.reference?.passed).toBe(e.passed)
  expect(r.evidence.reference?.total).toBe(40)
  expect(r.evidence.goVersion).toMatch(/^go1\.\d+/)
}

describe.skipIf(!hasGo)(`the fixtures get their expected scores${noGoReason}`, () => {
  it("good: correct, good tests", async () => {
    const r = await run("good")
    check(r, "good")
    expect(r.evidence.own).toMatchObject({ built: true, passed: true, failedTests: [], compilerOutput: "" })
    expect(r.evidence.reference).toMatchObject({ built: true, failedTests: [], notRun: [] })
  })

  it("broken: does not build, with the compiler's message as evidence", async () => {
    const r = await run("broken")
    check(r, "broken")
    expect(r.evidence.own?.built).toBe(false)
    expect(r.evidence.own?.compilerOutput).toMatch(/\.\/solution\.go:270(:57)?: cannot use n \(variable of type int\) as type int64 in return statement/)
    expect(r.evidence.own?.compilerOutput).not.toContain(os.tmpdir() + "/llp-swe")
    expect(r.evidence.reference).toMatchObject({ built: false, passed: 0 })
    expect(r.evidence.reference?.notRun).toHaveLength(40)
  })

  it("weak-tests: full marks for correctness, few for coverage", async () => {
    check(await run("weak-tests"), "weak-tests")
  })

  it("wrong: the nine reference tests it breaks are named", async () => {
    const r = await run("wrong")
    check(r, "wrong")
    expect([...(r.evidence.reference?.failedTests ?? [])].sort()).toEqual([...WRONG_FAILS].sort())
    expect(r.evidence.reference?.output).toContain("TestRef")
  })

  it("loops: the hanging reference test ends at the time limit; the tests before it count", async () => {
    const started = Date.now()
    const r = await run("loops", { timeoutMs: 10_000 })
    check(r, "loops")
    expect(r.evidence.reference?.timedOut).toBe(true)
    expect(r.evidence.reference?.failedTests).toContain("TestRefSyntaxErrorAtInvalidCharacter")
    expect(r.evidence.reference?.notRun).toHaveLength(9)
    expect(r.evidence.reference?.output).toMatch(/panic: test timed out after 10s/)
    expect(Date.now() - started).toBeLessThan(10_000 + 30_000)
  })

  it("hostile: its network attempts fail and nothing is written outside its folder", async () => {
    const pwned = "/tmp/llp-pwned"
    const before = fs.existsSync(pwned)
    const r = await run("hostile", { keep: true })
    const folder = r.evidence.folder!
    try {
      check(r, "hostile")
      const sandbox = r.evidence.sandbox
      // ../pwned from the folders the tests ran in (own/, ref/) is the evaluation's folder
      expect(fs.existsSync(path.join(folder, "pwned"))).toBe(false)
      expect(fs.readdirSync(scratch).filter((f) => f.includes("pwned"))).toEqual([])
      if (sandbox.filesystem.startsWith("private mount namespace")) {
        expect(fs.existsSync(pwned)).toBe(before)
      } else {
        // Without a mount namespace /tmp is shared: the evidence says so; leave nothing behind.
        console.warn(`swe-eval: no mount namespace here (${sandbox.filesystem}); /tmp/llp-pwned could not be prevented`)
        expect(sandbox.filesystem).toMatch(/^no mount namespace|^NOT isolated/)
      }
      if (sandbox.network.startsWith("none")) {
        // 98.3%: with the network cut, the line after a successful dial is never reached
        expect(r.evidence.own?.coverage).toBe(98.3)
      } else {
        expect(sandbox.network).toMatch(/^NOT isolated/)
      }
    } finally {
      fs.chmodSync(folder, 0o700)
      fs.rmSync(folder, { recursive: true, force: true })
      if (!before) fs.rmSync(pwned, { force: true })
    }
  })

  it("the same files get the same score each time", async () => {
    const [a, b] = [await run("wrong"), await run("wrong")]
    const stable = (r: SweResult) => ({ verdict: r.verdict, total: r.total, parts: r.parts, coverage: r.evidence.own?.coverage, failed: r.evidence.reference?.failedTests, passed: r.evidence.reference?.passed })
    expect(stable(a)).toEqual(stable(b))
  })
})
