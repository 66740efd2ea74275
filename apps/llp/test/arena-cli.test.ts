import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { duelsDocument, SECRET } from "./arenaFixture.js"
import { llp, llpJson, tempDir } from "./helpers.js"

const root = tempDir()
const ws = path.join(root, "ws")

const next = () => llpJson<{ duel: string; prompt: { id: number; text: string }; left: { text: string }; right: { text: string } }>(ws, ["arena", "next"])

describe("llp arena", () => {
  beforeAll(() => {
    fs.mkdirSync(ws, { recursive: true })
    const file = path.join(root, "duels.json")
    fs.writeFileSync(file, JSON.stringify(duelsDocument()))
    const r = llp(ws, ["import", file])
    expect(r.code, r.stderr).toBe(0)
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  it("gives a blind duel with an opaque id and stores a vote on it once", () => {
    const duel = next()
    expect(Object.keys(duel).sort()).toEqual(["duel", "left", "prompt", "right"])
    expect(JSON.stringify(duel)).not.toMatch(SECRET)
    expect(duel.duel).toMatch(/^d(-[0-9a-z]+){4}$/)
    const first = llp(ws, ["arena", "vote", duel.duel, "left"])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^Vote 1 stored: left \(\w+\) is better\. Left was \w+, right was \w+\.\n$/)
    const again = llpJson(ws, ["arena", "vote", duel.duel, "left"])
    expect(again).toMatchObject({ id: 1, verdict: "left", duplicate: true, conflict: false })
    const other = llp(ws, ["arena", "vote", duel.duel, "right", "--json"])
    expect(other.code).toBe(1)
    expect(JSON.parse(other.stdout)).toMatchObject({ id: 1, verdict: "left", duplicate: true, conflict: true })
    const otherText = llp(ws, ["arena", "vote", duel.duel, "tie"])
    expect(otherText.code).toBe(1)
    expect(otherText.stderr).toMatch(/already has vote 1 \(left \(\w+\) is better\); "tie" was not stored\. To change it: llp arena undo 1, then vote again\./)
    expect(llpJson<Array<unknown>>(ws, ["arena", "votes"])).toHaveLength(1)
  })

  it("refuses a bad verdict, a bad duel id and an unknown category, saying what is wrong", () => {
    const duel = next()
    const verdict = llp(ws, ["arena", "vote", duel.duel, "better"])
    expect(verdict.code).toBe(2)
    expect(verdict.stderr).toContain('the verdict must be one of left, right, tie, bad, got "better"')
    const id = llp(ws, ["arena", "vote", "d-zz-1-2-3", "left"])
    expect(id.code).toBe(1)
    expect(id.stderr).toContain('"d-zz-1-2-3" is not a duel id')
    const category = llp(ws, ["arena", "ratings", "--category", "nope"])
    expect(category.code).toBe(2)
    expect(category.stderr).toMatch(/--category must be one of .*booting.*, got "nope"/)
    const source = llp(ws, ["arena", "ratings", "--source", "robot"])
    expect(source.code).toBe(2)
    expect(source.stderr).toContain('--source must be manual or judge, got "robot"')
    expect(llpJson(ws, ["arena", "ratings", "--source", "judge"])).toMatchObject({ source: "judge", votes: 0, ratings: [] })
  })

  it("fits ratings with intervals, with style control, and puts them on the leaderboard and in the exports", () => {
    for (let i = 0; i < 12; i++) {
      const duel = next()
      const r = llp(ws, ["arena", "vote", duel.duel, ["left", "right", "tie", "bad"][i % 4]!])
      expect(r.code, r.stderr).toBe(0)
    }
    const ratings = llpJson(ws, ["arena", "ratings", "--style"])
    expect(ratings).toMatchObject({ category: null, source: null, votes: 13, seed: 1, rounds: 200, agreement: { kendallTau: null, bots: 0 } })
    expect(ratings.ratings).toHaveLength(3)
    for (const r of ratings.ratings) {
      expect(r.low).toBeLessThanOrEqual(r.rating)
      expect(r.high).toBeGreaterThanOrEqual(r.rating)
      expect(r.style).toEqual(expect.objectContaining({ rating: expect.any(Number) }))
    }
    const mean = ratings.ratings.reduce((s: number, r: { rating: number }) => s + r.rating, 0) / 3
    expect(mean).toBeCloseTo(1000, 6)
    const text = llp(ws, ["arena", "ratings", "--style"]).stdout
    expect(text).toContain("STYLE-CONTROLLED")
    expect(text).toContain("Agreement with the rubric points")

    const board = llp(ws, ["leaderboard"]).stdout
    expect(board).toMatch(/ARENA \(95 %\)/)
    expect(board).toMatch(/Zephyrsecret .* \d+ \(\d+–\d+\)/)
    const json = llpJson(ws, ["leaderboard"])
    expect(json.leaderboard.find((r: { bot: string }) => r.bot === "Zephyrsecret").arena).toEqual(expect.objectContaining({ votes: expect.any(Number) }))
    const md = llp(ws, ["leaderboard", "--format", "md"]).stdout
    expect(md).toMatch(/## Arena[\s\S]*\| 95 % interval \|/)

    const file = path.join(root, "all.json")
    expect(llp(ws, ["export", "--format", "json", "--details", "--out", file]).code).toBe(0)
    const other = path.join(root, "other")
    fs.mkdirSync(other)
    const imported = llpJson(other, ["import", file])
    expect(imported.arenaVotes).toEqual({ added: 13, matched: 0 })
    expect(llpJson<Array<unknown>>(other, ["arena", "votes"])).toHaveLength(13)
    // the text summary names the votes too, as it names runs and scores
    expect(llp(other, ["import", file]).stdout).toContain("arena votes: 0 added, 13 already here\n")
  })

  it("undoes the last manual vote", () => {
    const before = llpJson<Array<{ id: number }>>(ws, ["arena", "votes"])
    const r = llpJson(ws, ["arena", "undo"])
    expect(r).toEqual({ removed: before.at(-1)!.id })
    expect(llpJson<Array<unknown>>(ws, ["arena", "votes"])).toHaveLength(before.length - 1)
  })

  it("says that deleting a bot takes its Arena votes with it", () => {
    const votes = llpJson<Array<{ leftBotId: number; rightBotId: number }>>(ws, ["arena", "votes"])
    const bots = llpJson<Array<{ id: number; name: string }>>(ws, ["bots", "list"])
    const gone = bots.find((b) => votes.some((v) => v.leftBotId === b.id || v.rightBotId === b.id))!
    const n = votes.filter((v) => v.leftBotId === gone.id || v.rightBotId === gone.id).length
    const r = llp(ws, ["bots", "rm", gone.name])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`with its runs and scores, its ${n === 1 ? "Arena vote" : `${n} Arena votes`}`)
    expect(llpJson<Array<unknown>>(ws, ["arena", "votes"])).toHaveLength(votes.length - n)
  })
})
