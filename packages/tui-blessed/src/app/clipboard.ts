import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

/** Largest text sent by OSC 52; many terminals drop longer ones. */
export const OSC52_MAX = 100_000

/**
 * OSC 52 "set clipboard" for the text. The text is base64-encoded, so nothing in it can end the
 * sequence or start another. Inside tmux ($TMUX set) the sequence is also sent wrapped in tmux's
 * DCS passthrough (ESC doubled), which reaches the outer terminal when `allow-passthrough` is on;
 * the plain one is kept for `set-clipboard on`.
 */
export const osc52 = (text: string, inTmux: boolean): string => {
  const b64 = Buffer.from(text, "utf8").toString("base64")
  const plain = `\x1b]52;c;${b64}\x07`
  if (!inTmux) return plain
  return `\x1bPtmux;${plain.replace(/\x1b/g, "\x1b\x1b")}\x1b\\` + plain
}

export interface ClipboardTool {
  readonly command: string
  readonly args: ReadonlyArray<string>
}

const onPath = (cmd: string, env: NodeJS.ProcessEnv): boolean =>
  (env.PATH ?? "").split(path.delimiter).some((dir) => {
    if (dir === "") return false
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK)
      return true
    } catch {
      return false
    }
  })

/** The local clipboard tool for this system, if one is installed. */
export const findClipboardTool = (env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ClipboardTool | null => {
  const candidates: Array<ClipboardTool & { when: boolean }> = [
    { command: "pbcopy", args: [], when: platform === "darwin" },
    { command: "clip.exe", args: [], when: platform === "win32" || env.WSL_DISTRO_NAME !== undefined },
    { command: "wl-copy", args: [], when: env.WAYLAND_DISPLAY !== undefined },
    { command: "xclip", args: ["-selection", "clipboard"], when: env.DISPLAY !== undefined },
    { command: "xsel", args: ["--clipboard", "--input"], when: env.DISPLAY !== undefined },
    { command: "tmux", args: ["load-buffer", "-w", "-"], when: env.TMUX !== undefined }
  ]
  for (const c of candidates) if (c.when && onPath(c.command, env)) return { command: c.command, args: c.args }
  return null
}

/** Pipes the text into the tool; never throws, resolves with an error message or null. */
export const copyWithTool = (tool: ClipboardTool, text: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> =>
  new Promise((resolve) => {
    try {
      const child = spawn(tool.command, [...tool.args], { stdio: ["pipe", "ignore", "ignore"], env, detached: false })
      const timer = setTimeout(() => {
        child.kill()
        resolve(`${tool.command} did not finish`)
      }, 3000)
      child.on("error", (e) => {
        clearTimeout(timer)
        resolve(`${tool.command}: ${e.message}`)
      })
      child.on("close", (code) => {
        clearTimeout(timer)
        resolve(code === 0 ? null : `${tool.command} exited with ${code}`)
      })
      child.stdin.on("error", () => undefined)
      child.stdin.end(text)
    } catch (e) {
      resolve(`${tool.command}: ${(e as Error).message}`)
    }
  })
