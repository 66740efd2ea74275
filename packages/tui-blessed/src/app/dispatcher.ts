import { isPrintableKey, type Binding, type Scope } from "../keys/types.js"

export interface Resolved {
  readonly scope: Scope
  readonly binding: Binding
}

/**
 * The one place a key is looked up: the scopes in order (popup, then the tab, then the global
 * table); printable keys are skipped while a text field has the focus (they are typed there).
 */
export const resolveKey = (full: string, scopes: ReadonlyArray<Scope>, typing: boolean): Resolved | undefined => {
  if (typing && isPrintableKey(full)) return undefined
  for (const scope of scopes) {
    const binding = scope.bindings.find((b) => b.keys.includes(full))
    if (binding) return { scope, binding }
  }
  return undefined
}
