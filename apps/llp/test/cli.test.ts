import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { spawnSync } from "node:child_process"
import { BIN, llp, llpJson, oneLine, REPO, tempDir } from "./helpers.js"

let ws: string
beforeAll(() => {
  ws = path.join(tempDir(), "ws")
})
afterAll(() => fs.rmSync(path.dirname(ws), { recursive: true, force: true }))


describe("llp, the command", () => {
  it("prints its version and help", () => {
    const v = llp(ws, ["--version"])
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(/^llp \d+\.\d+\.\d+/)
    const h = llp(ws, ["--help"])
    expect(h.code).toBe(0)
    expect(h.stdout).toContain("llp bots add")
  })

  it("creates a workspace on first run and loads the bundled suites", () => {
    const r = llp(ws, ["init"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Created the workspace ${ws}`)
    for (const f of ["llp.config.json", "db/llp.sqlite", "llm_outputs"]) expect(fs.existsSync(path.join(ws, f))).toBe(true)
    const categories = llpJson<Array<{ key: string; prompts: number; points: number }>>(ws, ["categories", "list"])
    expect(categories.length).toBeGreaterThan(0)
    const again = llp(ws, ["init"])
    expect(again.stdout).toContain(`Using the workspace ${ws}`)
  })

  it("manages bots with checked fields", () => {
    const add = llp(ws, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b", "--name", "Demo, \"fast\" 3B", "--ctx", "32768", "--gpu-layers", "-1", "--temp", "0.1", "--flash-attn", "on", "--notes", "32k, 17"])
    expect(add.code, add.stderr).toBe(0)
    const bots = llpJson<Array<any>>(ws, ["bots", "list"])
    expect(bots).toHaveLength(1)
    expect(bots[0]).toMatchObject({ name: 'Demo, "fast" 3B', provider: "demo", model: "demo-fast-3b", load: { contextLength: 32768, gpuLayers: -1, flashAttention: true }, sampling: { temperature: 0.1 }, notes: "32k, 17" })

    const hits = llpJson<Array<any>>(ws, ["bots", "search", "fast"])
    expect(hits.map((h) => h.name)).toEqual(['Demo, "fast" 3B'])

    const edit = llp(ws, ["bots", "edit", 'Demo, "fast" 3B', "--name", "Demo 3B", "--threads", "16"])
    expect(edit.code, edit.stderr).toBe(0)
    expect(llpJson<Array<any>>(ws, ["bots", "list"])[0]).toMatchObject({ name: "Demo 3B", load: { contextLength: 32768, threads: 16 } })

    // a parameter set back to its default is removed, the others stay
    const back = llp(ws, ["bots", "edit", "Demo 3B", "--temp", "default", "--threads", "default", "--batch", "512"])
    expect(back.code, back.stderr).toBe(0)
    const after = llpJson<Array<any>>(ws, ["bots", "list"])[0]
    expect(after.sampling).toEqual({})
    expect(after.load).toEqual({ contextLength: 32768, gpuLayers: -1, flashAttention: true, batchSize: 512 })
    expect(llp(ws, ["bots", "edit", "Demo 3B", "--temp", "hot"]).stderr).toMatch(/--temp must be a number from 0 to 2, got "hot"/)

    const dup = llp(ws, ["bots", "add", "--provider", "demo", "--model", "x", "--name", "demo 3b"])
    expect(dup.code).toBe(1)
    oneLine(dup.stderr)
    expect(dup.stderr).toMatch(/already exists/)
  })

  it.each([
    // every line names the command it is about: llp: <command>: <what is wrong>
    [["bots", "add", "--model", "m", "--provider", "demo", "--ctx", "lots"], /^llp: bots add: --ctx must be a whole number ≥ 1, got "lots"/, 2],
    [["bots", "add", "--model", "m", "--provider", "demo", "--temp", "7"], /^llp: bots add: --temp must be a number from 0 to 2, got "7"/, 2],
    [["bots", "add", "--model", "m", "--provider", "nope"], /^llp: bots add: .*no provider named "nope"/, 1],
    [["bots", "rm", "nobody"], /^llp: bots rm: no bot named "?nobody/, 1],
    [["bots", "frobnicate"], /^llp: bots: unknown subcommand "frobnicate"/, 2],
    [["frobnicate"], /^llp: unknown command "frobnicate"/, 2],
    [["bots", "list", "--colour"], /^llp: bots list: unknown option '--colour'/i, 2],
    [["prompts", "show", "999999"], /^llp: prompts show: no prompt with id 999999/, 1],
    [["prompts", "list", "--category", "nope"], /^llp: prompts list: --category must be one of .*, got "nope"/, 2],
    [["run", "--bot", "Demo 3B"], /^llp: run: missing --prompt/, 2],
    [["leaderboard", "--sort", "nope"], /^llp: leaderboard: --sort must be one of/, 2],
    [["bench", "Demo 3B", "--depth", "0,deep"], /^llp: bench: --depth must be a whole number ≥ 0, got "deep"/, 2],
    [["compare", "Demo 3B", "Demo 3B"], /^llp: compare: give two different bots, got Demo 3B twice/, 2],
    [["regressions", "Demo 3B", "Demo 3B"], /^llp: regressions: give two different bots, got Demo 3B twice/, 2]
  ])("answers %j with one clear line", (args, message, code) => {
    const r = llp(ws, args as Array<string>)
    expect(r.code).toBe(code)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(message as RegExp)
  })

  it("never fails on what a person types into a search", () => {
    for (const q of ['"', "(", "a:b", "NEAR(", "*", "-", "---", 'foo"bar', "'; DROP TABLE bots; --", "tiếng Việt", "🦙", "x".repeat(5000)]) {
      for (const cmd of [["prompts", "search"], ["bots", "search"], ["search"]]) {
        const r = llp(ws, [...cmd, q, "--json"])
        expect(r.code, `${cmd.join(" ")} ${q.slice(0, 20)}: ${r.stderr}`).toBe(0)
        expect(Array.isArray(JSON.parse(r.stdout))).toBe(true)
      }
    }
  })

  it("reports a broken suite file with its file and line, and loads the others", () => {
    const dir = tempDir("llp-suites-")
    fs.writeFileSync(path.join(dir, "good.md"), "---\nkey: good\ntitle: Good\norder: 9\ntemperature: 0.5\n---\n\n# Prompt: One\npoints: 5\n\nHi.\n\n## Rubric\n\n- [5] Hi back.\n")
    fs.writeFileSync(path.join(dir, "bad.md"), "---\nkey: bad\ntitle: Bad\norder: 10\ntemperature: 0.5\n---\n\n# Prompt: One\npoints: five\n\nHi.\n\n## Rubric\n\n- [5] Hi back.\n")
    const r = llp(ws, ["suites", "load", dir])
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(`llp: suites load: ${path.join(dir, "bad.md")}:9: points must be a whole number > 0, got "five"`)
    expect(r.stdout).toContain("good: 1 added")
    const again = llp(ws, ["suites", "load", path.join(dir, "good.md")])
    expect(again.stdout).toContain("good: 0 added, 0 updated, 1 unchanged")
  })

  it("exports the bundled suites byte for byte", () => {
    const out = tempDir("llp-export-")
    const r = llp(ws, ["suites", "export", out])
    expect(r.code, r.stderr).toBe(0)
    for (const f of fs.readdirSync(path.join(REPO, "suites")).filter((f) => f.endsWith(".md") && f !== "README.md")) {
      expect(fs.readFileSync(path.join(out, f), "utf8"), f).toBe(fs.readFileSync(path.join(REPO, "suites", f), "utf8"))
    }
  })

  it("names the key at fault in a bad configuration", () => {
    const bad = path.join(tempDir(), "bad")
    fs.mkdirSync(bad)
    fs.writeFileSync(path.join(bad, "llp.config.json"), JSON.stringify({ providers: { tabby: { type: "openai-compatible", baseUrl: "localhost:5000" } } }))
    const r = llp(bad, ["bots", "list"])
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toContain("providers.tabby.baseUrl: must start with http:// or https://")
  })

  it("lets the other providers work when one names an unset environment variable for its key", () => {
    const dir = path.join(tempDir(), "env")
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, "llp.config.json"), JSON.stringify({ providers: { tabby: { type: "openai-compatible", baseUrl: "http://127.0.0.1:5000/v1", apiKey: "env:LLP_TEST_NO_SUCH_KEY" } } }))
    expect(llp(dir, ["bots", "add", "--provider", "demo", "--model", "demo-fast-3b"]).code).toBe(0)
    const r = llp(dir, ["bots", "add", "--provider", "tabby", "--model", "m"])
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toContain("providers.tabby.apiKey: the environment variable LLP_TEST_NO_SUCH_KEY is not set")
  })

  it("keeps V8's compiled code in the user's cache folder, and survives a corrupt or unwritable cache", () => {
    const cache = path.join(tempDir(), "cache")
    const env = { XDG_CACHE_HOME: cache }
    const files = () => (fs.existsSync(path.join(cache, "llp")) ? fs.readdirSync(path.join(cache, "llp")) : [])
    expect(llp(ws, ["categories", "list"], { env }).code).toBe(0)
    const [made] = files()
    expect(files()).toEqual([expect.stringMatching(/^main-[0-9a-f]{8}-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8$/)])
    const place = made!.slice(0, "main-12345678-".length)
    const file = path.join(cache, "llp", made!)
    const before = fs.statSync(file)
    expect(before.size).toBeGreaterThan(100_000)

    // an accepted cache is read, not rewritten
    expect(llp(ws, ["categories", "list"], { env }).code).toBe(0)
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs)

    // a corrupt one is rejected by V8 and replaced; the command does not notice
    fs.writeFileSync(file, Buffer.alloc(before.size, 7))
    const r = llp(ws, ["categories", "list"], { env })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe("")
    expect(fs.readFileSync(file).equals(Buffer.alloc(before.size, 7))).toBe(false)

    // an earlier build's cache at the same place is cleared, another install's is kept;
    // a cache folder that cannot be created only costs speed
    fs.writeFileSync(path.join(cache, "llp", `${place}0000000000000000-v0.0.0-x64.v8`), "an earlier build here")
    fs.writeFileSync(path.join(cache, "llp", "main-00000000-0000000000000000-v0.0.0-x64.v8"), "another install")
    fs.rmSync(file)
    expect(llp(ws, ["categories", "list"], { env }).code).toBe(0)
    expect(files().sort()).toEqual([made, "main-00000000-0000000000000000-v0.0.0-x64.v8"].sort())
    const blocked = path.join(tempDir(), "blocked")
    fs.writeFileSync(blocked, "a file where the cache folder would be")
    const b = llp(ws, ["categories", "list"], { env: { XDG_CACHE_HOME: blocked } })
    expect(b.code, b.stderr).toBe(0)
    expect(b.stderr).toBe("")
  })

  it("stops quietly when the reader of its output goes away (llp … | head)", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" --workspace "${ws}" prompts list --json | head -c 10`], { encoding: "utf8" })
    expect(r.stdout).toHaveLength(10)
    expect(r.stderr).toBe("")
  })
})
