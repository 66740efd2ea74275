import * as Effect from "effect/Effect"
import type { OpenedWorkspace } from "@llp/workspace"
import type { Services } from "../context.js"
import { InCommand, UsageError } from "./errors.js"

export type Run = (args: ReadonlyArray<string>, ws: OpenedWorkspace) => Effect.Effect<number | void, unknown, Services>

export interface Command {
  readonly run: Run
  /** false: a missing workspace is an error rather than created. */
  readonly creates?: boolean
  /** true: the command installs its own SIGINT handling (the TUI). */
  readonly handlesSignals?: boolean
  /** true: the command needs no services (it opens the stores itself) and asks for none in `run`. */
  readonly bare?: boolean
}

/** A command with subcommands: `llp bots list`. */
export const group =
  (name: string, subs: Record<string, Run>): Run =>
  (args, ws) => {
    const [sub, ...rest] = args
    const run = subs[sub ?? ""]
    if (!run) {
      const what = sub === undefined ? "missing subcommand" : `unknown subcommand "${sub}"`
      return Effect.fail(new UsageError(`${name}: ${what} (expected ${Object.keys(subs).join(", ")})`))
    }
    // flag parsing throws UsageError synchronously; keep it a failure, not a defect; either way the line names `name sub`
    return Effect.suspend(() => run(rest, ws)).pipe(
      Effect.catchAllDefect((d) => (d instanceof UsageError ? Effect.fail(d) : Effect.die(d))),
      Effect.mapError((e) => (e instanceof InCommand ? e : new InCommand(`${name} ${sub}`, e)))
    )
  }

export const usage = (message: string) => Effect.fail(new UsageError(message))
