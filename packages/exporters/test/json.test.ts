import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { DocumentError, documentJson, exportDetails, LeaderboardDocument, parseDocument, toJson } from "../src/index.js"
import { categories, EXPORTED_AT, rows } from "./fixture.js"
import { sqliteStoreLayer } from "./store.js"
import { seedWorkspace } from "./seed.js"

const parse = (text: string, file = "export.json") => Effect.runPromise(Effect.either(parseDocument(text, file)))
const problems = async (value: unknown) => {
  const result = await parse(typeof value === "string" ? value : JSON.stringify(value))
  if (Either.isRight(result)) throw new Error("expected the document to be refused")
  expect(result.left).toBeInstanceOf(DocumentError)
  return result.left.message
}

const detailed = () => Effect.runPromise(Effect.provide(Effect.zipRight(seedWorkspace, exportDetails(EXPORTED_AT)), sqliteStoreLayer()))

describe("the JSON document", () => {
  it("is valid against its own schema, with and without details", async () => {
    const plain = JSON.parse(toJson(rows, categories, undefined, EXPORTED_AT))
    expect(Schema.decodeUnknownSync(LeaderboardDocument)(plain)).toEqual(plain)
    const doc = await detailed()
    expect(Schema.decodeUnknownSync(LeaderboardDocument)(JSON.parse(documentJson(doc)))).toEqual(JSON.parse(documentJson(doc)))
  })

  it("the details export of a fixed workspace", async () => {
    await expect(documentJson(await detailed())).toMatchFileSnapshot("__golden__/details.json")
  })

  it("stamps the time of export unless given one", () => {
    const doc = JSON.parse(toJson(rows, categories))
    expect(Date.parse(doc.exportedAt)).toBeGreaterThan(Date.parse("2025-01-01"))
  })
})

describe("parseDocument", () => {
  it("reads back what toJson wrote, byte order mark or not", async () => {
    const text = toJson(rows, categories, undefined, EXPORTED_AT)
    expect(await parse(text)).toEqual(Either.right(JSON.parse(text)))
    expect(await parse(`\uFEFF${text}`)).toEqual(Either.right(JSON.parse(text)))
  })

  it("names where JSON syntax breaks", async () => {
    expect(await problems('{\n  "llp": "leaderboard",\n  "version": 1,\n}')).toMatch(/^export\.json: not valid JSON at line 4, column 1: /)
    expect(await problems("")).toMatch(/^export\.json: not valid JSON/)
  })

  it("names what is wrong and where", async () => {
    const doc = JSON.parse(documentJson(await detailed()))
    doc.runs[3].status = "done"
    doc.bots[1].load.gpuLayers = "all"
    delete doc.prompts[0].points
    doc.scores[0].source = 7
    const message = await problems(doc)
    expect(message.split("\n")).toEqual([
      'export.json: bots[1].load.gpuLayers: expected number, got "all"',
      "export.json: prompts[0].points: is missing",
      'export.json: runs[3].status: expected one of "streaming", "complete", "cancelled", "failed", got "done"',
      'export.json: scores[0].source: expected one of "manual", "auto", "judge", got 7'
    ])
  })

  it("says when a file is not an LLP export, or of another version", async () => {
    expect(await problems({ hello: 1 })).toMatch(/export\.json: llp: is missing/)
    const doc = JSON.parse(toJson(rows, categories, undefined, EXPORTED_AT))
    expect(await problems({ ...doc, llp: "suite" })).toBe('export.json: llp: expected "leaderboard": this is not an LLP leaderboard export')
    expect(await problems({ ...doc, version: 2 })).toBe("export.json: version: expected 1: this LLP reads version 1 exports, the file says 2")
    expect(await problems([])).toBe("export.json: expected an object, got []")
    expect(await problems({ ...doc, leaderboard: [1] })).toBe("export.json: leaderboard[0]: expected an object, got 1")
  })

  it("finds references to nothing and duplicates", async () => {
    const doc = JSON.parse(documentJson(await detailed()))
    doc.runs[0].bot = "nobody"
    doc.runs[1].prompt = "missing"
    doc.bots.push({ ...doc.bots[0] })
    doc.scores[1].startedAt = "1999-01-01T00:00:00.000Z"
    delete doc.categories[0].systemPrompt
    const lines = (await problems(doc)).split("\n")
    expect(lines).toContain("export.json: categories[0]: a --details export gives each category's order, temperature and systemPrompt")
    expect(lines).toContain(`export.json: bots[3].name: ${JSON.stringify(doc.bots[0].name)} is listed twice`)
    expect(lines).toContain('export.json: runs[0].bot: no bot named "nobody" in bots')
    expect(lines).toContain('export.json: runs[1].prompt: no prompt "booting/missing" in prompts')
    expect(lines.some((l) => /^export\.json: scores\[1\]: no run of .* started at 1999-01-01T00:00:00.000Z in runs$/.test(l))).toBe(true)
  })

  it("wants all four detail lists or none", async () => {
    const doc = JSON.parse(toJson(rows, categories, undefined, EXPORTED_AT))
    expect(await problems({ ...doc, bots: [] })).toBe("export.json: has bots but not all of bots, prompts, runs and scores")
  })
})
