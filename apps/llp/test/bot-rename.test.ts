import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { llp as llpSync, llpAsync as llp, llpJsonAsync as llpJson, tempDir } from "./helpers.js"

const root = tempDir("llp-rename-")
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

/** A workspace with the bot "Old" (demo provider), one scored answer and swe code files under its name. */
const workspace = async (name: string) => {
  const ws = path.join(root, name)
  expect(llpSync(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "Old"]).code).toBe(0)
  const r = await llp(ws, ["run", "--bot", "Old", "--prompt", "1"])
  expect(r.code, r.stderr).toBe(0)
  const id = Number(/run (\d+) \(complete\)/.exec(r.stderr)![1])
  expect(llpSync(ws, ["score", String(id), "1"]).code).toBe(0)
  const prompt = await llpJson<any>(ws, ["prompts", "show", "1"])
  const out = path.join(ws, "llm_outputs")
  // the demo writes no Go: the swe files are put there as a run of a real model would leave them
  fs.mkdirSync(path.join(out, "swe"), { recursive: true })
  fs.writeFileSync(path.join(out, "swe", "Old.go"), "// code\npackage main\n")
  fs.writeFileSync(path.join(out, "swe", "Old_test.go"), "// test\npackage main\n")
  const filesOf = (bot: string) => [
    path.join(out, prompt.category, `${bot}.md`),
    path.join(out, prompt.category, "scores", `score-${bot}.json`),
    path.join(out, "swe", `${bot}.go`),
    path.join(out, "swe", `${bot}_test.go`)
  ]
  return { ws, out, category: prompt.category as string, filesOf }
}

const names = async (ws: string) => (await llpJson<Array<{ name: string }>>(ws, ["bots", "list"])).map((b) => b.name)

describe("llp bots edit --name", () => {
  it("moves the bot's answer, score and swe files to the new name and says which", async () => {
    const { ws, filesOf } = await workspace("moves")
    const before = filesOf("Old").map((f) => fs.readFileSync(f, "utf8"))
    const r = llpSync(ws, ["bots", "edit", "Old", "--name", "New"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Updated bot \d+ "New"; moved its 4 files in llm_outputs\/ to the new name\./)
    filesOf("Old").forEach((f, i) => {
      expect(fs.existsSync(f), f).toBe(false)
      expect(r.stderr).toContain(`moved ${f} -> ${filesOf("New")[i]}`)
    })
    const after = filesOf("New").map((f) => fs.readFileSync(f, "utf8"))
    // the answers are whole; only the heading of the answer file and the score file's "bot" name the bot anew
    expect(after[0]).toBe(before[0]!.replace(/^# Old — /, "# New — "))
    expect(JSON.parse(before[1]!).bot).toBe("Old")
    expect(after[1]).toBe(JSON.stringify({ ...JSON.parse(before[1]!), bot: "New" }, null, 2) + "\n")
    expect(after.slice(2)).toEqual(before.slice(2))

    // a later bot of the old name starts with no files of the renamed one
    expect(llpSync(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "Old"]).code).toBe(0)
    for (const f of filesOf("Old")) expect(fs.existsSync(f), f).toBe(false)
  })

  it("is refused, renaming nothing, when files are kept under the new name already", async () => {
    const { ws, out, category, filesOf } = await workspace("refused")
    const stray = path.join(out, category, "Taken.md")
    fs.writeFileSync(stray, "# Taken — someone else's answers\n")
    const before = filesOf("Old").map((f) => fs.readFileSync(f, "utf8"))
    const r = llpSync(ws, ["bots", "edit", "Old", "--name", "Taken", "--temp", "0.5"])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^llp: bots edit: llm_outputs\/ already holds files under the name Taken \(.*Taken\.md\); a bot renamed to it would take them over/)
    expect(r.stderr).toContain(stray)
    expect(await names(ws)).toEqual(["Old"])
    // nothing of the edit was saved, not even the other field
    expect((await llpJson<Array<any>>(ws, ["bots", "list"]))[0].sampling.temperature).toBeUndefined()
    expect(filesOf("Old").map((f) => fs.readFileSync(f, "utf8"))).toEqual(before)
    expect(fs.readFileSync(stray, "utf8")).toBe("# Taken — someone else's answers\n")
  })

  it("says which files are where when one cannot move", async () => {
    const { ws, out, category, filesOf } = await workspace("midway")
    // a folder where the score file would go: not a file kept under the name, but nothing can be moved onto it
    const blocker = path.join(out, category, "scores", "score-New.json")
    fs.mkdirSync(blocker)
    const r = llpSync(ws, ["bots", "edit", "Old", "--name", "New"])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Updated bot \d+ "New"\./)
    expect(await names(ws)).toEqual(["New"])
    const [md, score, go, test] = filesOf("Old")
    const [mdNew, , goNew, testNew] = filesOf("New")
    for (const [from, to] of [[md, mdNew], [go, goNew], [test, testNew]] as const) {
      expect(fs.existsSync(from!), from).toBe(false)
      expect(fs.existsSync(to!), to).toBe(true)
      expect(r.stderr).toContain(`moved ${from} -> ${to}`)
    }
    expect(fs.existsSync(score!)).toBe(true)
    expect(r.stderr).toMatch(/its files in llm_outputs\/ did not all move: moved .*; still under the old name: .*score-Old\.json \(not moved to .*score-New\.json: something is already there\)/)
  })

  it("changes no file when the name stays", async () => {
    const { ws, filesOf } = await workspace("same")
    const r = llpSync(ws, ["bots", "edit", "Old", "--name", "Old", "--temp", "0.3"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Updated bot \d+ "Old"\.\n$/)
    expect(r.stderr).toBe("")
    for (const f of filesOf("Old")) expect(fs.existsSync(f), f).toBe(true)
  })
})
