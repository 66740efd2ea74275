import * as Effect from "effect/Effect"
import { Provider, Workspace } from "@llp/core"
import { App, type AppOptions } from "./app/App.js"
import type { Services } from "./app/types.js"

export type TuiOptions = AppOptions

/**
 * Opens the TUI on the Leaderboard and returns when the user quits (Ctrl+C, or q outside a text
 * field). Long work runs on fibers of the runtime captured here, never blocking the keys. The
 * terminal is put back on every exit path: quitting, an interruption of this effect, or a defect.
 */
export const runTui = (options: TuiOptions = {}): Effect.Effect<void, never, Services> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<Services>()
    const workspace = yield* Workspace.Workspace
    const providers = yield* Provider.Providers
    yield* Effect.acquireUseRelease(
      Effect.sync(() => new App(runtime, workspace, providers, options)),
      (app) => Effect.async<void>((resume) => app.onQuit(() => resume(Effect.void))),
      (app) => app.close()
    )
  })
