import * as fs from "node:fs"
import * as path from "node:path"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { Store, type Archive, type Provider, type Workspace } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { loadSuites, tempDir, world } from "./services.js"
import { startTui, type Harness } from "./harness.js"
import type { TuiOptions } from "../../src/index.js"

export type Services = Store.Store | Provider.Providers | Archive.Archive | Workspace.Workspace

/** The store the screen tests use: SQLite in a file of the temp workspace. */
export const storeLayer = (dbFile: string): Layer.Layer<Store.Store> => {
  fs.mkdirSync(path.dirname(dbFile), { recursive: true })
  return Layer.orDie(SqliteStore.layer(dbFile))
}

export interface OpenWorld {
  readonly root: string
  readonly layer: Layer.Layer<Services>
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>) => Promise<A>
  readonly tui: (o?: { cols?: number; rows?: number; options?: TuiOptions }) => Promise<Harness>
  readonly close: () => Promise<void>
}

/** Services built once (so the test and the TUI share the store), in a temp workspace with the suites loaded. */
export const openWorld = async (o: Parameters<typeof world>[1] & { suites?: boolean; store?: Layer.Layer<Store.Store> } = {}): Promise<OpenWorld> => {
  const root = o.root ?? tempDir()
  const w = world(o.store ?? storeLayer(path.join(root, "db", "llp.sqlite")), { ...o, root })
  const scope = await Effect.runPromise(Scope.make())
  const ctx: Context.Context<Services> = await Effect.runPromise(Layer.buildWithScope(w.layer, scope))
  const layer = Layer.succeedContext(ctx)
  const run = <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.runPromise(Effect.provide(effect, ctx))
  if (o.suites !== false) await run(loadSuites)
  return {
    root,
    layer,
    run,
    tui: (t) => startTui(layer, t),
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      if (o.root === undefined) fs.rmSync(root, { recursive: true, force: true })
    }
  }
}

export const addBot = (name: string, provider = "demo", model = "demo-fast-3b") =>
  Effect.flatMap(Store.Store, (s) => s.createBot({ name, provider, model }))
