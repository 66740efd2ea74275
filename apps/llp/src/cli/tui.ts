import * as Effect from "effect/Effect"
import { describeStore } from "../store.js"
import { usage, type Run } from "./command.js"

export const tui: Run = (args, ws) =>
  Effect.gen(function* () {
    if (args.length > 0) return yield* usage(`unknown command "${args[0]}"; see llp --help`)
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      return yield* usage("the app needs a terminal; for scripts use the commands (llp --help)")
    }
    // blessed is loaded only for the app, so that commands start fast
    const { runTui } = yield* Effect.promise(() => import("@llp/tui-blessed"))
    // the help screen names the store; the TUI itself never imports a store package
    yield* runTui({ store: yield* describeStore(ws) })
  })
