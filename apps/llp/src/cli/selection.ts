import * as Effect from "effect/Effect"
import { commaList } from "./args.js"
import { Archive, saveRunAnswer, Store, StoreError, type Bot, type Prompt, type Run } from "@llp/core"

/** Bots by name, or a group's (a sweep's variants, all of them) by its name; each bot once, in the order given. */
export const resolveBots = (list: string) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const bots: Array<Bot> = []
    for (const name of commaList(list)) {
      const bot = yield* Effect.either(store.findBot(name))
      if (bot._tag === "Right") {
        bots.push(bot.right)
        continue
      }
      const group = yield* Effect.either(store.findGroup(name))
      if (group._tag === "Left") {
        const notFound = bot.left._tag === "StoreError" && bot.left.reason === "NotFound"
        return yield* Effect.fail(notFound ? new StoreError({ reason: "NotFound", detail: `no bot or group named ${name} (see llp bots list, llp bots groups)` }) : bot.left)
      }
      for (const id of group.right.botIds) bots.push(yield* store.getBot(id))
    }
    return [...new Map(bots.map((b) => [b.id, b])).values()]
  })

/**
 * Writes a complete run's answer under llm_outputs/ (this machine's), under the bot's name as the store has it
 * now (it may have been renamed while the run streamed); a failure is said, never fatal.
 */
export const saveAnswer = (archive: Archive.Service, store: Store.Service) => (run: Run, _bot: Bot, prompt: Prompt) =>
  saveRunAnswer(run, prompt).pipe(
    Effect.provideService(Archive.Archive, archive),
    Effect.provideService(Store.Store, store),
    Effect.asVoid,
    Effect.catchAll((e) => Effect.sync(() => process.stderr.write(`llp: could not write the archive: ${e.message}\n`)))
  )
