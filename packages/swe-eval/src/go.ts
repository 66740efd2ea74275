import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** The Go toolchain found on PATH. */
export interface GoToolchain {
  /** The `go` binary, symlinks resolved. */
  readonly go: string
  /** Its folder, put first on the sandbox's PATH. */
  readonly binDir: string
  readonly goroot: string
  /** `go env GOTOOLDIR`: test2json lives here. */
  readonly toolDir: string
  /** e.g. go1.19.8 */
  readonly version: string
  /** e.g. `go version go1.19.8 linux/amd64` */
  readonly versionLine: string
}

const isExecutable = (file: string): boolean => {
  try {
    const st = fs.statSync(file)
    if (!st.isFile()) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first `go` on a PATH-like list of folders, or null. */
export const whichGo = (searchPath: string | undefined): string | null => {
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (dir === "" || !path.isAbsolute(dir)) continue // a relative PATH entry would pick up a `go` from the current folder
    const file = path.join(dir, "go")
    if (isExecutable(file)) return file
  }
  return null
}

/** The environment `go env` / `go version` run with: nothing of the user's, no toolchain switching, no network. */
export const probeEnv = (binDir: string, home: string): Record<string, string> => ({
  PATH: [binDir, "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
  HOME: home,
  GOENV: "off",
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOFLAGS: "-mod=mod",
  GOWORK: "off",
  CGO_ENABLED: "0"
})

const cache = new Map<string, GoToolchain | { readonly error: string }>()

/**
 * Finds go and asks it about itself (trusted: our own toolchain, run outside the sandbox with a minimal
 * environment). Result cached per binary. `{ error }` when there is no usable go.
 */
export const findGo = (searchPath: string | undefined = process.env.PATH): GoToolchain | { readonly error: string } => {
  const found = whichGo(searchPath)
  if (found === null) return { error: "no go on PATH" }
  let go: string
  try {
    go = fs.realpathSync(found)
  } catch (e) {
    return { error: `${found}: ${(e as Error).message}` }
  }
  const known = cache.get(go)
  if (known) return known
  const binDir = path.dirname(go)
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "llp-go-probe-"))
  try {
    const env = probeEnv(binDir, home)
    const v = spawnSync(go, ["version"], { env, cwd: home, encoding: "utf8", timeout: 30_000 })
    const e = spawnSync(go, ["env", "GOROOT", "GOTOOLDIR"], { env, cwd: home, encoding: "utf8", timeout: 30_000 })
    if (v.status !== 0 || e.status !== 0) {
      const result = { error: `${go} does not run: ${(v.stderr || e.stderr || v.error?.message || e.error?.message || "").trim()}` }
      cache.set(go, result)
      return result
    }
    const versionLine = v.stdout.trim()
    const version = versionLine.match(/\bgo(\d+(?:\.\d+)*\S*)/)?.[0] ?? versionLine
    const [goroot = "", toolDir = ""] = e.stdout.trim().split("\n").map((s) => s.trim())
    const result: GoToolchain = { go, binDir, goroot, toolDir, version, versionLine }
    cache.set(go, result)
    return result
  } finally {
    fs.rmSync(home, { recursive: true, force: true })
  }
}
