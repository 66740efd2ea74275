import { allScopes } from "../../src/keys/tables.js"

/** The bytes a terminal sends for a blessed key name (`C-d`, `f8`, `M-l`, `S-tab`, `enter`, `q`). */
export const bytesOf = (key: string): string => {
  const named: Record<string, string> = {
    up: "\x1b[A",
    down: "\x1b[B",
    right: "\x1b[C",
    left: "\x1b[D",
    enter: "\r",
    tab: "\t",
    "S-tab": "\x1b[Z",
    escape: "\x1b",
    backspace: "\x7f",
    delete: "\x1b[3~",
    space: " ",
    home: "\x1b[H",
    end: "\x1b[F",
    pageup: "\x1b[5~",
    pagedown: "\x1b[6~",
    f1: "\x1bOP",
    f2: "\x1bOQ",
    f3: "\x1bOR",
    f4: "\x1bOS",
    f5: "\x1b[15~",
    f6: "\x1b[17~",
    f7: "\x1b[18~",
    f8: "\x1b[19~",
    f9: "\x1b[20~"
  }
  if (named[key]) return named[key]!
  if (/^C-[a-z]$/.test(key)) return String.fromCharCode(key.charCodeAt(2) - 96)
  if (/^M-.$/.test(key)) return `\x1b${key.slice(2)}`
  if (/^S-[a-z]$/.test(key)) return key.slice(2).toUpperCase()
  if ([...key].length === 1) return key
  throw new Error(`no bytes for key ${key}`)
}

/** The configured keys of an action: tests press what the tables say, not literals. */
export const keysOf = (scope: string, action: string): ReadonlyArray<string> => {
  const s = allScopes.find((x) => x.id === scope)
  const b = s?.bindings.find((x) => x.action === action)
  if (!b) throw new Error(`no binding ${scope}:${action}`)
  return b.keys
}

/** The bytes of an action's primary key (or of its n-th key). */
export const key = (scope: string, action: string, n = 0): string => bytesOf(keysOf(scope, action)[n]!)
