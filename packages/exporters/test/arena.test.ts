import { Store } from "@llp/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { documentJson, exportDetails, exportDocument, importDocument, loadLeaderboard, parseDocument, toMarkdown } from "../src/index.js"
import { EXPORTED_AT as AT } from "./fixture.js"
import { seedWorkspace } from "./seed.js"
import { sqliteStoreLayer } from "./store.js"

const run = <A, E>(effect: Effect.Effect<A, E, Store.Store>, layer = sqliteStoreLayer()) => Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

/** The seeded workspace plus Arena votes on the two complete answers to the Vietnamese prompt and to "teaching". */
const withVotes = Effect.gen(function* () {
  yield* seedWorkspace
  const store = yield* Store.Store
  const runs = yield* store.listRuns({ status: "complete" })
  const kinh = runs.filter((r) => r.output === "Bản dịch tiếng Việt 🦙" || r.output === "Dịch hay")
  const [llama, viet] = [kinh.find((r) => r.output.startsWith("Bản"))!, kinh.find((r) => r.output === "Dịch hay")!]
  yield* store.addArenaVote({ duel: "d-1-a-b", leftRunId: viet.id, rightRunId: llama.id, verdict: "left", source: "manual", createdAt: "2025-02-01T00:00:00.000Z" })
  yield* store.addArenaVote({ duel: null, leftRunId: llama.id, rightRunId: viet.id, verdict: "tie", source: "judge", createdAt: "2025-02-01T00:01:00.000Z" })
  yield* store.addArenaVote({ duel: null, leftRunId: llama.id, rightRunId: viet.id, verdict: "bad", source: "manual", createdAt: "2025-02-01T00:02:00.000Z" })
})

describe("the Arena in exports", () => {
  it("carries the votes through export and import, once, and shows the ratings with intervals", async () => {
    const doc = await run(Effect.zipRight(withVotes, exportDetails(AT)))
    expect(doc.arenaVotes).toEqual([
      { left: expect.objectContaining({ bot: "Mô hình tiếng Việt 🦙", category: "dich-thuat", prompt: "kinh" }), right: expect.objectContaining({ bot: 'Llama "3.3", 70B' }), verdict: "left", source: "manual", createdAt: "2025-02-01T00:00:00.000Z", duel: "d-1-a-b" },
      expect.objectContaining({ verdict: "tie", source: "judge", duel: null }),
      expect.objectContaining({ verdict: "bad" })
    ])
    const viet = doc.leaderboard.find((r) => r.bot === "Mô hình tiếng Việt 🦙")!
    expect(viet.arena).toMatchObject({ votes: 3 })
    expect(viet.arena!.rating).toBeGreaterThan(1000)
    expect(viet.arena!.low).toBeLessThanOrEqual(viet.arena!.rating)
    expect(doc.leaderboard.find((r) => r.bot.startsWith("=cmd"))!.arena).toBeNull()

    const parsed = await Effect.runPromise(parseDocument(documentJson(doc), "export.json"))
    const { first, second, again } = await run(
      Effect.gen(function* () {
        const first = yield* importDocument(parsed)
        const second = yield* importDocument(parsed)
        return { first, second, again: yield* exportDetails(AT) }
      })
    )
    expect(first.arenaVotes).toEqual({ added: 3, matched: 0 })
    expect(second.arenaVotes).toEqual({ added: 0, matched: 3 })
    expect(documentJson(again)).toBe(documentJson(doc))
  })

  it("refuses a vote whose run is not in the file, saying where", async () => {
    const doc = await run(Effect.zipRight(withVotes, exportDetails(AT)))
    const broken = JSON.parse(documentJson(doc))
    broken.arenaVotes[1].right.startedAt = "1999-01-01T00:00:00.000Z"
    const error = await Effect.runPromise(Effect.flip(parseDocument(JSON.stringify(broken), "x.json")))
    expect(error.message).toMatch(/x\.json: arenaVotes\[1\]\.right: no run of "Mô hình tiếng Việt 🦙" on "dich-thuat\/kinh" started at 1999/)
  })

  it("writes no Arena field or section when there are no votes, and an Arena section when there are", async () => {
    const plain = await run(Effect.zipRight(seedWorkspace, exportDocument({ exportedAt: AT })))
    expect(plain.leaderboard.every((r) => !("arena" in r))).toBe(true)
    const md = await run(Effect.zipRight(withVotes, loadLeaderboard()))
    const text = toMarkdown(md.rows, md.categories, md.arena)
    expect(text).toContain("## Arena")
    expect(text).toMatch(/\| 1 \| Mô hình tiếng Việt 🦙 \| \d+ \| \d+ – \d+ \| 1 \| 0 \| 1 \| 1 \|/)
    // a bot without votes is not in the Arena's table
    expect(text.slice(text.indexOf("## Arena"))).not.toContain("calc")
  })
})
