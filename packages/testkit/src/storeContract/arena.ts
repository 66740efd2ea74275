import { arenaRatings, arenaStanding, cachedArenaRatings, pickDuel, Store, voteOnDuel } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const manual = (store: Store.Service, botId: number, promptId: number, output: string) => store.addManualRun({ botId, promptId, output })

export const arenaContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): arena votes`, () => {
    const test = storeIt(target)
    test("stores a vote with its prompt, runs, sides, bots, category and source, lists and removes it", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, easy } = yield* seed(store)
        const ra = yield* manual(store, a.id, teach.id, "alpha says")
        const rb = yield* manual(store, b.id, teach.id, "beta says")
        const ea = yield* manual(store, a.id, easy.id, "easy alpha")
        const eb = yield* manual(store, b.id, easy.id, "easy beta")
        const { vote, duplicate } = yield* store.addArenaVote({ duel: "d-1-2-3", leftRunId: rb.id, rightRunId: ra.id, verdict: "left", source: "manual" })
        expect(duplicate).toBe(false)
        expect(vote).toMatchObject({ duel: "d-1-2-3", promptId: teach.id, category: "booting", leftRunId: rb.id, rightRunId: ra.id, leftBotId: b.id, rightBotId: a.id, verdict: "left", source: "manual" })
        yield* store.addArenaVote({ duel: null, leftRunId: ea.id, rightRunId: eb.id, verdict: "tie", source: "judge", createdAt: "2026-01-01T00:00:00.000Z" })
        expect((yield* store.listArenaVotes()).map((v) => v.verdict)).toEqual(["left", "tie"])
        expect((yield* store.listArenaVotes({ category: "general" })).map((v) => v.source)).toEqual(["judge"])
        expect((yield* store.listArenaVotes({ source: "manual" })).map((v) => v.id)).toEqual([vote.id])
        yield* store.removeArenaVote(vote.id)
        expect((yield* store.listArenaVotes()).map((v) => v.verdict)).toEqual(["tie"])
        const missing = yield* Effect.flip(store.removeArenaVote(vote.id))
        expect(missing).toMatchObject({ reason: "NotFound" })
      })
    )

    test("stores a duel's vote once when it comes twice (a key pressed twice, a command run twice)", (store) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        const ra = yield* manual(store, a.id, teach.id, "x")
        const rb = yield* manual(store, b.id, teach.id, "y")
        const input = { duel: "d-abc-1-2", leftRunId: ra.id, rightRunId: rb.id, verdict: "left", source: "manual" } as const
        const [first, second] = yield* Effect.all([store.addArenaVote(input), store.addArenaVote({ ...input, verdict: "right" })], { concurrency: 2 })
        expect(first!.duplicate).toBe(false)
        expect(second).toMatchObject({ duplicate: true, vote: { id: first!.vote.id, verdict: "left" } })
        expect(yield* store.listArenaVotes()).toHaveLength(1)
      })
    )

    test("refuses votes that are not duels, saying what is wrong; deleting a run deletes its votes", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, code } = yield* seed(store)
        const ra = yield* manual(store, a.id, teach.id, "x")
        const ra2 = yield* manual(store, a.id, teach.id, "x again")
        const rb = yield* manual(store, b.id, teach.id, "y")
        const rc = yield* manual(store, b.id, code.id, "z")
        const fail = (leftRunId: number, rightRunId: number, verdict = "left", source = "manual") =>
          Effect.flip(store.addArenaVote({ duel: null, leftRunId, rightRunId, verdict: verdict as "left", source: source as "manual" }))
        expect(yield* fail(ra.id, ra2.id)).toMatchObject({ field: "rightRunId", reason: expect.stringContaining("same bot") })
        expect(yield* fail(ra.id, rc.id)).toMatchObject({ reason: expect.stringContaining("different prompts") })
        expect(yield* fail(ra.id, 9999)).toMatchObject({ reason: "NotFound", detail: "no run 9999" })
        expect(yield* fail(ra.id, rb.id, "maybe")).toMatchObject({ field: "verdict" })
        expect(yield* fail(ra.id, rb.id, "left", "robot")).toMatchObject({ field: "source" })
        yield* store.addArenaVote({ duel: null, leftRunId: ra.id, rightRunId: rb.id, verdict: "bad", source: "manual" })
        yield* store.removeRun(rb.id)
        expect(yield* store.listArenaVotes()).toEqual([])
      })
    )
  })

  describe(`Store contract (${target.name}): arena answers`, () => {
    const test = storeIt(target)
    test("lists per bot and prompt the newest complete run with text, by category", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, easy } = yield* seed(store)
        yield* manual(store, a.id, teach.id, "old")
        const newest = yield* manual(store, a.id, teach.id, "new")
        yield* manual(store, b.id, teach.id, "")
        const streaming = yield* store.startRun({ botId: b.id, promptId: teach.id, provider: "lmstudio", model: "m", demo: false, request: null, startedAt: "2026-01-01T00:00:00.000Z" })
        yield* store.updateRun(streaming.id, { status: "streaming", output: "partial", reasoning: "" })
        const e = yield* manual(store, b.id, easy.id, "easy")
        expect(yield* store.listArenaAnswers()).toEqual([
          { runId: newest.id, botId: a.id, promptId: teach.id },
          { runId: e.id, botId: b.id, promptId: easy.id }
        ])
        expect(yield* store.listArenaAnswers("general")).toEqual([{ runId: e.id, botId: b.id, promptId: easy.id }])
      })
    )
  })

  describe(`Store contract (${target.name}): the Arena over the store`, () => {
    const test = storeIt(target)
    test("rates, agrees with the rubric order by Kendall τ, picks blind duels and votes on them once", (store) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        const c = yield* store.createBot(botInput("Gamma"))
        const [ra, rb, rc] = yield* Effect.all([manual(store, a.id, teach.id, "a"), manual(store, b.id, teach.id, "bb"), manual(store, c.id, teach.id, "ccc")])
        yield* store.scoreRun({ runId: ra.id, points: 40 })
        yield* store.scoreRun({ runId: rb.id, points: 20 })
        yield* store.scoreRun({ runId: rc.id, points: 10 })
        for (const [w, l] of [[ra, rb], [rb, rc], [ra, rc]] as const)
          for (let i = 0; i < 3; i++) yield* store.addArenaVote({ duel: null, leftRunId: i % 2 ? w.id : l.id, rightRunId: i % 2 ? l.id : w.id, verdict: i % 2 ? "left" : "right", source: "manual" })
        const provide = Effect.provideService(Store.Store, store)
        const standing = yield* provide(arenaStanding({ style: true, rounds: 50 }))
        expect(standing.ratings.ratings.map((r) => r.botId)).toEqual([a.id, b.id, c.id])
        expect(standing.agreement).toEqual({ tau: 1, bots: 3 })
        expect(standing.styled!.ratings).toHaveLength(3)
        yield* store.scoreRun({ runId: ra.id, points: 0 })
        yield* store.scoreRun({ runId: rc.id, points: 40 })
        expect((yield* provide(arenaStanding({ rounds: 0 }))).agreement).toEqual({ tau: -1, bots: 3 })

        const duel = (yield* provide(pickDuel({ seed: 4, last: { promptId: teach.id, botIds: [a.id, b.id] } })))!
        expect(duel.prompt.id).toBe(teach.id)
        expect(new Set([duel.left.botId, duel.right.botId]).size).toBe(2)
        expect([duel.left.botId, duel.right.botId].sort()).not.toEqual([a.id, b.id].sort())
        const first = yield* provide(voteOnDuel(duel.id, "tie"))
        const second = yield* provide(voteOnDuel(duel.id, "left"))
        expect(first).toMatchObject({ duplicate: false, vote: { verdict: "tie", duel: duel.id, leftRunId: duel.left.id } })
        expect(second).toMatchObject({ duplicate: true, vote: { id: first.vote.id, verdict: "tie" } })
        expect(yield* Effect.flip(provide(voteOnDuel("nonsense", "left")))).toMatchObject({ field: "duel" })
      })
    )
  })

  describe(`Store contract (${target.name}): the Arena's ratings cache`, () => {
    const test = storeIt(target)
    test("an entry is read back until a vote is stored, removed, or goes with its run or prompt; cached ratings equal a fresh fit", (store) =>
      Effect.gen(function* () {
        const { a, b, teach, easy } = yield* seed(store)
        const first = yield* store.readArenaCache("k")
        expect(first.data).toBeNull()
        yield* store.writeArenaCache("k", first.epoch, "one")
        expect(yield* store.readArenaCache("k")).toEqual({ epoch: first.epoch, data: "one" })
        expect((yield* store.readArenaCache("other")).data).toBeNull()
        const stale = (why: string) =>
          Effect.gen(function* () {
            const now = yield* store.readArenaCache("k")
            expect(now.data, why).toBeNull()
            yield* store.writeArenaCache("k", now.epoch, why)
            expect((yield* store.readArenaCache("k")).data).toBe(why)
          })
        const ra = yield* manual(store, a.id, teach.id, "x")
        const rb = yield* manual(store, b.id, teach.id, "y")
        // new runs, a bot's edit: the votes are the same, the entry stands
        yield* store.updateBot(a.id, { notes: "edited" })
        expect((yield* store.readArenaCache("k")).data).toBe("one")
        const { vote } = yield* store.addArenaVote({ duel: null, leftRunId: ra.id, rightRunId: rb.id, verdict: "left", source: "manual" })
        yield* stale("after a vote")
        yield* store.removeArenaVote(vote.id)
        yield* stale("after a vote removed")
        yield* store.addArenaVote({ duel: null, leftRunId: ra.id, rightRunId: rb.id, verdict: "right", source: "manual" })
        yield* stale("after another vote")
        yield* store.removeRun(rb.id)
        yield* stale("after a voted run removed")
        const ea = yield* manual(store, a.id, easy.id, "x")
        const eb = yield* manual(store, b.id, easy.id, "y")
        yield* store.addArenaVote({ duel: null, leftRunId: ea.id, rightRunId: eb.id, verdict: "tie", source: "manual" })
        yield* stale("after a vote on easy")
        yield* store.removePrompt(easy.id)
        yield* stale("after a voted prompt removed")

        // the ratings through the cache: the same as a fresh fit, before and after a change
        const rc = yield* manual(store, b.id, teach.id, "z")
        yield* store.addArenaVote({ duel: null, leftRunId: ra.id, rightRunId: rc.id, verdict: "left", source: "manual" })
        const options = { seed: 3, rounds: 20 }
        const fresh = () => Effect.map(store.listArenaVotes(), (vs) => arenaRatings(vs.map((v) => ({ left: v.leftBotId, right: v.rightBotId, verdict: v.verdict })), options))
        const viaCache = () => cachedArenaRatings(options).pipe(Effect.provideService(Store.Store, store))
        expect(yield* viaCache()).toEqual(yield* fresh())
        expect(yield* viaCache()).toEqual(yield* fresh()) // read from the cache this time
        yield* store.addArenaVote({ duel: null, leftRunId: rc.id, rightRunId: ra.id, verdict: "left", source: "judge" })
        const after = yield* viaCache()
        expect(after.votes).toBe(2)
        expect(after).toEqual(yield* fresh())
      })
    )
  })
}
