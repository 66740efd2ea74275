import blessed from "blessed"
import type { Writable } from "node:stream"
import { teachBlessed } from "../presentation/cells.js"

/** The streams the screen runs on; process.stdin/stdout by default. */
export interface ScreenStreams {
  readonly input: NodeJS.EventEmitter
  readonly output: NodeJS.WritableStream
  readonly terminal?: string | undefined
}

/**
 * A blessed screen on the given streams. Box characters are drawn by LLP itself as Unicode, so no
 * ACS is needed. (@types/blessed has input and output swapped, hence the casts.)
 */
export const createScreen = (s: ScreenStreams): blessed.Widgets.Screen => {
  teachBlessed()
  const screen = blessed.screen({
    input: s.input as unknown as Writable,
    output: s.output as unknown as NodeJS.ReadableStream as never,
    ...(s.terminal !== undefined ? { terminal: s.terminal } : {}),
    smartCSR: true,
    fullUnicode: true,
    forceUnicode: true,
    warnings: false,
    autoPadding: false,
    title: "LLP",
    resizeTimeout: 50
  } as blessed.Widgets.IScreenOptions)
  // LLP draws its frames with Unicode box characters; without this blessed would turn them into the
  // terminal's ACS line drawing (which tmux capture-pane shows as "lqqk").
  ;(screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true
  return screen
}

/** A box that shows tagged lines as they are (no wrapping, no scrolling of its own). */
export const linesBox = (screen: blessed.Widgets.Screen, options: blessed.Widgets.BoxOptions = {}): blessed.Widgets.BoxElement =>
  blessed.box({ parent: screen, tags: true, wrap: false, scrollable: false, ...options } as blessed.Widgets.BoxOptions)
