import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { ConfigError, defaultConfig, parseConfig, type Workspace } from "@llp/core"
import { makeDirs, readIfExists, writeAtomic } from "./files.js"
import { CONFIG_FILE, locateWorkspace, type WorkspaceSource } from "./locate.js"

export interface OpenedWorkspace extends Workspace.Service {
  readonly source: WorkspaceSource
  /** true when this call created it. */
  readonly created: boolean
}

const STARTER_CONFIG = `{
  "providers": {}
}
`

export const layoutOf = (root: string) => ({
  root,
  configFile: path.join(root, CONFIG_FILE),
  dbFile: path.join(root, "db", "llp.sqlite"),
  outputsDir: path.join(root, "llm_outputs")
})

/** Finds (or creates) the workspace and reads its configuration. */
export const openWorkspace = (options: {
  readonly flag?: string | undefined
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** false: fail rather than create a missing workspace. */
  readonly create?: boolean
}): Effect.Effect<OpenedWorkspace, ConfigError> =>
  Effect.gen(function* () {
    const env = options.env ?? process.env
    const { root, source } = locateWorkspace({ flag: options.flag, ...(options.cwd ? { cwd: options.cwd } : {}), env })
    const layout = layoutOf(root)
    const fail = (reason: string) => Effect.fail(new ConfigError({ file: layout.configFile, key: "(workspace)", reason }))
    let created = false
    if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) return yield* fail(`${root} is not a folder`)
    const text = yield* Effect.try({ try: () => readIfExists(layout.configFile), catch: (e) => new ConfigError({ file: layout.configFile, key: "(file)", reason: (e as Error).message }) })
    if (text === null) {
      if (options.create === false) return yield* fail(`no workspace here (no ${CONFIG_FILE}); run \`llp init\``)
      yield* Effect.try({
        try: () => {
          makeDirs(path.dirname(layout.dbFile))
          makeDirs(layout.outputsDir)
          writeAtomic(layout.configFile, STARTER_CONFIG)
        },
        catch: (e) => new ConfigError({ file: layout.configFile, key: "(workspace)", reason: `cannot create the workspace: ${(e as Error).message}` })
      })
      created = true
    } else {
      yield* Effect.try({
        try: () => {
          makeDirs(path.dirname(layout.dbFile))
          makeDirs(layout.outputsDir)
        },
        catch: (e) => new ConfigError({ file: layout.configFile, key: "(workspace)", reason: (e as Error).message })
      })
    }
    const config = text === null ? defaultConfig : yield* Either.match(parseConfig(layout.configFile, text, env), { onLeft: Effect.fail, onRight: Effect.succeed })
    return { ...layout, config, source, created }
  })
