import { execFileSync, spawnSync } from "node:child_process"

export const hasTmux = spawnSync("tmux", ["-V"]).status === 0

type Wanted = string | RegExp | ((screen: string) => boolean)
const shows = (screen: string, what: Wanted) => (typeof what === "string" ? screen.includes(what) : what instanceof RegExp ? what.test(screen) : what(screen))

/** A tmux server of its own (`-L name`) for one session of the same name: keys in, the screen out, and waiting for text. */
export const tmuxSession = (name: string, pollMs = 100) => {
  const tmux = (...args: Array<string>) => execFileSync("tmux", ["-L", name, ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
  const screen = (...flags: Array<string>) => tmux("capture-pane", "-p", ...flags, "-t", name)
  const keys = (...k: Array<string>) => tmux("send-keys", "-t", name, ...k)
  const title = () => tmux("display-message", "-p", "-t", name, "#{pane_title}")
  const waitFor = async (what: Wanted, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const s = screen()
      if (shows(s, what)) return s
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`)
      await new Promise((r) => setTimeout(r, pollMs))
    }
  }
  /** Ends the server and its session; one already gone is fine. */
  const kill = () => {
    try {
      tmux("kill-server")
    } catch {}
  }
  return { tmux, screen, keys, title, waitFor, kill }
}
