import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { findGo } from "../src/go.js"

const here = path.dirname(fileURLToPath(import.meta.url))
export const repo = path.resolve(here, "../../..")
export const referenceDir = path.join(repo, "suites", "swe", "reference")
export const fixturesDir = path.join(repo, "suites", "swe", "fixtures")

export const fixture = (name: string) => ({
  code: fs.readFileSync(path.join(fixturesDir, name, `${name}.go`), "utf8"),
  test: fs.readFileSync(path.join(fixturesDir, name, `${name}_test.go`), "utf8")
})

const go = findGo()
/** Tests that need Go skip, saying why, where there is none. */
export const hasGo = !("error" in go)
export const noGoReason = hasGo ? "" : " — SKIPPED: no `go` on PATH (install it: apt-get install golang-go)"
if (!hasGo) console.warn(`swe-eval: go is not on PATH, the tests that build and run Go are skipped`)

export const HEADER = "// 1.00 tok/sec • 10 tokens • 1.00s to first token • Stop: eosFound\n// adjustment: 0; explanation: 0; suggestions: 0\n"

/** Live (not zombie) processes of a uid, from /proc. */
export const processesOf = (uid: number): Array<number> => {
  const pids: Array<number> = []
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue
    try {
      const status = fs.readFileSync(`/proc/${d}/status`, "utf8")
      const m = status.match(/^Uid:\s+(\d+)/m)
      const zombie = /^State:\s+Z/m.test(status)
      if (m && Number(m[1]) === uid && !zombie) pids.push(Number(d))
    } catch {
      // gone
    }
  }
  return pids
}

/** What a process is, for a failure message: pid, state, parent and command line. */
const describeProcess = (pid: number): string => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8")
    const field = (name: string) => status.match(new RegExp(`^${name}:\\s+(.*)$`, "m"))?.[1] ?? "?"
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim()
    return `${pid} ${field("State")} ppid ${field("PPid")} nspid ${field("NSpid")}: ${cmd || field("Name")}`
  } catch {
    return `${pid} (gone)`
  }
}

/**
 * The live processes of a uid left after a while (a killed process takes a moment to go, longer on a loaded
 * machine), each described so that a failure says what survived.
 */
export const survivorsOf = async (uid: number, withinMs = 10_000): Promise<Array<string>> => {
  const until = Date.now() + withinMs
  let left = processesOf(uid)
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    left = processesOf(uid)
  }
  return left.map(describeProcess)
}
