/** Merges a parameter group field by field; a field given as undefined or null is removed. */
export const mergeGroup = <A extends object>(base: A, patch: A | undefined): A => {
  if (patch === undefined) return base
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null) delete out[k]
    else out[k] = v
  }
  return out as A
}
