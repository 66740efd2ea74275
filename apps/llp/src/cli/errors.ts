/** A mistake in how the command was typed: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

/** A failure and the (sub)command it happened in (`bots edit`), so that its line can name it. */
export class InCommand {
  constructor(
    readonly command: string,
    readonly error: unknown
  ) {}
}

/**
 * An error line's text, `<command>: <what is wrong>` (main.ts puts `llp: ` before it). A message that names
 * its command already (`compare: …`, `bots sweep: …`, `judge --pairwise: …`, `llp worker needs …`) keeps its own words.
 */
export const located = (command: string, message: string): string => {
  const top = command.split(" ")[0]!
  const own = message.startsWith(`llp ${top}`) ? message.slice(4) : message
  return own.startsWith(`${top} `) || own.startsWith(`${top}:`) ? own : `${command}: ${own}`
}
