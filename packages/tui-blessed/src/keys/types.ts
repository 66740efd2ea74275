/**
 * Keybindings are data: a table per scope (the global one, one per tab, one per popup). The footer,
 * the help overlay and docs/keybindings.md are generated from these tables, and the one dispatcher
 * resolves keys against them. No closures here, so the tables can be read without a screen.
 */

/** The help's sections. */
export type Tag = "tabs" | "navigation" | "actions" | "editing" | "app"

export interface Binding {
  /** blessed `key.full` names (`C-l`, `S-tab`, `f2`, `M-l`, `escape`, `/`); the first is the primary key. */
  readonly keys: ReadonlyArray<string>
  /** Resolved by the scope's actions. */
  readonly action: string
  readonly description: string
  /** The footer's label. */
  readonly short?: string
  readonly tag: Tag
  /** Shown in the footer. */
  readonly showInBar?: boolean
  /** A caveat for the help and the docs. */
  readonly note?: string
}

export interface Scope {
  readonly id: string
  readonly title: string
  /** One sentence for the help and the docs. */
  readonly summary: string
  readonly bindings: ReadonlyArray<Binding>
  /** What Ctrl+S saves on this tab, if anything. */
  readonly save?: string
}

/**
 * Printable keys (`q`, `/`, `?`, `n`) are typed into a focused text field instead: a binding on
 * one of them only works outside text fields.
 */
export const isPrintableKey = (key: string): boolean => [...key].length === 1 || key === "space" || /^S-.$/.test(key)
