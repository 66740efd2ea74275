import * as path from "node:path"
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Archive, MachineInfo, Provider, Store, Workspace } from "@llp/core"
import { archiveLayer, machineLayer, openWorkspace, readSuiteDir, type OpenedWorkspace } from "@llp/workspace"
import { factories } from "./factories.js"
import { providersLayer } from "./providers.js"
import { storeLayer } from "./store.js"

export type Services = Store.Store | Provider.Providers | Archive.Archive | Workspace.Workspace | MachineInfo.MachineInfo

/** The suites shipped with LLP: next to the bundle when packed, else the repository's suites/. */
export const bundledSuitesDir = (): string => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const candidates = [path.join(here, "suites"), path.resolve(here, "../../../suites"), path.resolve(here, "../../../../suites")]
  return candidates.find((c) => fs.existsSync(path.join(c))) ?? candidates[0]!
}

export const servicesLayer = (ws: OpenedWorkspace): Layer.Layer<Services, unknown> =>
  Layer.mergeAll(
    Layer.succeed(Workspace.Workspace, ws),
    // the machine profile is gathered only when a command first asks for it (a run, the leaderboard, llp machine)
    machineLayer.pipe(Layer.provideMerge(storeLayer(ws))),
    archiveLayer(ws.outputsDir),
    providersLayer(ws.config, factories)
  ).pipe(Layer.provide(FetchHttpClient.layer))

/** Loads the bundled suites into a workspace that has none yet (the first run). */
export const ensureSuites = Effect.gen(function* () {
  const store = yield* Store.Store
  const categories = yield* store.listCategories()
  if (categories.length > 0) return
  const { suites, errors } = readSuiteDir(bundledSuitesDir())
  for (const e of errors) process.stderr.write(`llp: ${e.message}\n`)
  for (const suite of suites) yield* store.loadSuite(suite)
})

export const open = (flag: string | undefined, create = true) => openWorkspace({ flag, create })
