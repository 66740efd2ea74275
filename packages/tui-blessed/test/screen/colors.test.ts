import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Harness } from "../support/harness.js"
import { key } from "../support/keys.js"
import { addBot, openWorld, type OpenWorld } from "../support/world.js"

let world: OpenWorld | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

/** The colours of the cells where `text` shows on the screen. */
const colorsOf = (h: Harness, text: string) => {
  const buf = h.term.buffer.active
  for (let y = 0; y < h.term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y)!
    const x = line.translateToString(false).indexOf(text)
    if (x < 0) continue
    const cell = line.getCell(x)!
    return { fg: cell.isFgDefault() ? "default" : cell.isFgPalette() ? cell.getFgColor() : `rgb ${cell.getFgColor()}`, bg: cell.isBgDefault() ? "default" : cell.getBgColor() }
  }
  throw new Error(`"${text}" is not on the screen:\n${h.screen()}`)
}

/** Every cell of the screen in the default colours. */
const allDefault = (h: Harness): boolean => {
  const buf = h.term.buffer.active
  for (let y = 0; y < h.term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y)!
    for (let x = 0; x < h.term.cols; x++) {
      const c = line.getCell(x)!
      if (!c.isFgDefault() || !c.isBgDefault()) return false
    }
  }
  return true
}

// Black (0) is invisible on a dark theme and white (7, 15) on a light one: dim text is gray (8,
// bright black, as terminals with 16 colours or more show it) or the terminal's default colour.
const READABLE = ["default", 8]

describe("dim text", () => {
  for (const terminal of ["xterm", "xterm-256color", "screen", "screen-256color", "tmux-256color", "linux"]) {
    it.live(`is readable on dark and light themes under TERM=${terminal}`, () =>
      Effect.promise(async () => {
        world = await openWorld()
        const h = await world.tui({ cols: 100, rows: 24, options: { terminal, env: { TERM: terminal } } })
        await h.waitFor("/ to filter")
        expect(READABLE).toContain(colorsOf(h, "F1 help").fg)
        expect(READABLE).toContain(colorsOf(h, "/ to filter").fg)
        await h.press(key("global", "tab.conducer"))
        await h.waitFor("type to filter")
        expect(READABLE).toContain(colorsOf(h, "type to filter").fg)
        await h.quit()
      })
    )
  }

  it.live("NO_COLOR: no colour anywhere, and the active tab and the selection still show (reverse video)", () =>
    Effect.promise(async () => {
      world = await openWorld()
      await world.run(addBot("alpha"))
      const h = await world.tui({ cols: 100, rows: 24, options: { terminal: "tmux-256color", env: { TERM: "tmux-256color", NO_COLOR: "1" } } })
      await h.waitFor("alpha")
      expect(allDefault(h)).toBe(true)
      const buf = h.term.buffer.active
      expect(buf.getLine(buf.viewportY)!.getCell(2)!.isInverse()).toBeTruthy() // " Leaderboard " is the active tab
      await h.press(key("global", "tab.bots"))
      await h.waitFor("Bots — 1 bot")
      expect(allDefault(h)).toBe(true)
      await h.quit()
    })
  )
})
