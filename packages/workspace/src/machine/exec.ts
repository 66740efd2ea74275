import { execFile } from "node:child_process"

/** Every probe and sample gives up after this: a hung driver tool must not hold LLP up. */
export const PROBE_TIMEOUT_MS = 1500

export type ToolResult = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly reason: string }

/**
 * Runs a tool found on PATH, never through a shell (no argument is ever interpreted), killed after the
 * timeout. Never rejects: a missing tool, a failure or a timeout is a reason in words.
 */
export const runTool = (command: string, args: ReadonlyArray<string>, timeoutMs = PROBE_TIMEOUT_MS): Promise<ToolResult> =>
  new Promise((resolve) => {
    try {
      execFile(command, [...args], { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
        if (error === null) return resolve({ ok: true, stdout: String(stdout) })
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown }
        if (e.code === "ENOENT") return resolve({ ok: false, reason: `${command}: not found` })
        if (e.killed === true) return resolve({ ok: false, reason: `${command}: no answer within ${timeoutMs} ms` })
        resolve({ ok: false, reason: `${command}: ${typeof e.code === "number" ? `exit code ${e.code}` : (e.message.split("\n")[0] ?? "failed")}` })
      })
    } catch (e) {
      resolve({ ok: false, reason: `${command}: ${e instanceof Error ? e.message : String(e)}` })
    }
  })
