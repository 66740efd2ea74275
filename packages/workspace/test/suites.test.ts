import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { formatSuite, rubricTotal, type Suite } from "@llp/core"
import { describe, expect, it } from "vitest"
import { readSuiteDir } from "../src/index.js"

const SUITES = fileURLToPath(new URL("../../../suites", import.meta.url))
const { suites, errors } = readSuiteDir(SUITES)
const byKey = new Map(suites.map((s) => [s.category.key, s]))

/** Points of each prompt in order, grouped as the seed's table lists them. */
const EXPECTED: Record<string, { order: number; groups: Array<[string | undefined, number, number]> }> = {
  booting: { order: 1, groups: [[undefined, 1, 40], [undefined, 1, 45], [undefined, 1, 40], [undefined, 1, 45], [undefined, 1, 45], [undefined, 1, 170]] },
  programming: { order: 2, groups: [["Warming up", 4, 20], ["Topics", 16, 30], ["Specific technologies", 16, 40]] },
  general: {
    order: 3,
    groups: [
      ["Level 1: Very easy", 3, 5],
      ["Level 2: Easy", 4, 10],
      ["Level 3: Moderate", 7, 20],
      ["Level 4: Complex", 5, 30],
      ["Level 5: Advanced", 5, 40],
      ["Level 6: Transcendental", 6, 50],
      ["Level 7: The way to the beyond", 2, 150]
    ]
  },
  agi: { order: 4, groups: [25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80].map((p) => [undefined, 1, p] as [undefined, number, number]) },
  writing: { order: 5, groups: [40, 80, 90, 100, 150, 180, 220, 280].map((p) => [undefined, 1, p] as [undefined, number, number]) },
  swe: { order: 6, groups: [[undefined, 1, 500]] }
}

const points = (s: Suite) => s.prompts.reduce((sum, p) => sum + p.points, 0)

describe("the bundled suites", () => {
  it("all parse", () => {
    expect(errors.map((e) => e.message)).toEqual([])
    expect([...byKey.keys()].sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(Object.entries(EXPECTED))("%s has the seed's prompts and points", (key, want) => {
    const suite = byKey.get(key)!
    expect(suite.category.order).toBe(want.order)
    const expected = want.groups.flatMap(([group, n, p]) => Array.from({ length: n }, () => ({ group, points: p })))
    expect(suite.prompts.map((p) => ({ group: p.group, points: p.points }))).toEqual(expected)
  })

  it("add up to 385 + 1200 + 1145 + 630 + 1140 + 500 = 5000 points", () => {
    expect(Object.fromEntries(suites.map((s) => [s.category.key, points(s)]))).toEqual({ booting: 385, programming: 1200, general: 1145, agi: 630, writing: 1140, swe: 500 })
    expect(suites.reduce((sum, s) => sum + points(s), 0)).toBe(5000)
  })

  it("have a rubric that adds up for every prompt, and no empty or duplicate prompt", () => {
    const texts = new Set<string>()
    for (const s of suites) {
      for (const p of s.prompts) {
        expect(rubricTotal(p.rubric), `${s.category.key}/${p.title}`).toBe(p.points)
        expect(p.text.trim().length, `${s.category.key}/${p.title}`).toBeGreaterThan(80)
        expect(texts.has(p.text), `${s.category.key}/${p.title} is a duplicate`).toBe(false)
        texts.add(p.text)
      }
    }
  })

  it("follow the seed's system prompts and temperatures", () => {
    expect(byKey.get("programming")!.category.systemPrompt).toBe(byKey.get("swe")!.category.systemPrompt)
    expect(byKey.get("booting")!.prompts.map((p) => p.useSystemPrompt)).toEqual([false, false, false, true, true, true])
    expect(byKey.get("programming")!.category.temperature).toBe(0.1)
    expect(byKey.get("general")!.category.temperature).toBe(0.5)
    expect(byKey.get("agi")!.category.temperature).toBe(0.5)
    expect(byKey.get("writing")!.category.temperature).toBe(0.9)
    for (const s of suites) expect(s.category.systemPrompt.length, s.category.key).toBeGreaterThan(0)
  })

  it("are written in canonical form, so that an export gives them back byte for byte", () => {
    for (const s of suites) expect(formatSuite(s), s.category.key).toBe(fs.readFileSync(path.join(SUITES, `${s.category.key}.md`), "utf8"))
  })

  const go = spawnSync("go", ["version"]).status === 0
  it.skipIf(!go)("swe: the reference solution passes the hidden reference tests (Go)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llp-swe-ref-"))
    try {
      for (const f of ["solution.go", "solution_test.go", "reference_test.go"]) fs.copyFileSync(path.join(SUITES, "swe", "reference", f), path.join(dir, f))
      fs.writeFileSync(path.join(dir, "go.mod"), "module solution\n\ngo 1.19\n")
      const r = spawnSync("go", ["test", "-count=1", "-timeout", "60s", "./..."], { cwd: dir, encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local" } })
      expect(r.status, r.stdout + r.stderr).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
