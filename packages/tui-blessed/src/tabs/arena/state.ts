import type { ArenaVerdict, Duel } from "@llp/core"

/**
 * The Arena tab's state. Pure. `duel` is shown blind while `phase` is "duel"; names are only in
 * `revealed`, which exists only after the vote was stored.
 */
export type Phase = "loading" | "duel" | "voting" | "revealed" | "empty" | "error"

export interface Revealed {
  readonly left: string
  readonly right: string
  readonly verdict: ArenaVerdict
  readonly duplicate: boolean
}

export interface SessionVote {
  readonly voteId: number
  readonly duel: Duel
}

export interface State {
  readonly phase: Phase
  readonly error: string | null
  readonly duel: Duel | null
  readonly revealed: Revealed | null
  readonly scroll: { readonly left: number; readonly right: number }
  readonly focus: "left" | "right"
  /** null: every category. */
  readonly category: string | null
  readonly categories: ReadonlyArray<{ readonly key: string; readonly title: string }>
  /** The duel shown last (voted or skipped): the sampler does not show that pair on that prompt again right away. */
  readonly last: { readonly promptId: number; readonly botIds: readonly [number, number] } | null
  /** This session's votes, newest last: what undo takes back. */
  readonly votes: ReadonlyArray<SessionVote>
  /** Duels shown this session. */
  readonly shown: number
  /** A word for the status line about the duel on screen ("vote removed"). */
  readonly note: string | null
}

export const init = (): State => ({
  phase: "loading",
  error: null,
  duel: null,
  revealed: null,
  scroll: { left: 0, right: 0 },
  focus: "left",
  category: null,
  categories: [],
  last: null,
  votes: [],
  shown: 0,
  note: null
})

export const loading = (s: State): State => ({ ...s, phase: "loading", error: null })

export const showDuel = (s: State, duel: Duel | undefined): State =>
  duel
    ? { ...s, phase: "duel", duel, revealed: null, error: null, scroll: { left: 0, right: 0 }, focus: "left", shown: s.shown + 1, note: null }
    : { ...s, phase: "empty", duel: null, revealed: null, error: null }

export const failed = (s: State, error: string): State => ({ ...s, phase: "error", error })

/** Whether a vote key counts now: only on a blind duel, once (a second press while storing is ignored). */
export const canVote = (s: State): boolean => s.phase === "duel" && s.duel !== null

export const voting = (s: State): State => ({ ...s, phase: "voting", note: null })

/** The vote failed to store: the same duel again, still blind. */
export const voteFailed = (s: State): State => ({ ...s, phase: "duel" })

const lastOf = (duel: Duel) => ({ promptId: duel.prompt.id, botIds: [duel.left.botId, duel.right.botId] as const })

export const voted = (s: State, voteId: number, revealed: Revealed): State => ({
  ...s,
  phase: "revealed",
  revealed,
  last: s.duel ? lastOf(s.duel) : s.last,
  votes: revealed.duplicate || !s.duel ? s.votes : [...s.votes, { voteId, duel: s.duel }]
})

export const skipped = (s: State): State => (s.duel ? { ...s, last: lastOf(s.duel) } : s)

/** The vote to undo: the last of this session. */
export const lastVote = (s: State): SessionVote | undefined => s.votes[s.votes.length - 1]

/** The vote was removed: its duel comes back to be voted again. */
export const undone = (s: State): State => {
  const v = lastVote(s)
  if (!v) return s
  return { ...s, votes: s.votes.slice(0, -1), phase: "duel", duel: v.duel, revealed: null, scroll: { left: 0, right: 0 }, note: "Vote removed: the same duel again, vote anew or press s to skip it." }
}

export const setCategories = (s: State, categories: State["categories"]): State => ({
  ...s,
  categories,
  category: s.category !== null && categories.some((c) => c.key === s.category) ? s.category : null
})

export const setCategory = (s: State, category: string | null): State => ({ ...s, category, last: null })

/** Lets the duel just shown come back (asked for when it is the only one). */
export const forgetLast = (s: State): State => ({ ...s, last: null })

export const switchFocus = (s: State): State => ({ ...s, focus: s.focus === "left" ? "right" : "left" })

/** Scrolls the focused answer by `delta` lines within 0 … lines − height. */
export const scrollBy = (s: State, delta: number, lines: number, height: number): State => {
  const max = Math.max(0, lines - height)
  const at = Math.max(0, Math.min(max, s.scroll[s.focus] + delta))
  return { ...s, scroll: { ...s.scroll, [s.focus]: at } }
}
