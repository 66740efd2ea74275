import type * as Effect from "effect/Effect"
import type { Archive, Provider, Store, Workspace } from "@llp/core"
import type { TabId } from "../keys/tables.js"
import type { Scope } from "../keys/types.js"
import type { TypedKey } from "../widgets/textField.js"

/** What the TUI needs from the app: the app provides all four. */
export type Services = Store.Store | Provider.Providers | Archive.Archive | Workspace.Workspace

export type ToastKind = "info" | "success" | "warn" | "error"

export interface RunHandlers<A, E> {
  readonly onSuccess?: (a: A) => void
  /** A typed failure, or a defect turned into an Error. */
  readonly onFailure?: (e: E | Error) => void
  /** Runs with the same key replace each other: the older one is interrupted and its result dropped. */
  readonly key?: string
}

/** What a tab may ask of the app. Tabs never call each other; they go through here. */
export interface AppContext {
  /** Runs an effect on a forked fiber, never blocking the keys; results come back through the handlers. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>, handlers?: RunHandlers<A, E>) => void
  /** Interrupts the run with this key (its onFailure is not called). */
  readonly cancel: (key: string) => void
  readonly isRunning: (key: string) => boolean
  readonly toast: (message: string, kind?: ToastKind) => void
  readonly switchTab: (id: TabId) => void
  /** Asks for a frame; frames are throttled to ~30 per second. */
  readonly render: () => void
  readonly openViewer: (title: string, text: string) => void
  /** `onNo` runs when the person declines (n or Esc), e.g. to say what was kept. */
  readonly confirm: (question: string, onYes: () => void, onNo?: () => void) => void
  /** A list to choose from; `initial`: the item the cursor starts on (the current choice). */
  readonly choose: (title: string, items: ReadonlyArray<string>, onChoose: (index: number) => void, initial?: number) => void
  /** Copies text to the clipboard (OSC 52 and a local tool) and says how. */
  readonly copy: (text: string, what: string) => void
  /** The bot selected on the Leaderboard: it drives the Ingressor and the Egressor. */
  readonly selection: { botId: number | null }
  readonly workspace: Workspace.Service
  readonly providers: Provider.Registry
  readonly now: () => number
}

export interface TabSize {
  readonly width: number
  readonly height: number
}

/** A tab: its key table, its actions, and its body drawn as lines of tagged text. */
export interface Tab {
  readonly id: TabId
  readonly scope: Scope
  /** Every action its scope names. */
  readonly actions: Readonly<Record<string, () => void>>
  /** Whether a text field has the focus: printable keys are typed there. */
  readonly typing: () => boolean
  /** An editing key for the focused text field; false when it is not one. */
  readonly edit: (key: TypedKey) => boolean
  /** A bracketed paste for the focused text field: false when none has the focus; a string is a note to show. */
  readonly paste: (text: string) => boolean | string
  /** Tab / Shift+Tab. */
  readonly focus: (delta: 1 | -1) => void
  /** Ctrl+S; absent where there is nothing to save. */
  readonly save?: () => void
  /** The tab became visible: reload what it shows. */
  readonly show: () => void
  readonly hide?: () => void
  /** The app closes: stop timers. */
  readonly dispose?: () => void
  readonly lines: (size: TabSize) => ReadonlyArray<string>
  /** A line for the status bar when no message is showing, e.g. "streaming…" (info), or a standing warning. */
  readonly status?: () => string | { readonly text: string; readonly kind: ToastKind } | undefined
  /** The actions the footer shows right now (default: the bindings marked showInBar). */
  readonly bar?: () => ReadonlyArray<string> | undefined
}
