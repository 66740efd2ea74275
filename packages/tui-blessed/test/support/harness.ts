import { PassThrough, Writable } from "node:stream"
import xterm from "@xterm/headless"
import { Effect, Exit, Fiber, type Layer } from "effect"
import type { Archive, Provider, Store, Workspace } from "@llp/core"
import { runTui, type TuiOptions } from "../../src/index.js"
import { useMeasuredWidths } from "./terminalWidths.js"

type Services = Store.Store | Provider.Providers | Archive.Archive | Workspace.Workspace

export interface Harness {
  readonly term: InstanceType<typeof xterm.Terminal>
  /** Everything the app wrote to the terminal. */
  readonly written: () => string
  readonly press: (...sequences: ReadonlyArray<string>) => Promise<void>
  readonly type: (text: string) => Promise<void>
  readonly lines: () => Array<string>
  readonly screen: () => string
  readonly waitFor: (what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number) => Promise<string>
  readonly settle: (ms?: number) => Promise<void>
  readonly resize: (cols: number, rows: number) => Promise<void>
  /** Presses Ctrl+C and waits for runTui to return. */
  readonly quit: () => Promise<Exit.Exit<void>>
  readonly done: () => Promise<Exit.Exit<void>>
  /** Interrupts runTui from outside (as a host app would). */
  readonly interrupt: () => Promise<Exit.Exit<void>>
  readonly frames: () => ReadonlyArray<{ readonly at: number; readonly ms: number }>
  /** Window titles the terminal was asked to show. */
  readonly titles: () => ReadonlyArray<string>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the real TUI on fake streams, rendered into a headless xterm of cols × rows. */
export const startTui = async (layer: Layer.Layer<Services>, o: { cols?: number; rows?: number; options?: TuiOptions } = {}): Promise<Harness> => {
  const cols = o.cols ?? 80
  const rows = o.rows ?? 24
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true })
  useMeasuredWidths(term)
  let raw = ""
  const titles: Array<string> = []
  term.onTitleChange((t) => titles.push(t))
  const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: true, setRawMode: () => input })
  const output = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        const s = chunk.toString()
        raw += s
        term.write(s)
        cb()
      }
    }),
    { isTTY: true, columns: cols, rows }
  )
  const frames: Array<{ at: number; ms: number }> = []
  const fiber = Effect.runFork(
    runTui({
      input,
      output,
      terminal: "xterm-256color",
      clipboardTools: false,
      env: {},
      ...o.options,
      onFrame: (f) => {
        frames.push({ at: performance.now(), ms: f.ms })
        o.options?.onFrame?.(f)
      }
    }).pipe(Effect.provide(layer))
  )
  const flush = async () => {
    await new Promise((r) => setImmediate(r))
    await new Promise<void>((r) => term.write("", () => r()))
  }
  const lines = () => {
    const out: Array<string> = []
    const buf = term.buffer.active
    for (let i = 0; i < term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "")
    return out
  }
  const screen = () => lines().join("\n")
  const waitFor = async (what: string | RegExp | ((s: string) => boolean), timeoutMs = 8000) => {
    const test = typeof what === "string" ? (s: string) => s.includes(what) : what instanceof RegExp ? (s: string) => what.test(s) : what
    const until = Date.now() + timeoutMs
    for (;;) {
      await flush()
      const s = screen()
      if (test(s)) return s
      if (Date.now() > until) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${s}`)
      await sleep(15)
    }
  }
  const done = () => Effect.runPromise(Fiber.await(fiber))
  const h: Harness = {
    term,
    written: () => raw,
    press: async (...seqs) => {
      for (const s of seqs) {
        input.write(s)
        await sleep(12)
      }
      await flush()
    },
    type: async (text) => {
      for (const ch of text) {
        input.write(ch)
        await sleep(2)
      }
      await flush()
    },
    lines,
    screen,
    waitFor,
    settle: async (ms = 80) => {
      await sleep(ms)
      await flush()
    },
    resize: async (c, r) => {
      output.columns = c
      output.rows = r
      term.resize(c, r)
      output.emit("resize")
      await sleep(150)
      await flush()
    },
    quit: async () => {
      input.write("\x03")
      return done()
    },
    done,
    interrupt: () => Effect.runPromise(Fiber.interrupt(fiber)),
    frames: () => frames,
    titles: () => titles
  }
  await waitFor((s) => s.includes("Leaderboard"))
  return h
}
