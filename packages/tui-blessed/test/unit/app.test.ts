import { describe, expect, it, vi } from "vitest"
import { osc52, findClipboardTool } from "../../src/app/clipboard.js"
import { resolveKey } from "../../src/app/dispatcher.js"
import { resolvePath } from "../../src/app/files.js"
import { frameScheduler } from "../../src/app/scheduler.js"
import { messageOf } from "../../src/app/errors.js"
import { globalScope } from "../../src/keys/global.js"
import { TABS } from "../../src/keys/tables.js"
import { ProviderError } from "@llp/core"

describe("clipboard", () => {
  it("builds OSC 52 from base64 only, wrapped for tmux when inside it", () => {
    const text = "evil \x07\x1b]0;x\x1b\\ text"
    const b64 = Buffer.from(text).toString("base64")
    const plain = osc52(text, false)
    expect(plain).toBe(`\x1b]52;c;${b64}\x07`)
    expect(plain.slice(7, -1)).toMatch(/^[A-Za-z0-9+/=]*$/)
    const tmux = osc52(text, true)
    expect(tmux.startsWith(`\x1bPtmux;\x1b\x1b]52;c;${b64}\x07\x1b\\`)).toBe(true)
    expect(tmux.endsWith(plain)).toBe(true)
  })

  it("finds no local tool where there is none", () => {
    expect(findClipboardTool({ PATH: "/nonexistent" }, "linux")).toBeNull()
  })
})

describe("dispatcher", () => {
  const leaderboard = TABS[0]!.scope
  it("looks keys up in the tab's table, then the global one", () => {
    expect(resolveKey("r", [leaderboard, globalScope], false)?.binding.action).toBe("reverse")
    expect(resolveKey("C-l", [leaderboard, globalScope], false)?.binding.action).toBe("tab.leaderboard")
    expect(resolveKey("q", [leaderboard, globalScope], false)?.binding.action).toBe("quit")
  })
  it("skips printable keys while typing", () => {
    expect(resolveKey("q", [leaderboard, globalScope], true)).toBeUndefined()
    expect(resolveKey("C-c", [leaderboard, globalScope], true)?.binding.action).toBe("quit")
    expect(resolveKey("f3", [leaderboard, globalScope], true)?.binding.action).toBe("tab.ingressor")
  })
})

describe("frames", () => {
  it("draws at most once per interval, and at once in a quiet moment", () => {
    vi.useFakeTimers()
    let now = 0
    let draws = 0
    const s = frameScheduler(() => draws++, 33, () => now)
    s.request()
    vi.advanceTimersByTime(0)
    expect(draws).toBe(1)
    for (let i = 0; i < 100; i++) {
      now += 1
      s.request()
      vi.advanceTimersByTime(1)
    }
    // 100 ms of requests: one frame at the start, then one per 33 ms
    expect(draws).toBeLessThanOrEqual(5)
    s.dispose()
    vi.useRealTimers()
  })
})

describe("small things", () => {
  it("resolves typed paths in the workspace or the home folder", () => {
    expect(resolvePath("exports/a.csv", "/ws")).toBe("/ws/exports/a.csv")
    expect(resolvePath("/tmp/a.csv", "/ws")).toBe("/tmp/a.csv")
    expect(resolvePath("~/a.csv", "/ws")).not.toContain("~")
  })
  it("says what to do about a provider error", () => {
    expect(messageOf(new ProviderError({ provider: "lmstudio", reason: "Unreachable", detail: "refused" }))).toBe(
      "lmstudio: refused — Is the server running? Start it, or check the provider's baseUrl in llp.config.json."
    )
  })
})
