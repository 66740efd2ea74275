import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { answerFileKey } from "./archive.js"
import { BotName, type BotPatch } from "./domain/Bot.js"
import { Archive } from "./services/Archive.js"
import { Store } from "./services/Store.js"

/**
 * Saves a bot's changes; a new name takes the bot's files in llm_outputs/ along (answers, swe code, scores),
 * so that they stay the bot's and a later bot of the old name starts empty. When files are kept under the
 * new name already, nothing changes, in the database or on disk (ArchiveNameTaken).
 * The bot is saved before its files move: `files` says which moved, or (Left) which did not.
 */
export const updateBotAndFiles = (id: number, patch: BotPatch) =>
  Effect.gen(function* () {
    const store = yield* Store
    const archive = yield* Archive
    const current = yield* store.getBot(id)
    const to = patch.name
    // a name the store refuses anyway (invalid, or another bot's) gets the store's own message, not a note about files
    const refused = (name: string) =>
      Effect.map(store.listBots(), (bots) => !Schema.is(BotName)(name) || bots.some((b) => b.id !== id && answerFileKey(b.name) === answerFileKey(name)))
    const moves = to === undefined || to === current.name || (yield* refused(to)) ? [] : yield* archive.planRename(current.name, to)
    const bot = yield* store.updateBot(id, patch)
    const files = yield* Effect.either(archive.moveFiles(moves, { from: current.name, to: bot.name }))
    return { bot, files }
  })
