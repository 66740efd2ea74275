import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { ProviderError } from "@llp/core"
import { parse, str } from "./cli/args.js"
import { InCommand, located, UsageError } from "./cli/errors.js"
import { ensureSuites, open, servicesLayer, type Services } from "./context.js"
import { HELP } from "./help.js"
import { VERSION } from "./version.js"
import { commands } from "./cli/commands.js"

/** A failure meant for a person: its message is the whole story, no stack trace. */
const userMessage = (e: unknown): string | undefined => {
  if (e instanceof UsageError) return e.message
  if (e instanceof ProviderError) return `${e.message} — ${e.hint}`
  if (typeof e === "object" && e !== null && "_tag" in e && "message" in e) return String((e as { message: string }).message)
  return undefined
}

/** One line on stderr, `llp: <command>: <what is wrong>` (`llp: <what is wrong>` before a command is known), and the exit code. */
const report = (cause: Cause.Cause<unknown>, command?: string): number => {
  const failure = Cause.failureOption(cause)
  const found = Option.isSome(failure) ? failure.value : Cause.squash(cause)
  const where = found instanceof InCommand ? found.command : command
  const error = found instanceof InCommand ? found.error : found
  const message = userMessage(error)
  const line = (text: string) => process.stderr.write(`llp: ${where === undefined ? text : located(where, text)}\n`)
  if (message !== undefined) {
    line(message)
    return error instanceof UsageError ? 2 : 1
  }
  line(`internal error (please report it):\n${Cause.pretty(cause)}`)
  return 70
}

export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  // global options come before the command
  let workspace: string | undefined
  const rest: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (rest.length === 0 && (a === "--workspace" || a === "-w")) {
      workspace = argv[++i]
      if (workspace === undefined) return report(Cause.fail(new UsageError("--workspace needs a folder")))
    } else if (rest.length === 0 && a.startsWith("--workspace=")) workspace = a.slice(12)
    else rest.push(a)
  }
  const [name, ...args] = rest
  if (name === "--version" || name === "-V" || name === "version") {
    process.stdout.write(`llp ${VERSION}\n`)
    return 0
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP)
    return 0
  }
  if (name !== undefined && name.startsWith("-")) return report(Cause.fail(new UsageError(`unknown option ${name}; see llp --help`)))
  const command = commands[name ?? "tui"]
  if (!command) return report(Cause.fail(new UsageError(`unknown command "${name}"; see llp --help`)))
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(HELP)
    return 0
  }

  const program: Effect.Effect<number | void, unknown> = Effect.gen(function* () {
    const ws = yield* open(workspace, command.creates ?? true)
    // `llp store` opens the stores itself: no services, no suites loaded into the store it is about to fill
    if (command.bare === true) return yield* (command.run(args, ws) as Effect.Effect<number | void, unknown>)
    const layer = servicesLayer(ws)
    return yield* Effect.gen(function* () {
      yield* ensureSuites
      return yield* command.run(args, ws)
    }).pipe(Effect.provide(layer as Layer.Layer<Services, unknown>))
  })
  const fiber = Effect.runFork(program)
  // Ctrl+C interrupts the command, which keeps partial work (a run in flight is saved as cancelled).
  // The exit code says which signal stopped it, as shells do: 128 + 2 (SIGINT), 128 + 15 (SIGTERM).
  let interrupts = 0
  let stoppedBy = 130
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy = signal === "SIGTERM" ? 143 : 130
    if (++interrupts > 1) process.exit(stoppedBy)
    Effect.runFork(Fiber.interrupt(fiber))
  }
  if (command.handlesSignals !== true) {
    process.on("SIGINT", onSignal)
    process.on("SIGTERM", onSignal)
  }
  const exit = await Effect.runPromise(Fiber.await(fiber))
  process.off("SIGINT", onSignal)
  process.off("SIGTERM", onSignal)
  if (Exit.isSuccess(exit)) return typeof exit.value === "number" ? exit.value : 0
  if (Cause.isInterruptedOnly(exit.cause)) {
    process.stderr.write("llp: stopped\n")
    return stoppedBy
  }
  return report(exit.cause, name ?? "tui")
}

export { parse, str }
