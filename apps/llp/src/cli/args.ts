import { parseArgs, type ParseArgsConfig } from "node:util"
import { UsageError } from "./errors.js"

export type Options = NonNullable<ParseArgsConfig["options"]>

/**
 * Joins `--flag -1` into `--flag=-1` for flags that take a value, so negative numbers work; with
 * `freeText`, words that look like flags but are not known ones (`-draft`, `---`) stay words, for search queries.
 */
const prepare = (argv: ReadonlyArray<string>, options: Options, freeText: boolean): { args: Array<string>; words: Array<string> } => {
  const args: Array<string> = []
  const words: Array<string> = []
  const known = (a: string) => {
    const name = a.replace(/^--?/, "").split("=")[0]!
    return a.startsWith("--") ? name in options : Object.values(options).some((o) => o.short === name)
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const option = a.startsWith("--") && !a.includes("=") ? options[a.slice(2)] : undefined
    if (option?.type === "string" && i + 1 < argv.length && /^-/.test(argv[i + 1]!)) args.push(`${a}=${argv[++i]}`)
    else if (!freeText) args.push(a)
    else if (a.startsWith("-") && known(a)) {
      args.push(a)
      if (option?.type === "string" && i + 1 < argv.length) args.push(argv[++i]!)
    } else words.push(a)
  }
  return { args, words }
}

/** Parses a command's flags; an unknown flag or a missing value is a usage error naming the command. */
export const parse = (command: string, argv: ReadonlyArray<string>, options: Options, freeText = false) => {
  try {
    const { args, words } = prepare(argv, options, freeText)
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { values: parsed.values, positionals: [...parsed.positionals, ...words] }
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "").replace(/^Unknown option/, "unknown option")
    throw new UsageError(`${command}: ${message}`)
  }
}

export const str = (values: Record<string, unknown>, name: string): string | undefined => {
  const v = values[name]
  return typeof v === "string" ? v : undefined
}

/** A number flag, checked: `--ctx abc` says so. */
export const num = (values: Record<string, unknown>, name: string, check: { int?: boolean; min?: number; max?: number } = {}): number | undefined => {
  const v = str(values, name)
  if (v === undefined) return undefined
  const x = Number(v)
  const range = check.min !== undefined && check.max !== undefined ? ` from ${check.min} to ${check.max}` : check.min !== undefined ? ` ≥ ${check.min}` : ""
  if (v.trim() === "" || !Number.isFinite(x) || (check.int && !Number.isInteger(x)) || (check.min !== undefined && x < check.min) || (check.max !== undefined && x > check.max)) {
    throw new UsageError(`--${name} must be ${check.int ? "a whole number" : "a number"}${range}, got "${v}"`)
  }
  return x
}

/** `a, b,,c` → [a, b, c]: a comma-separated value, trimmed, empty items dropped. */
export const commaList = (text: string): Array<string> => text.split(",").map((s) => s.trim()).filter((s) => s !== "")

/** A comma-separated number flag (`--depth 0,4096`), each value checked as `num` does, each once, in the order given. */
export const numberList = (values: Record<string, unknown>, name: string, check: Parameters<typeof num>[2] = {}): Array<number> | undefined => {
  const raw = str(values, name)
  if (raw === undefined) return undefined
  const items = raw.split(",").map((v) => num({ [name]: v.trim() }, name, check)!)
  return [...new Set(items)]
}

export const bool = (values: Record<string, unknown>, name: string): boolean | undefined => {
  const v = str(values, name)
  if (v === undefined) return undefined
  if (["on", "true", "yes", "1"].includes(v.toLowerCase())) return true
  if (["off", "false", "no", "0"].includes(v.toLowerCase())) return false
  throw new UsageError(`--${name} must be on or off, got "${v}"`)
}

export const requireArg = (value: string | undefined, what: string, usage: string): string => {
  if (value === undefined || value === "") throw new UsageError(`missing ${what}; usage: ${usage}`)
  return value
}
