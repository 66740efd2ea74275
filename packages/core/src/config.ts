import * as Either from "effect/Either"
import { ConfigError } from "./errors.js"
import type { ProviderKind } from "./services/Provider.js"

export interface ProviderConfig {
  readonly name: string
  readonly type: ProviderKind
  readonly baseUrl: string
  readonly apiKey?: string
  /** true when it comes from llp.config.json */
  readonly configured: boolean
  /**
   * What keeps this provider from working (a key read from an unset environment variable), with the
   * key at fault. Only using this provider fails; the others still work.
   */
  readonly problem?: string
}

export interface Timeouts {
  /** Time allowed from the request to the first token: a cold model load can take minutes. */
  readonly firstTokenMs: number
  /** Time allowed between two tokens. */
  readonly idleMs: number
}

/**
 * Where the store lives: SQLite in the workspace (the default), or a Postgres server shared by several
 * machines. `url` is absent when it reads an unset environment variable; `problem` then says which.
 */
export type StoreConfig =
  | { readonly type: "sqlite" }
  | { readonly type: "postgres"; readonly url?: string; readonly problem?: string }

export interface Config {
  readonly store: StoreConfig
  readonly providers: ReadonlyArray<ProviderConfig>
  readonly timeouts: Timeouts
  /** Tournament: how long to wait for a dead server to come back, with back-off, before stopping. */
  readonly retryForMs: number
  /** The bot that judges answers when a command names none (`llp judge`); a bot name or id. */
  readonly judge?: string
}

export const DEFAULT_TIMEOUTS: Timeouts = { firstTokenMs: 10 * 60_000, idleMs: 2 * 60_000 }

export const BUILT_IN: ReadonlyArray<ProviderConfig> = [
  { name: "lmstudio", type: "lmstudio", baseUrl: "http://127.0.0.1:1234", configured: false },
  { name: "ollama", type: "ollama", baseUrl: "http://127.0.0.1:11434", configured: false },
  { name: "demo", type: "demo", baseUrl: "demo:", configured: false }
]

const TYPES: ReadonlyArray<string> = ["lmstudio", "ollama", "openai-compatible", "demo"]
const NAME = /^[a-z0-9][a-z0-9._-]*$/

export const defaultConfig: Config = { store: { type: "sqlite" }, providers: BUILT_IN, timeouts: DEFAULT_TIMEOUTS, retryForMs: 10 * 60_000 }

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x)

/**
 * Reads llp.config.json. Unknown keys are errors (a typo should not be silently ignored);
 * every error names the key at fault. `apiKey: "env:NAME"` reads the key from the environment.
 */
export const parseConfig = (
  file: string,
  text: string,
  env: Readonly<Record<string, string | undefined>>
): Either.Either<Config, ConfigError> => {
  const fail = (key: string, reason: string) => Either.left(new ConfigError({ file, key, reason }))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return fail("(file)", `not valid JSON: ${(e as Error).message}`)
  }
  if (!isObject(json)) return fail("(file)", "must be a JSON object")
  for (const k of Object.keys(json)) {
    if (!["$schema", "store", "providers", "timeouts", "retryForMs", "judge"].includes(k)) return fail(k, "unknown key (expected store, providers, timeouts, retryForMs, judge)")
  }
  const providers = new Map(BUILT_IN.map((p) => [p.name, p]))
  if (json.providers !== undefined) {
    if (!isObject(json.providers)) return fail("providers", "must be an object of named providers")
    for (const [name, value] of Object.entries(json.providers)) {
      const at = `providers.${name}`
      if (!NAME.test(name)) return fail(at, "a provider name is lowercase letters, digits, '.', '_' and '-'")
      if (!isObject(value)) return fail(at, "must be an object with type and baseUrl")
      for (const k of Object.keys(value)) {
        if (!["type", "baseUrl", "apiKey"].includes(k)) return fail(`${at}.${k}`, "unknown key (expected type, baseUrl, apiKey)")
      }
      const type = value.type ?? providers.get(name)?.type
      if (typeof type !== "string" || !TYPES.includes(type)) return fail(`${at}.type`, `must be one of ${TYPES.join(", ")}`)
      const baseUrl = value.baseUrl ?? providers.get(name)?.baseUrl
      if (type !== "demo") {
        if (typeof baseUrl !== "string") return fail(`${at}.baseUrl`, "must be a URL such as http://127.0.0.1:5000/v1")
        let url: URL
        try {
          url = new URL(baseUrl)
        } catch {
          return fail(`${at}.baseUrl`, `"${baseUrl}" is not a URL`)
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") return fail(`${at}.baseUrl`, "must start with http:// or https://")
      }
      let apiKey: string | undefined
      let problem: string | undefined
      if (value.apiKey !== undefined) {
        if (typeof value.apiKey !== "string") return fail(`${at}.apiKey`, 'must be a string: the key, or "env:NAME" to read it from the environment')
        if (value.apiKey.startsWith("env:")) {
          const v = env[value.apiKey.slice(4)]
          if (v === undefined || v === "") problem = `${file}: ${at}.apiKey: the environment variable ${value.apiKey.slice(4)} is not set`
          else apiKey = v
        } else apiKey = value.apiKey
      }
      providers.set(name, {
        name,
        type: type as ProviderKind,
        baseUrl: typeof baseUrl === "string" ? baseUrl.replace(/\/+$/, "") : "demo:",
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(problem !== undefined ? { problem } : {}),
        configured: true
      })
    }
  }
  let timeouts = DEFAULT_TIMEOUTS
  if (json.timeouts !== undefined) {
    if (!isObject(json.timeouts)) return fail("timeouts", "must be an object with firstTokenMs and idleMs")
    for (const [k, v] of Object.entries(json.timeouts)) {
      if (k !== "firstTokenMs" && k !== "idleMs") return fail(`timeouts.${k}`, "unknown key (expected firstTokenMs, idleMs)")
      if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) return fail(`timeouts.${k}`, "must be a whole number of milliseconds > 0")
      timeouts = { ...timeouts, [k]: v }
    }
  }
  let retryForMs = defaultConfig.retryForMs
  if (json.retryForMs !== undefined) {
    if (typeof json.retryForMs !== "number" || !Number.isInteger(json.retryForMs) || json.retryForMs < 0) {
      return fail("retryForMs", "must be a whole number of milliseconds ≥ 0")
    }
    retryForMs = json.retryForMs
  }
  let store: StoreConfig = { type: "sqlite" }
  if (json.store !== undefined) {
    if (!isObject(json.store)) return fail("store", 'must be an object such as {"type": "postgres", "url": "env:LLP_DATABASE_URL"}')
    for (const k of Object.keys(json.store)) {
      if (k !== "type" && k !== "url") return fail(`store.${k}`, "unknown key (expected type, url)")
    }
    if (json.store.type === "sqlite") {
      if (json.store.url !== undefined) return fail("store.url", "a SQLite store lives in the workspace (db/llp.sqlite) and takes no url")
    } else if (json.store.type === "postgres") {
      const raw = json.store.url
      if (typeof raw !== "string" || raw.trim() === "") return fail("store.url", 'must be a postgres:// URL, or "env:NAME" to read it from the environment')
      let url: string | undefined = raw.trim()
      let problem: string | undefined
      if (url.startsWith("env:")) {
        const v = env[url.slice(4)]
        if (v === undefined || v.trim() === "") {
          problem = `${file}: store.url: the environment variable ${url.slice(4)} is not set`
          url = undefined
        } else url = v.trim()
      }
      if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
        return fail("store.url", `must start with postgres:// or postgresql:// (${raw.startsWith("env:") ? `${raw.slice(4)} holds something else` : "got something else"})`)
      }
      store = { type: "postgres", ...(url !== undefined ? { url } : {}), ...(problem !== undefined ? { problem } : {}) }
    } else return fail("store.type", 'must be "sqlite" or "postgres"')
  }
  if (json.judge !== undefined && (typeof json.judge !== "string" || json.judge.trim() === "")) return fail("judge", "must be the name (or id) of the bot that judges")
  return Either.right({ store, providers: [...providers.values()], timeouts, retryForMs, ...(typeof json.judge === "string" ? { judge: json.judge.trim() } : {}) })
}
