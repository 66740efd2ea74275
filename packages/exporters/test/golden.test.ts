import { describe, expect, it } from "vitest"
import { toCsv, toJson, toMarkdown } from "../src/index.js"
import { categories, EXPORTED_AT, rows } from "./fixture.js"

describe("golden files from one fixed leaderboard", () => {
  it("JSON", async () => {
    await expect(toJson(rows, categories, undefined, EXPORTED_AT)).toMatchFileSnapshot("__golden__/leaderboard.json")
  })
  it("CSV", async () => {
    await expect(toCsv(rows, categories)).toMatchFileSnapshot("__golden__/leaderboard.csv")
  })
  it("Markdown", async () => {
    await expect(toMarkdown(rows, categories)).toMatchFileSnapshot("__golden__/leaderboard.md")
  })
})
