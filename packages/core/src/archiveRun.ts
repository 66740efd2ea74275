import * as Effect from "effect/Effect"
import { archiveEntry } from "./archive.js"
import type { Prompt } from "./domain/Prompt.js"
import type { Run } from "./domain/Run.js"
import { Archive } from "./services/Archive.js"
import { Store } from "./services/Store.js"

/**
 * Writes a run's answer to llm_outputs/ under its bot's name as the store has it now, not as it was when the
 * run started: a bot renamed while its run streamed has had its files moved to the new name, and the answer
 * must join them there (written under the old name it would sit apart, and go to a later bot of that name).
 */
export const saveRunAnswer = (run: Run, prompt: Pick<Prompt, "category" | "slug" | "title">, options: { readonly force?: boolean } = {}) =>
  Effect.gen(function* () {
    const bot = yield* (yield* Store).getBot(run.botId)
    return yield* (yield* Archive).save(archiveEntry(run, bot, prompt), options)
  })
