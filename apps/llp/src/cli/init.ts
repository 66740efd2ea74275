import * as Effect from "effect/Effect"
import { Store } from "@llp/core"
import { parse } from "./args.js"
import type { Run } from "./command.js"
import { describeStore } from "../store.js"

export const init: Run = (args, ws) =>
  Effect.gen(function* () {
    parse("init", args, {})
    const store = yield* Store.Store
    const categories = yield* store.listCategories()
    const prompts = yield* store.listPrompts()
    const database = ws.config.store.type === "sqlite" ? ws.dbFile : yield* describeStore(ws)
    process.stdout.write(
      `${ws.created ? "Created" : "Using"} the workspace ${ws.root}\n` +
        `  config   ${ws.configFile}\n  database ${database}\n  outputs  ${ws.outputsDir}\n` +
        `  suites   ${categories.length} categories, ${prompts.length} prompts, ${prompts.reduce((s, p) => s + p.points, 0)} points\n` +
        `Next: \`llp bots sync\` to import your server's models, or \`llp\` to open the app (the demo provider works with no server).\n`
    )
  })
