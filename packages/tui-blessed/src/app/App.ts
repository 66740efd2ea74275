import type blessed from "blessed"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import type { Provider, Workspace } from "@llp/core"
import { DISABLE_SEQUENCES, ENABLE_SEQUENCES } from "../keys/extended.js"
import { actionHints, footerHints, type Hint } from "../keys/footer.js"
import { globalScope } from "../keys/global.js"
import { helpSections } from "../keys/help.js"
import { TABS, type TabId } from "../keys/tables.js"
import { footer, statusLines, tabBar } from "../presentation/chrome.js"
import { sized } from "../presentation/layout.js"
import { chooserPopup, confirmPopup, helpPopup, viewerPopup, type Popup } from "./popups.js"
import { copyWithTool, findClipboardTool, osc52, OSC52_MAX } from "./clipboard.js"
import { resolveKey } from "./dispatcher.js"
import { messageOf } from "./errors.js"
import { KeyInput, type TerminalInput } from "./input.js"
import { frameScheduler, type FrameScheduler } from "./scheduler.js"
import { colorDepth, painter, palette, useColorDepth } from "./colors.js"
import { createScreen, linesBox } from "./screen.js"
import { tabFactories } from "./registry.js"
import type { AppContext, RunHandlers, Services, Tab, ToastKind } from "./types.js"

export interface AppOptions {
  readonly input?: TerminalInput
  readonly output?: NodeJS.WritableStream
  readonly terminal?: string
  /** Environment for the clipboard ($TMUX, $DISPLAY, …); process.env by default. */
  readonly env?: NodeJS.ProcessEnv
  /** false: only OSC 52, no local clipboard tool (tests). */
  readonly clipboardTools?: boolean
  /** false: do not ask the terminal for extended keys and bracketed paste. */
  readonly extendedKeys?: boolean
  /** Minimum time between two frames; 33 ms (~30 per second) by default. */
  readonly frameMs?: number
  /** Called after every frame with its drawing time. */
  readonly onFrame?: (info: { readonly frame: number; readonly ms: number }) => void
  readonly initialTab?: TabId
  /**
   * Where the workspace's data lives, as the app describes it ("sqlite at /path/llp.sqlite", "postgres at
   * postgres://llp@host:5432/db"; never a password): shown in the help screen. The TUI opens no store itself.
   */
  readonly store?: string
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const

interface Toast {
  readonly text: string
  readonly kind: ToastKind
  readonly until: number
}

/** The running TUI: one screen, one key dispatcher, the tabs, the popups and the fibers they started. */
export class App {
  private readonly screen: blessed.Widgets.Screen
  private readonly input: KeyInput
  private readonly output: NodeJS.WritableStream
  private readonly boxes: { bar: blessed.Widgets.BoxElement; body: blessed.Widgets.BoxElement; status: blessed.Widgets.BoxElement; foot: blessed.Widgets.BoxElement; popup: blessed.Widgets.BoxElement }
  private readonly scheduler: FrameScheduler
  private readonly tabs = new Map<TabId, Tab>()
  private active: TabId
  private popup: Popup | null = null
  private toastState: Toast | null = null
  private toastTimer: ReturnType<typeof setTimeout> | null = null
  private readonly fibers = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
  private readonly keyed = new Map<string, Fiber.RuntimeFiber<unknown, unknown>>()
  private closed = false
  private destroyed = false
  private quitListeners: Array<() => void> = []
  private quitRequested = false
  private readonly env: NodeJS.ProcessEnv
  /** Sets a box's content with the colour tags fitted to the terminal's colours (see colors.ts), when it changed. */
  private readonly paint: (box: blessed.Widgets.BoxElement, content: string) => void
  private readonly extended: boolean
  private readonly onExit = () => this.restoreTerminalModes()
  /** A signal (kill, a closed terminal) quits like Ctrl+C: the fibers are stopped and the terminal put back. */
  private readonly onSignal = () => this.quit()
  readonly ctx: AppContext

  constructor(
    private readonly runtime: Runtime.Runtime<Services>,
    workspace: Workspace.Service,
    providers: Provider.Registry,
    private readonly options: AppOptions = {}
  ) {
    this.env = options.env ?? process.env
    this.extended = options.extendedKeys !== false
    const source = options.input ?? (process.stdin as unknown as TerminalInput)
    this.output = options.output ?? process.stdout
    this.input = new KeyInput(source, (e) => {
      if (e.type === "key") this.handleKey(e.full, undefined)
      else this.handlePaste(e.text)
    })
    this.screen = createScreen({ input: this.input, output: this.output, terminal: options.terminal })
    const depth = colorDepth(options.terminal ?? this.env.TERM, this.env, (this.screen as unknown as { tput: { colors: number } }).tput.colors)
    useColorDepth(this.screen, depth)
    this.paint = painter(palette(depth))
    try {
      this.boxes = {
        bar: linesBox(this.screen, { top: 0, left: 0, height: 1, width: "100%" }),
        body: linesBox(this.screen, { top: 1, left: 0, height: "100%-3", width: "100%" }),
        status: linesBox(this.screen, { bottom: 1, left: 0, height: 1, width: "100%" }),
        foot: linesBox(this.screen, { bottom: 0, left: 0, height: 1, width: "100%" }),
        popup: linesBox(this.screen, { top: 0, left: 0, height: 1, width: 1, hidden: true })
      }
      this.scheduler = frameScheduler(() => this.draw(), options.frameMs ?? 33)
      this.ctx = this.makeContext(workspace, providers)
      this.active = options.initialTab ?? "leaderboard"
      for (const t of TABS) this.tabs.set(t.id, tabFactories[t.id](this.ctx))
      this.screen.on("keypress", (ch: string | undefined, key: { full?: string } | undefined) => this.handleKey(key?.full ?? ch ?? "", ch))
      this.screen.on("resize", () => this.scheduler.request())
      this.screen.program.hideCursor()
      if (this.extended) this.output.write(ENABLE_SEQUENCES)
      process.once("exit", this.onExit)
      for (const sig of SIGNALS) process.on(sig, this.onSignal)
      this.tab().show()
      this.scheduler.flush()
      this.scheduler.request()
    } catch (e) {
      this.destroyScreen()
      throw e
    }
  }

  private tab(): Tab {
    return this.tabs.get(this.active)!
  }

  private makeContext(workspace: Workspace.Service, providers: Provider.Registry): AppContext {
    return {
      run: <A, E>(effect: Effect.Effect<A, E, Services>, handlers: RunHandlers<A, E> = {}) => this.run(effect, handlers),
      cancel: (key) => this.cancel(key),
      isRunning: (key) => this.keyed.has(key),
      toast: (text, kind) => this.toast(text, kind),
      switchTab: (id) => this.switchTab(id),
      render: () => this.scheduler.request(),
      openViewer: (title, text) => this.openPopup(viewerPopup(title, text)),
      confirm: (question, onYes, onNo) => this.openPopup(confirmPopup(question, onYes, onNo)),
      choose: (title, items, onChoose, initial) => this.openPopup(chooserPopup(title, items, onChoose, initial)),
      copy: (text, what) => this.copy(text, what),
      selection: { botId: null },
      workspace,
      providers,
      now: () => Date.now()
    }
  }

  // ── fibers ─────────────────────────────────────────────────────────────

  private run<A, E>(effect: Effect.Effect<A, E, Services>, handlers: RunHandlers<A, E>): void {
    if (this.closed) return
    const key = handlers.key
    if (key !== undefined) this.cancel(key)
    const fiber = Runtime.runFork(this.runtime)(effect) as Fiber.RuntimeFiber<unknown, unknown>
    this.fibers.add(fiber)
    if (key !== undefined) this.keyed.set(key, fiber)
    fiber.addObserver((exit) => {
      this.fibers.delete(fiber)
      const current = key === undefined || this.keyed.get(key) === fiber
      if (key !== undefined && current) this.keyed.delete(key)
      if (this.closed || !current) return
      this.guard(() => {
        if (Exit.isSuccess(exit)) handlers.onSuccess?.(exit.value as A)
        else if (!Cause.isInterruptedOnly(exit.cause)) {
          const failure = Cause.failureOption(exit.cause)
          const error = Option.isSome(failure) ? (failure.value as E) : new Error(Cause.pretty(exit.cause).split("\n")[0] ?? "unexpected failure")
          if (handlers.onFailure) handlers.onFailure(error)
          else this.toast(messageOf(error), "error")
        }
      })
      this.scheduler.request()
    })
  }

  private cancel(key: string): void {
    const fiber = this.keyed.get(key)
    if (!fiber) return
    this.keyed.delete(key)
    Runtime.runFork(this.runtime)(Fiber.interrupt(fiber))
  }

  // ── keys ───────────────────────────────────────────────────────────────

  /** The one key dispatcher: popup, then the focused text field, then the tab's table, then the global one. */
  private handleKey(full: string, ch: string | undefined): void {
    if (this.closed || full === "" || full === "return") return
    this.guard(() => {
      if (full === "C-c") return this.quit()
      if (this.popup) {
        const hit = resolveKey(full, [this.popup.scope], false)
        if (hit?.binding.action === "quit") return this.quit()
        if (hit && this.popup.action(hit.binding.action)) this.closePopup()
        return this.scheduler.request()
      }
      const tab = this.tab()
      const typing = tab.typing()
      if (typing && tab.edit({ full, ch })) return this.scheduler.request()
      const hit = resolveKey(full, [tab.scope, globalScope], typing)
      if (!hit) return
      if (hit.scope === globalScope) this.globalAction(hit.binding.action)
      else tab.actions[hit.binding.action]?.()
      this.scheduler.request()
    })
  }

  private handlePaste(text: string): void {
    if (this.closed || this.popup) return
    this.guard(() => {
      const taken = this.tab().paste(text)
      if (taken === false) this.toast("Paste into a text field (move to one with Tab)", "info")
      else if (typeof taken === "string") this.toast(taken, "warn")
      this.scheduler.request()
    })
  }

  private globalAction(action: string): void {
    if (action.startsWith("tab.")) return this.switchTab(action.slice(4) as TabId)
    switch (action) {
      case "quit":
        return this.quit()
      case "help": {
        const tab = this.tab()
        const store = this.options.store === undefined ? [] : [{ title: "Workspace", rows: [["store", this.options.store] as const] }]
        return this.openPopup(helpPopup(`Keys: ${tab.scope.title}`, [...store, ...helpSections(tab.scope, globalScope)]))
      }
      case "save": {
        const tab = this.tab()
        if (tab.save) tab.save()
        else this.toast(`Nothing to save on the ${tab.scope.title}`, "info")
        return
      }
      case "focus.next":
        return this.tab().focus(1)
      case "focus.prev":
        return this.tab().focus(-1)
      case "refresh":
        // also a full repaint: whatever else wrote to the terminal is drawn over
        ;(this.screen as unknown as { realloc: () => void }).realloc()
        this.tab().show()
        return this.toast("Reloaded", "info")
    }
  }

  switchTab(id: TabId): void {
    if (!this.tabs.has(id)) return
    if (id !== this.active) this.tab().hide?.()
    this.active = id
    this.tab().show()
    this.scheduler.request()
  }

  private openPopup(p: Popup): void {
    this.popup = p
    this.scheduler.request()
  }

  private closePopup(): void {
    this.popup = null
    this.boxes.popup.hide()
    this.scheduler.request()
  }

  // ── messages and clipboard ─────────────────────────────────────────────

  toast(text: string, kind: ToastKind = "info"): void {
    const ms = kind === "error" ? 15_000 : 6_000
    this.toastState = { text, kind, until: Date.now() + ms }
    if (this.toastTimer !== null) clearTimeout(this.toastTimer)
    this.toastTimer = setTimeout(() => {
      this.toastTimer = null
      this.scheduler.request()
    }, ms + 10)
    this.scheduler.request()
  }

  private copy(text: string, what: string): void {
    const inTmux = this.env.TMUX !== undefined && this.env.TMUX !== ""
    const sent = text.length <= OSC52_MAX
    // OSC 52 goes to the real terminal output; the text is base64, so nothing in it is interpreted.
    if (sent) this.output.write(osc52(text, inTmux))
    const tool = this.options.clipboardTools === false ? null : findClipboardTool(this.env)
    const how = [sent ? (inTmux ? "OSC 52 (through tmux)" : "OSC 52") : null, tool ? tool.command : null].filter((x) => x !== null).join(" and ")
    if (!tool) {
      this.toast(sent ? `Copied ${what} with ${how}` : `${what} is too long for OSC 52 and no clipboard tool was found`, sent ? "success" : "warn")
      return
    }
    void copyWithTool(tool, text, this.env).then((error) => {
      if (this.closed) return
      this.toast(error === null ? `Copied ${what} with ${how}` : `Copied ${what} with OSC 52; ${error}`, error === null ? "success" : "warn")
    })
  }

  // ── drawing ────────────────────────────────────────────────────────────

  private draw(): void {
    if (this.closed) return
    const started = performance.now()
    this.guard(() => {
      const W = Math.max(1, this.screen.width as number)
      const H = Math.max(4, this.screen.height as number)
      const tab = this.tab()
      const toast = this.toastState && this.toastState.until > Date.now() ? this.toastState : null
      const tabStatus = tab.status?.()
      const standing = typeof tabStatus === "string" ? (tabStatus === "" ? null : { text: tabStatus, kind: "info" as const }) : (tabStatus ?? null)
      const status = statusLines(toast ?? standing, W, H >= 20 ? 3 : 1)
      const bodyH = Math.max(1, H - 2 - status.length)
      // Boxes reach past the right edge (the screen clips them): blessed measures a line in UTF-16
      // units, so a line with emoji (surrogate pairs) would otherwise lose its last cells.
      for (const b of [this.boxes.bar, this.boxes.body, this.boxes.status, this.boxes.foot]) b.width = W * 2
      this.paint(this.boxes.bar, tabBar(TABS.map((t) => ({ label: t.label, mark: t.mark, active: t.id === this.active })), W, "F1 help"))
      let body: ReadonlyArray<string>
      try {
        body = tab.lines({ width: W, height: bodyH })
      } catch (e) {
        body = [`{red-fg}This tab failed to draw: ${messageOf(e).replace(/[{}]/g, "")}{/red-fg}`]
      }
      this.boxes.body.height = bodyH
      this.paint(this.boxes.body, sized(body, W, bodyH).join("\n"))
      this.boxes.status.height = status.length
      this.paint(this.boxes.status, status.join("\n"))
      this.paint(this.boxes.foot, footer(this.hints(), W))
      if (this.popup) {
        const p = this.popup.draw(W, bodyH)
        this.boxes.popup.left = Math.max(0, Math.floor((W - p.width) / 2))
        this.boxes.popup.top = 1 + Math.max(0, Math.floor((bodyH - p.height) / 2))
        // a popup as wide as the screen may reach past its edge too (see above)
        this.boxes.popup.width = p.width >= W ? W * 2 : p.width
        this.boxes.popup.height = p.height
        this.paint(this.boxes.popup, p.lines.join("\n"))
        this.boxes.popup.show()
        this.boxes.popup.setFront()
      }
      this.screen.render()
    })
    this.options.onFrame?.({ frame: this.scheduler.frames(), ms: performance.now() - started })
  }

  private hints(): ReadonlyArray<Hint> {
    if (this.popup) return footerHints([this.popup.scope])
    const tab = this.tab()
    const save: Array<Hint> = tab.scope.save ? [{ key: "^S", label: "save" }] : []
    const now = tab.bar?.()
    return [...(now ? actionHints(tab.scope, now) : footerHints([tab.scope])), ...save, ...footerHints([globalScope])]
  }

  /** Runs UI code; an exception becomes a message on the status line instead of a crash. */
  private guard(f: () => void): void {
    try {
      f()
    } catch (e) {
      if (this.closed) return
      this.toastState = { text: `Internal error: ${messageOf(e)}`, kind: "error", until: Date.now() + 15_000 }
      this.scheduler.request()
    }
  }

  // ── lifecycle ──────────────────────────────────────────────────────────

  quit(): void {
    if (this.closed) return
    this.quitRequested = true
    const listeners = this.quitListeners
    this.quitListeners = []
    for (const l of listeners) l()
  }

  /** Calls the listener on quit (at once if quit was asked already). */
  onQuit(listener: () => void): void {
    if (this.quitRequested) listener()
    else this.quitListeners.push(listener)
  }

  private restoreTerminalModes(): void {
    if (this.extended) {
      try {
        this.output.write(DISABLE_SEQUENCES)
      } catch {
        // the terminal is gone
      }
    }
  }

  private destroyScreen(): void {
    if (this.destroyed) return
    this.destroyed = true
    try {
      this.restoreTerminalModes()
      this.screen.destroy()
    } finally {
      this.input.detach()
      process.removeListener("exit", this.onExit)
      for (const sig of SIGNALS) process.removeListener(sig, this.onSignal)
    }
  }

  /** Stops the fibers (a streaming run is kept as cancelled), then puts the terminal back. */
  close(): Effect.Effect<void> {
    return Effect.gen(this, function* () {
      if (this.closed) return
      this.closed = true
      this.scheduler.dispose()
      if (this.toastTimer !== null) clearTimeout(this.toastTimer)
      for (const t of this.tabs.values()) t.dispose?.()
      const fibers = [...this.fibers]
      this.fibers.clear()
      this.keyed.clear()
      yield* Fiber.interruptAll(fibers).pipe(Effect.timeout("5 seconds"), Effect.ignore)
    }).pipe(Effect.ensuring(Effect.sync(() => this.destroyScreen())))
  }

  /** For tests and measurements. */
  get frameCount(): number {
    return this.scheduler.frames()
  }
}
