import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { ArchiveEntry } from "@llp/core"
import { makeArchive, makeDirs, writeAtomic } from "../src/index.js"

const dirs: Array<string> = []
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "llp-safe-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe("makeDirs and writeAtomic", () => {
  it("make missing parents, and fail with a clear message where the system allows no folder", () => {
    const root = temp()
    makeDirs(path.join(root, "a", "b", "c"))
    expect(fs.statSync(path.join(root, "a", "b", "c")).isDirectory()).toBe(true)
    makeDirs(path.join(root, "a", "b", "c"))
    // Node's recursive mkdir never returns here (it retries /proc and /proc/x forever)
    expect(() => makeDirs("/proc/llp-x/y")).toThrow("cannot create the folder /proc/llp-x/y: the system lets nothing be created there (at /proc/llp-x)")
    expect(() => makeDirs("/dev/null/x")).toThrow("cannot create the folder /dev/null/x: /dev/null is a file, not a folder")
    expect(() => writeAtomic("/proc/llp-x.json", "{}")).toThrow("cannot write /proc/llp-x.json: the system lets nothing be created there")
    fs.mkdirSync(path.join(root, "f.json"))
    expect(() => writeAtomic(path.join(root, "f.json"), "{}")).toThrow(/f\.json: it is a folder/)
    expect(fs.readdirSync(root)).toEqual(["a", "f.json"])
  })
})

describe("the archive", () => {
  const entry = (output: string, partial?: "cancelled" | "failed"): ArchiveEntry => ({
    category: "booting",
    modelName: "Bot A",
    promptSlug: "p1",
    promptTitle: "Prompt 1",
    speedLine: `1.00 tok/sec • 3 tokens • 0.10s to first token • Stop: ${partial ?? "stop"}`,
    output,
    demo: false,
    ...(partial ? { partial } : {})
  })

  it("never replaces a complete answer with a partial one unless forced; a complete one replaces a partial one", async () => {
    const root = temp()
    const archive = makeArchive(root)
    const [file] = await Effect.runPromise(archive.save(entry("complete answer")))
    const refused = await Effect.runPromiseExit(archive.save(entry("part", "cancelled")))
    expect(Exit.isFailure(refused) && JSON.stringify(refused.cause)).toContain("ArchiveKeepsComplete")
    expect(fs.readFileSync(file!, "utf8")).toContain("complete answer")
    await Effect.runPromise(archive.save(entry("part", "cancelled"), { force: true }))
    expect(fs.readFileSync(file!, "utf8")).toContain("<!-- llp:partial cancelled -->")
    // a partial over a partial is no loss
    await Effect.runPromise(archive.save(entry("part two", "failed")))
    expect(fs.readFileSync(file!, "utf8")).toContain("part two")
    await Effect.runPromise(archive.save(entry("complete again")))
    const text = fs.readFileSync(file!, "utf8")
    expect(text).toContain("complete again")
    expect(text).not.toContain("llp:partial")
  })

  it("lists and removes a model's files, and only its own", async () => {
    const root = temp()
    const archive = makeArchive(root)
    await Effect.runPromise(archive.save({ ...entry("a"), category: "swe", output: "```go\npackage main\nfunc F() {}\n```\n```go\npackage main\nimport \"testing\"\nfunc TestF(t *testing.T) {}\n```" }))
    await Effect.runPromise(archive.save(entry("b")))
    await Effect.runPromise(archive.writeScores("swe", "Bot A", {}))
    await Effect.runPromise(archive.save({ ...entry("c"), modelName: "Bot AB" }))
    const files = await Effect.runPromise(archive.filesOf("Bot A"))
    expect(files.map((f) => path.relative(root, f))).toEqual(["booting/Bot-A.md", "swe/Bot-A.go", "swe/Bot-A.md", "swe/Bot-A_test.go", "swe/scores/score-Bot-A.json"])
    expect(await Effect.runPromise(archive.removeFiles("Bot A"))).toEqual(files)
    for (const f of files) expect(fs.existsSync(f)).toBe(false)
    expect(fs.existsSync(path.join(root, "booting", "Bot-AB.md"))).toBe(true)
  })
})
