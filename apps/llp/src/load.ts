/**
 * Loads the bundle (dist/main.cjs) through V8's code cache.
 *
 * Most of a cold `llp` command used to be V8 parsing and compiling two megabytes of bundled
 * Effect; Node 20 has no on-disk compile cache for modules, but `vm.Script` accepts V8 cache data.
 * The cache lives in the per-user cache folder, named after where the bundle is (V8 rejects a cache made
 * for another file name), its build id, Node's version and the architecture, so a new build or a new
 * Node never reads an old cache, and two installs keep a cache each. It is an optimisation only: every
 * failure to read or write it is ignored, and `LLP_CODE_CACHE=0` turns it off.
 */
import * as fs from "node:fs"
import { createRequire, Module } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import * as vm from "node:vm"

type Main = { readonly main: (argv: ReadonlyArray<string>) => Promise<number> }

/** The per-user cache folder: XDG on Linux, the usual places on macOS and Windows. */
export const cacheDir = (env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string => {
  if (platform === "win32") return path.join(env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"), "llp", "Cache")
  if (platform === "darwin") return path.join(home, "Library", "Caches", "llp")
  const xdg = env.XDG_CACHE_HOME
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".cache"), "llp")
}

const readOrUndefined = (file: string): Buffer | undefined => {
  try {
    return fs.readFileSync(file)
  } catch {
    return undefined
  }
}

/** FNV-1a: a short stable name for the bundle's path, without loading node:crypto. */
const pathKey = (text: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16).padStart(8, "0")
}

/** Writes the cache atomically and removes the caches of earlier builds at the same place. */
const saveCache = (dir: string, file: string, prefix: string, data: Buffer): void => {
  try {
    // level by level: Node's recursive mkdir spins forever where mkdir answers ENOENT (a cache folder under /proc)
    for (const d of [path.dirname(dir), dir]) if (!fs.existsSync(d)) fs.mkdirSync(d)
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, data)
    fs.renameSync(tmp, file)
    for (const other of fs.readdirSync(dir)) {
      if (other.startsWith(prefix) && other.endsWith(".v8") && path.join(dir, other) !== file) fs.rmSync(path.join(dir, other), { force: true })
    }
  } catch {
    // a read-only or full disk only costs speed
  }
}

/** Runs `main` from the bundle; the cache is written once the command is done, so it holds what the command compiled. */
export const runMain = async (bundle: string, argv: ReadonlyArray<string>): Promise<number> => {
  const source = fs.readFileSync(bundle, "utf8")
  const id = process.env.LLP_CODE_CACHE === "0" ? undefined : readOrUndefined(`${bundle}.id`)?.toString("utf8").trim()
  const dir = cacheDir()
  const prefix = `main-${pathKey(bundle)}-`
  const file = id ? path.join(dir, `${prefix}${id.slice(0, 16)}-${process.version}-${process.arch}.v8`) : undefined
  const cachedData = file ? readOrUndefined(file) : undefined
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) })
  const module = { exports: {} as Main }
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle))
  const code = await module.exports.main(argv)
  if (file && (!cachedData || script.cachedDataRejected)) saveCache(dir, file, prefix, script.createCachedData())
  return code
}
