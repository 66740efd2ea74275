import type { ServerInfo } from "../domain/Machine.js"

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const numberAt = (o: Record<string, unknown> | undefined, key: string): number | null => {
  const v = o?.[key]
  return typeof v === "number" && Number.isFinite(v) ? v : null
}

/** What reproduces a run beyond its sampling parameters: the seed and context length actually asked for or reported. */
export interface RunManifest {
  readonly seed: number | null
  readonly contextLength: number | null
  readonly serverVersion: string | null
}

/**
 * From the request as sent on the wire (`seed`, Ollama `options.seed`/`options.num_ctx`, LM Studio
 * `context_length`), else the bot's context length, else what the server reported for the model.
 */
export const manifestOf = (input: {
  readonly wire: unknown
  readonly botContextLength: number | undefined
  readonly modelInfo: unknown
  readonly server: ServerInfo | null
  readonly runtime: unknown
}): RunManifest => {
  const wire = isObject(input.wire) ? input.wire : undefined
  const options = isObject(wire?.["options"]) ? (wire["options"] as Record<string, unknown>) : undefined
  const modelInfo = isObject(input.modelInfo) ? input.modelInfo : undefined
  const seed = numberAt(wire, "seed") ?? numberAt(options, "seed")
  const contextLength =
    numberAt(options, "num_ctx") ?? numberAt(wire, "context_length") ?? input.botContextLength ?? numberAt(modelInfo, "context_length") ?? null
  return { seed, contextLength, serverVersion: serverVersionOf(input.server, input.runtime) }
}

/** "ollama 0.12.6"; LM Studio names its runtime in each answer ({name, version}). */
export const serverVersionOf = (server: ServerInfo | null, runtime: unknown): string | null => {
  if (server !== null) return server.version === null ? server.name : `${server.name} ${server.version}`
  if (isObject(runtime) && typeof runtime["name"] === "string") {
    return typeof runtime["version"] === "string" ? `${runtime["name"]} ${runtime["version"]}` : runtime["name"]
  }
  return null
}
