import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Either } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { makeArchive } from "../src/index.js"

const dirs: Array<string> = []
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "llp-rename-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const put = (root: string, rel: string, text = rel) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), text)
}
const rel = (root: string, moves: ReadonlyArray<{ from: string; to: string }>) => moves.map((m) => [path.relative(root, m.from), path.relative(root, m.to)])

describe("Archive.planRename and moveFiles", () => {
  it("plan every file of the name, the score file's name too, and move them with the answer's heading", async () => {
    const root = temp()
    const archive = makeArchive(root)
    put(root, "booting/score-x.md", "# score-x — booting\n\nanswer\n")
    put(root, "booting/scores/score-score-x.json", "{}")
    put(root, "swe/score-x.go")
    put(root, "swe/score-x_test.go")
    put(root, "booting/score-xy.md")
    const moves = await Effect.runPromise(archive.planRename("score-x", "New One"))
    expect(rel(root, moves)).toEqual([
      ["booting/score-x.md", "booting/New-One.md"],
      ["booting/scores/score-score-x.json", "booting/scores/score-New-One.json"],
      ["swe/score-x.go", "swe/New-One.go"],
      ["swe/score-x_test.go", "swe/New-One_test.go"]
    ])
    expect(rel(root, await Effect.runPromise(archive.moveFiles(moves, { from: "score-x", to: "New One" })))).toEqual(rel(root, moves))
    expect(fs.readFileSync(path.join(root, "booting/New-One.md"), "utf8")).toBe("# New One — booting\n\nanswer\n")
    expect(fs.readFileSync(path.join(root, "swe/New-One.go"), "utf8")).toBe("swe/score-x.go")
    // another name that starts the same is not the bot's
    expect(fs.existsSync(path.join(root, "booting/score-xy.md"))).toBe(true)
  })

  it("renames the bot inside its moved score file too, leaving the rest of it as it was", async () => {
    const root = temp()
    const archive = makeArchive(root)
    const doc = { llp: "scores", version: 1, bot: "Gamma 🦙", provider: "demo", prompts: [{ prompt: "p", points: 3 }] }
    put(root, "booting/scores/score-Gamma-🦙.json", JSON.stringify(doc, null, 2) + "\n")
    put(root, "coding/scores/score-Gamma-🦙.json", "not json")
    const moves = await Effect.runPromise(archive.planRename("Gamma 🦙", "Gamma 2"))
    await Effect.runPromise(archive.moveFiles(moves, { from: "Gamma 🦙", to: "Gamma 2" }))
    expect(JSON.parse(fs.readFileSync(path.join(root, "booting/scores/score-Gamma-2.json"), "utf8"))).toEqual({ ...doc, bot: "Gamma 2" })
    // a file LLP cannot read moves as it is
    expect(fs.readFileSync(path.join(root, "coding/scores/score-Gamma-2.json"), "utf8")).toBe("not json")
  })

  it("refuse a name that has files, and plan nothing for a name that makes the same file name", async () => {
    const root = temp()
    const archive = makeArchive(root)
    put(root, "booting/old-b.md")
    put(root, "coding/taken.md")
    const refused = await Effect.runPromise(Effect.either(archive.planRename("old b", "taken")))
    expect(Either.isLeft(refused) && refused.left._tag === "ArchiveNameTaken" && refused.left.files).toEqual([path.join(root, "coding/taken.md")])
    // "old b" and "old  b" make the same file name: the files are the bot's already
    expect(await Effect.runPromise(archive.planRename("old b", "old  b"))).toEqual([])
  })

  it("never move over a file that appeared since the plan; the others still move", async () => {
    const root = temp()
    const archive = makeArchive(root)
    put(root, "a/old.md")
    put(root, "b/old.md")
    const moves = await Effect.runPromise(archive.planRename("old", "new"))
    put(root, "a/new.md", "someone's")
    const r = await Effect.runPromise(Effect.either(archive.moveFiles(moves, { from: "old", to: "new" })))
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isRight(r) || r.left._tag !== "ArchiveMoveFailed") return
    expect(rel(root, r.left.moved)).toEqual([["b/old.md", "b/new.md"]])
    expect(r.left.notMoved.map((m) => path.relative(root, m.from))).toEqual(["a/old.md"])
    expect(r.left.message).toContain(`${path.join(root, "a/old.md")} (not moved to ${path.join(root, "a/new.md")}: something is already there)`)
    expect(fs.readFileSync(path.join(root, "a/new.md"), "utf8")).toBe("someone's")
    expect(fs.existsSync(path.join(root, "a/old.md"))).toBe(true)
  })
})
