import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Layer, Stream } from "effect"
import { Archive, BUILT_IN, defaultConfig, makeDemoProvider, Provider, ProviderError, Store, Workspace, type ProviderConfig } from "@llp/core"
import { archiveLayer, readSuiteDir } from "@llp/workspace"

export const SUITES = fileURLToPath(new URL("../../../../suites", import.meta.url))

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "llp-tui-"))

/** A provider that streams the given pieces, then finishes (or fails with `error`). */
export const scriptedProvider = (name: string, pieces: ReadonlyArray<string>, o: { delayMs?: number; error?: ProviderError; model?: string } = {}): Provider.Service => ({
  name,
  kind: "openai-compatible",
  baseUrl: "http://127.0.0.1:9",
  listModels: () => (o.error ? Effect.fail(o.error) : Effect.succeed([{ id: "scripted-7b", type: "llm", meta: {} }, { id: "nomic-embed", type: "embeddings", meta: {} }])),
  load: () => Effect.fail(new ProviderError({ provider: name, reason: "Unsupported", detail: "no" })),
  unload: () => Effect.void,
  chat: (req) =>
    Stream.make<Array<Provider.StreamPart>>({ type: "request", body: {} }, { type: "response-metadata", model: o.model ?? req.model }).pipe(
      Stream.concat(Stream.fromIterable(pieces).pipe(Stream.mapEffect((delta) => Effect.sleep(o.delayMs ?? 5).pipe(Effect.as<Provider.StreamPart>({ type: "text-delta", delta }))))),
      Stream.concat(
        o.error
          ? Stream.fail(o.error)
          : Stream.make<Array<Provider.StreamPart>>({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { outputTokens: pieces.length }, timings: {} })
      )
    )
})

export interface TestWorld {
  readonly root: string
  readonly layer: Layer.Layer<Store.Store | Provider.Providers | Archive.Archive | Workspace.Workspace>
}

/**
 * Services for an in-process TUI test: the given store layer, the demo provider (and any extra
 * providers), an archive and a workspace in a temp folder.
 */
export const world = (store: Layer.Layer<Store.Store>, o: { extra?: ReadonlyArray<Provider.Service>; demoPace?: number; root?: string } = {}): TestWorld => {
  const root = o.root ?? tempDir()
  fs.mkdirSync(path.join(root, "llm_outputs"), { recursive: true })
  const extra = o.extra ?? []
  const providers: ReadonlyArray<ProviderConfig> = [
    ...BUILT_IN,
    ...extra.map((p) => ({ name: p.name, type: p.kind, baseUrl: p.baseUrl, configured: true }))
  ]
  const demo = makeDemoProvider("demo", o.demoPace ?? 0.2)
  const registry: Provider.Registry = {
    list: () => providers.map((p) => ({ name: p.name, kind: p.type, baseUrl: p.baseUrl, configured: p.configured })),
    get: (name) => {
      if (name === "demo") return Effect.succeed(demo)
      const x = extra.find((p) => p.name === name)
      if (x) return Effect.succeed(x)
      return Effect.fail(new ProviderError({ provider: name, reason: "Unreachable", detail: `cannot connect to ${name}` }))
    }
  }
  const ws: Workspace.Service = {
    root,
    configFile: path.join(root, "llp.config.json"),
    dbFile: path.join(root, "db", "llp.sqlite"),
    outputsDir: path.join(root, "llm_outputs"),
    config: { ...defaultConfig, providers, timeouts: { firstTokenMs: 20_000, idleMs: 20_000 } }
  }
  return {
    root,
    layer: Layer.mergeAll(store, Layer.succeed(Provider.Providers, registry), archiveLayer(ws.outputsDir), Layer.succeed(Workspace.Workspace, ws))
  }
}

/** Loads the repository's suites into the store. */
export const loadSuites = Effect.gen(function* () {
  const store = yield* Store.Store
  const { suites, errors } = readSuiteDir(SUITES)
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"))
  for (const s of suites) yield* store.loadSuite(s)
  return suites.length
})
