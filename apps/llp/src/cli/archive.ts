import * as Effect from "effect/Effect"
import { Archive, Store, syncArchive } from "@llp/core"
import { writeScoreFiles } from "@llp/exporters"
import { parse, str } from "./args.js"
import { group, usage, type Run } from "./command.js"
import { printJson } from "./print.js"

/** `llp archive sync [--bot NAME] [--json]`: the store's answers (every machine's, on a shared store) into this workspace's llm_outputs/. */
const sync: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("archive sync", args, { bot: { type: "string" }, json: { type: "boolean" } })
    if (positionals.length > 0) return yield* usage(`archive sync: unexpected ${positionals[0]}`)
    const store = yield* Store.Store
    const name = str(values, "bot")
    const bots = name !== undefined ? [yield* store.findBot(name)] : undefined
    const answers = yield* syncArchive({ ...(bots !== undefined ? { bots } : {}) })
    // the score files too (llm_outputs/<category>/scores/score-<model-name>.json), rewritten from the store
    let scoreFiles = 0
    for (const bot of bots ?? (yield* store.listBots())) scoreFiles += (yield* writeScoreFiles(bot.id)).length
    const result = { ...answers, scoreFiles }
    if (values.json) return printJson(result)
    const root = (yield* Archive.Archive).root
    process.stdout.write(
      `${root}: ${result.written} answer${result.written === 1 ? "" : "s"} written, ${result.unchanged} already there (${result.bots} bot${result.bots === 1 ? "" : "s"}; complete answers only); ${scoreFiles} score file${scoreFiles === 1 ? "" : "s"} rewritten\n`
    )
  })

export const archive: Run = group("archive", { sync })
