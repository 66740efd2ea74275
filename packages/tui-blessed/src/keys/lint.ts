import type { Scope } from "./types.js"

export interface KeyConflict {
  readonly scope: string
  readonly key: string
  readonly actions: ReadonlyArray<string>
}

/** Keys bound twice in one scope. A tab's keys share the scope of the global keys, so they may not shadow them either. */
export const conflicts = (global: Scope, tabs: ReadonlyArray<Scope>, popups: ReadonlyArray<Scope>): ReadonlyArray<KeyConflict> => {
  const out: Array<KeyConflict> = []
  const check = (id: string, scopes: ReadonlyArray<Scope>) => {
    const seen = new Map<string, Array<string>>()
    for (const s of scopes) for (const b of s.bindings) for (const k of b.keys) seen.set(k, [...(seen.get(k) ?? []), `${s.id}:${b.action}`])
    for (const [key, actions] of seen) if (actions.length > 1) out.push({ scope: id, key, actions })
  }
  check(global.id, [global])
  for (const t of tabs) check(t.id, [global, t])
  for (const p of popups) check(p.id, [p])
  return out
}

/** Actions a table names that its scope does not implement. */
export const unresolved = (scope: Scope, actions: ReadonlyArray<string>): ReadonlyArray<string> =>
  scope.bindings.map((b) => b.action).filter((a) => !actions.includes(a))
