import { Effect } from "effect"
import { Archive, archiveEntry, Store } from "@llp/core"
import type { OpenWorld } from "./world.js"

/** A complete answer of the bot to Booting's first prompt, saved to llm_outputs/ as the Conducer's Ctrl+S does; its path. */
export const savedComplete = (w: OpenWorld, botName: string, output: string) =>
  w.run(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const bot = (yield* store.listBots()).find((b) => b.name === botName)!
      const prompt = (yield* store.listPrompts("booting"))[0]!
      const run = yield* store.addManualRun({ botId: bot.id, promptId: prompt.id, output, tokensPerSecond: 40, ttftMs: 500 })
      const paths = yield* (yield* Archive.Archive).save(archiveEntry(run, bot, prompt))
      return paths[0]!
    })
  )
