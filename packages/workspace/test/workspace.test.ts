import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { locateWorkspace, makeArchive, openWorkspace, readSuiteDir, userDataDir } from "../src/index.js"

const dirs: Array<string> = []
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "llp-ws-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe("locateWorkspace", () => {
  it("takes --workspace, then LLP_HOME, then the nearest llp.config.json upward, then the user's data folder", () => {
    const root = temp()
    const nested = path.join(root, "a", "b")
    fs.mkdirSync(nested, { recursive: true })
    fs.writeFileSync(path.join(root, "llp.config.json"), "{}")
    const env = { HOME: "/home/u" }
    expect(locateWorkspace({ flag: "x", cwd: nested, env: { ...env, LLP_HOME: "/e" } })).toEqual({ root: path.join(nested, "x"), source: "flag" })
    expect(locateWorkspace({ cwd: nested, env: { ...env, LLP_HOME: "/e" } })).toEqual({ root: "/e", source: "env" })
    expect(locateWorkspace({ cwd: nested, env })).toEqual({ root, source: "upward" })
    expect(locateWorkspace({ cwd: "/", env }).source).toBe("user")
  })

  it("uses XDG on Linux and the usual folders on macOS and Windows", () => {
    expect(userDataDir({ HOME: "/home/u" }, "linux")).toBe("/home/u/.local/share/llp")
    expect(userDataDir({ HOME: "/home/u", XDG_DATA_HOME: "/xdg" }, "linux")).toBe("/xdg/llp")
    expect(userDataDir({ HOME: "/Users/u" }, "darwin")).toBe("/Users/u/Library/Application Support/llp")
    expect(userDataDir({ HOME: "C:\\Users\\u", APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32")).toMatch(/Roaming.llp$/)
  })
})

describe("openWorkspace", () => {
  it("creates the seed's layout on first use and reads the configuration", async () => {
    const root = path.join(temp(), "new")
    const ws = await Effect.runPromise(openWorkspace({ flag: root, env: {} }))
    expect(ws.created).toBe(true)
    for (const f of ["llp.config.json", "db", "llm_outputs"]) expect(fs.existsSync(path.join(root, f))).toBe(true)
    const again = await Effect.runPromise(openWorkspace({ flag: root, env: {} }))
    expect(again.created).toBe(false)
    expect(again.config.providers.map((p) => p.name)).toEqual(["lmstudio", "ollama", "demo"])
  })

  it("names the key at fault in a bad configuration", async () => {
    const root = temp()
    fs.writeFileSync(path.join(root, "llp.config.json"), '{"timeouts": {"idleMs": "soon"}}')
    const error = await Effect.runPromise(Effect.flip(openWorkspace({ flag: root, env: {} })))
    expect(error.message).toBe(`${path.join(root, "llp.config.json")}: timeouts.idleMs: must be a whole number of milliseconds > 0`)
  })
})

describe("the archive", () => {
  const entry = (modelName: string, promptSlug: string, output: string) => ({
    category: "booting",
    modelName,
    promptSlug,
    promptTitle: `Title ${promptSlug}`,
    speedLine: "2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound",
    output,
    demo: false
  })

  it("writes a section per prompt and replaces it when the prompt is saved again", async () => {
    const root = temp()
    const archive = makeArchive(root)
    await Effect.runPromise(archive.save(entry("m", "p1", "first answer")))
    await Effect.runPromise(archive.save(entry("m", "p2", "second answer")))
    await Effect.runPromise(archive.save(entry("m", "p1", "first answer, again")))
    const text = fs.readFileSync(path.join(root, "booting", "m.md"), "utf8")
    expect(text).toContain("first answer, again")
    expect(text).not.toContain("first answer\n")
    expect(text.indexOf("p1")).toBeLessThan(text.indexOf("p2"))
    expect(text).toContain("> 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound")
    expect(fs.readdirSync(path.join(root, "booting")).filter((f) => f.endsWith(".tmp"))).toEqual([])
  })

  it("keeps hostile model names inside the archive", async () => {
    const root = path.join(temp(), "out")
    const archive = makeArchive(root)
    for (const name of ["../x", "../../etc/passwd", "mlx-community/Qwen2.5:7b", "my model", "/abs/path", "..", "a\\b", "C:\\win"]) {
      const [file] = await Effect.runPromise(archive.save(entry(name, "p", "text")))
      expect(path.resolve(file!).startsWith(root + path.sep), `${name} → ${file}`).toBe(true)
    }
    expect(fs.existsSync(path.join(path.dirname(root), "x.md"))).toBe(false)
    expect(fs.readdirSync(path.join(root, "booting")).sort()).toEqual(["C_win.md", "a_b.md", "abs_path.md", "etc_passwd.md", "mlx-community_Qwen2.5_7b.md", "model-unnamed.md", "my-model.md", "x.md"])
  })

  it("writes the swe answer's code and tests with the seed's two header lines", async () => {
    const root = temp()
    const archive = makeArchive(root)
    const output = "Here:\n```go\npackage solution\n\nfunc F() int { return 1 }\n```\n```go\npackage solution\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {}\n```\n"
    const files = await Effect.runPromise(archive.save({ ...entry("Qwen 7B", "task", output), category: "swe" }))
    expect(files.map((f) => path.basename(f))).toEqual(["Qwen-7B.md", "Qwen-7B.go", "Qwen-7B_test.go"])
    const code = fs.readFileSync(path.join(root, "swe", "Qwen-7B.go"), "utf8").split("\n")
    expect(code[0]).toBe("// 2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound")
    expect(code[1]).toBe("// adjustment: 0; explanation: 0; suggestions: 0")
    expect(code[2]).toBe("package solution")
  })
})

describe("readSuiteDir", () => {
  it("loads the good files and reports the broken ones", () => {
    const dir = temp()
    fs.writeFileSync(path.join(dir, "a.md"), "---\nkey: a\ntitle: A\norder: 1\ntemperature: 0.5\n---\n\n# Prompt: One\npoints: 5\n\nHi.\n\n## Rubric\n\n- [5] Hi back.\n")
    fs.writeFileSync(path.join(dir, "b.md"), "not a suite\n")
    fs.writeFileSync(path.join(dir, "README.md"), "# about\n")
    const { suites, errors } = readSuiteDir(dir)
    expect(suites.map((s) => s.category.key)).toEqual(["a"])
    expect(errors.map((e) => e.message)).toEqual([`${path.join(dir, "b.md")}:1: a suite starts with a "---" header line`])
  })
})
