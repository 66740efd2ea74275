import { shortKeyName } from "./names.js"
import type { Scope } from "./types.js"

export interface Hint {
  readonly key: string
  readonly label: string
}

/** The footer's hints: the scope's bindings marked for the bar, then the global ones. */
export const footerHints = (scopes: ReadonlyArray<Scope>): ReadonlyArray<Hint> =>
  scopes.flatMap((s) => s.bindings.filter((b) => b.showInBar === true).map((b) => ({ key: shortKeyName(b.keys[0]!), label: b.short ?? b.description })))

/** Hints for the given actions of a scope, in the scope's order. */
export const actionHints = (scope: Scope, actions: ReadonlyArray<string>): ReadonlyArray<Hint> =>
  scope.bindings.filter((b) => actions.includes(b.action)).map((b) => ({ key: shortKeyName(b.keys[0]!), label: b.short ?? b.description }))
