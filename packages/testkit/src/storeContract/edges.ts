import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput, runStart, seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

/** Whatever a store fails with, as the tag, reason and field a caller sees. */
const failure = (e: unknown) => {
  const x = e as { _tag?: string; reason?: string; field?: string }
  return x._tag === "InvalidInput" ? { tag: "InvalidInput", field: x.field } : { tag: x._tag, reason: x.reason }
}

const NOT_FOUND = { tag: "StoreError", reason: "NotFound" }

/**
 * Inputs a person or a hand-edited file can give that a store's SQL types would choke on: both stores answer
 * them the same way. An id that is no integer names nothing (NotFound, as a missing id); a NUL character
 * typed into a name, a prompt or a note is InvalidInput naming the field (a model's output is another
 * matter: its NULs are kept as U+FFFD by Postgres, see the runs contract).
 */
export const edgesContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): edge inputs`, () => {
    const test = storeIt(target)

    test("an id that is not an integer (1.5, 1e20, -0.5, NaN) is NotFound, as a missing id is", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const run = yield* store.startRun(runStart(a.id, teach.id))
        for (const id of [1.5, 1e20, -0.5, Number.NaN, 2 ** 63]) {
          const calls = {
            getBot: store.getBot(id),
            updateBot: store.updateBot(id, { notes: "x" }),
            removeBot: store.removeBot(id),
            getPrompt: store.getPrompt(id),
            updatePrompt: store.updatePrompt(id, { title: "x" }),
            getRun: store.getRun(id),
            updateRun: store.updateRun(id, { status: "complete", output: "x", reasoning: "" }),
            removeRun: store.removeRun(id),
            startRunBot: store.startRun(runStart(id, teach.id)),
            startRunPrompt: store.startRun(runStart(a.id, id)),
            scoreRun: store.scoreRun({ runId: id, points: 1 }),
            getMachine: store.getMachine(id)
          }
          for (const [name, call] of Object.entries(calls)) {
            const e = yield* Effect.flip(call as Effect.Effect<unknown, unknown>)
            expect(failure(e), `${name}(${id})`).toEqual(NOT_FOUND)
          }
        }
        // nothing was touched
        expect((yield* store.getRun(run.id)).status).toBe("streaming")
        expect((yield* store.listBots()).length).toBe(2)
      })
    )

    test("a NUL typed into a bot's name or notes, a prompt's title or text is InvalidInput naming the field", (store) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
          ["name", store.createBot(botInput("Nul\u0000Bot"))],
          ["notes", store.createBot({ ...botInput("Noted"), notes: "a\u0000b" })],
          ["name", store.updateBot(a.id, { name: "x\u0000" })],
          ["notes", store.updateBot(a.id, { notes: "\u0000" })],
          ["title", store.updatePrompt(teach.id, { title: "t\u0000" })],
          ["text", store.updatePrompt(teach.id, { text: "before\u0000after" })]
        ]
        for (const [field, call] of cases) {
          const e = yield* Effect.flip(call)
          expect(failure(e)).toEqual({ tag: "InvalidInput", field })
        }
        expect((yield* store.getBot(a.id)).name).toBe("Alpha")
        expect((yield* store.getPrompt(teach.id)).text).toBe(teach.text)
      })
    )
  })
}
