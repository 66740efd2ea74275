import * as Effect from "effect/Effect"
import { commaList } from "./args.js"
import { archiveEntry, Store, StoreError, type Archive, type Bot, type Prompt, type Run } from "@llp/core"

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

/** Writes a complete run's answer under llm_outputs/ (this machine's); a failure is said, never fatal. */
export const saveAnswer = (archive: Archive.Service) => (run: Run, bot: Bot, prompt: Prompt) =>
  archive.save(archiveEntry(run, bot, prompt)).pipe(Effect.asVoid, Effect.catchAll((e) => Effect.sync(() => process.stderr.write(`llp: could not write the archive: ${e.message}\n`))))
