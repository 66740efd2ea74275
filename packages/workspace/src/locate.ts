import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export const CONFIG_FILE = "llp.config.json"

export type WorkspaceSource = "flag" | "env" | "upward" | "user"

/** The per-user data folder: XDG on Linux, the usual places on macOS and Windows. */
export const userDataDir = (env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string => {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir()
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "llp")
  if (platform === "darwin") return path.join(home, "Library", "Application Support", "llp")
  return path.join(env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, ".local", "share"), "llp")
}

/**
 * Where the workspace is: --workspace DIR, else LLP_HOME, else the nearest folder upward
 * holding llp.config.json, else the per-user data folder.
 */
export const locateWorkspace = (options: { flag?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv }): { root: string; source: WorkspaceSource } => {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  if (options.flag !== undefined && options.flag !== "") return { root: path.resolve(cwd, options.flag), source: "flag" }
  if (env.LLP_HOME) return { root: path.resolve(cwd, env.LLP_HOME), source: "env" }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) return { root: dir, source: "upward" }
    if (path.dirname(dir) === dir) break
  }
  return { root: userDataDir(env), source: "user" }
}
