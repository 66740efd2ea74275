import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Simulator } from "@llp/testkit"
import { expect } from "vitest"

export const BIN = fileURLToPath(new URL("../bin/llp.cjs", import.meta.url))
export const REPO = fileURLToPath(new URL("../../../", import.meta.url))

export const tempDir = (prefix = "llp-test-") => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cleanEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("LLP_")) env[k] = v
  return { ...env, NO_COLOR: "1", ...extra }
}

/** Runs the built `llp` in a workspace. */
export const llp = (workspace: string, args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Result => {
  const r = spawnSync(process.execPath, [BIN, "--workspace", workspace, ...args], {
    encoding: "utf8",
    env: cleanEnv(options.env),
    cwd: options.cwd ?? os.tmpdir(),
    input: options.input ?? "",
    timeout: 60_000
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

export const llpJson = <A = any>(workspace: string, args: ReadonlyArray<string>): A => {
  const r = llp(workspace, [...args, "--json"])
  if (r.code !== 0) throw new Error(`llp ${args.join(" ")} failed (${r.code}): ${r.stderr}`)
  return JSON.parse(r.stdout) as A
}

/** Starts `llp` without waiting, for tests that kill it. */
export const llpSpawn = (workspace: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, [BIN, "--workspace", workspace, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() })

export const writeConfig = (workspace: string, config: unknown) => {
  fs.mkdirSync(workspace, { recursive: true })
  fs.writeFileSync(path.join(workspace, "llp.config.json"), JSON.stringify(config, null, 2))
}

/** Runs `llp` without blocking the event loop: needed when the test process itself serves a simulator. */
export const llpAsync = (workspace: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = llpSpawn(workspace, args, env)
    let stdout = ""
    let stderr = ""
    child.stdout!.on("data", (d) => (stdout += d))
    child.stderr!.on("data", (d) => (stderr += d))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

export const llpJsonAsync = async <A = any>(workspace: string, args: ReadonlyArray<string>): Promise<A> => {
  const r = await llpAsync(workspace, [...args, "--json"])
  if (r.code !== 0) throw new Error(`llp ${args.join(" ")} failed (${r.code}): ${r.stderr}`)
  return JSON.parse(r.stdout) as A
}

/**
 * A small suite file's text (category `mini`, 10 points a prompt), so that a tournament takes seconds:
 * prompt n ("Question n") is `body(n)`, its text and rubric.
 */
export const miniSuite = (count: number, body: (n: number) => string) => `---
key: mini
title: Mini
order: 1
temperature: 0.5
---

# System prompt

Be brief.

${Array.from({ length: count }, (_, i) => `# Prompt: Question ${i + 1}\npoints: 10\n\n${body(i + 1)}\n`).join("\n")}`

/** A user error is one line on stderr, `llp: …`, with no stack trace. */
export const oneLine = (stderr: string) => {
  expect(stderr.trim().split("\n")).toHaveLength(1)
  expect(stderr).toMatch(/^llp: /)
  expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|Error:|node:internal/)
}

/** `llp` started without waiting, its output gathered as it comes: for tests that stop it, or its server, midway. */
export const llpWatch = (workspace: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const child = llpSpawn(workspace, args, env)
  const seen = { out: "", err: "", code: undefined as number | null | undefined }
  child.stdout!.on("data", (d) => (seen.out += d))
  child.stderr!.on("data", (d) => (seen.err += d))
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      seen.code = code
      resolve(code)
    })
  )
  /** Waits until the output so far satisfies `done`; an llp that ends first fails the test with its stderr. */
  const until = async (done: (s: typeof seen) => boolean, pollMs = 20) => {
    while (!done(seen)) {
      if (seen.code !== undefined) throw new Error(`llp ${args.join(" ")} ended (${seen.code}) before the test saw what it waits for: ${seen.err}`)
      await new Promise((r) => setTimeout(r, pollMs))
    }
  }
  /** Waits for `count` lines of a `type` in the --json stream on stdout. */
  const lines = (type: string, count: number, pollMs = 20) => until((s) => (s.out.match(new RegExp(`"type":"${type}"`, "g")) ?? []).length >= count, pollMs)
  return { child, seen, exited, until, lines }
}

/** The server goes away for `ms` and comes back on the same port. */
export const serverAway = async (sim: Simulator, ms: number) => {
  await sim.stop()
  await new Promise((r) => setTimeout(r, ms))
  await sim.start()
}
