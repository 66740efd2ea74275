/**
 * A duel's id: opaque to whoever votes (clients must not parse it; the run ids are masked so that they
 * are not read off by accident, and a check part turns a mistyped or made-up id into "not a duel id"),
 * and unique per duel shown (the nonce), so that one duel takes one vote while the same two answers
 * may meet again later.
 */
export interface DuelKey {
  readonly leftRunId: number
  readonly rightRunId: number
  /** 0 … 2³⁰. */
  readonly nonce: number
}

const mask = (n: number) => (Math.imul(n ^ 0x5bd1e995, 0x27d4eb2d) >>> 0) & 0x3fffffff
const check = (k: DuelKey) => (mask(k.leftRunId ^ mask(k.rightRunId ^ mask(k.nonce))) & 0xfffff).toString(36)

export const encodeDuel = (key: DuelKey): string =>
  ["d", key.nonce.toString(36), ((key.leftRunId ^ mask(key.nonce)) >>> 0).toString(36), ((key.rightRunId ^ mask(~key.nonce)) >>> 0).toString(36), check(key)].join("-")

/** The key, or undefined when the text is not a duel id. */
export const decodeDuel = (id: string): DuelKey | undefined => {
  const parts = id.trim().split("-")
  if (parts.length !== 5 || parts[0] !== "d" || !parts.slice(1).every((p) => /^[0-9a-z]{1,7}$/.test(p))) return undefined
  const nonce = parseInt(parts[1]!, 36)
  if (nonce > 0x3fffffff) return undefined
  const key = { leftRunId: (parseInt(parts[2]!, 36) ^ mask(nonce)) >>> 0, rightRunId: (parseInt(parts[3]!, 36) ^ mask(~nonce)) >>> 0, nonce }
  const valid = key.leftRunId > 0 && key.rightRunId > 0 && key.leftRunId !== key.rightRunId && key.leftRunId < 2 ** 30 && key.rightRunId < 2 ** 30
  return valid && check(key) === parts[4] ? key : undefined
}
