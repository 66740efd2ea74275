import * as Effect from "effect/Effect"
import { pickDuel, Store, voteOnDuel, type ArenaVerdict, type Duel } from "@llp/core"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab, TabSize } from "../../app/types.js"
import { navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { geometry, SIDE_BY_SIDE_MIN, view, wrapper } from "./view.js"

/** How long the names stay on screen after a vote before the next duel. */
export const REVEAL_MS = 1800

export const makeArena = (ctx: AppContext): Tab => {
  let state = S.init()
  let size: TabSize = { width: 100, height: 20 }
  let revealTimer: ReturnType<typeof setTimeout> | null = null
  // Each duel gets its own seed: the sampler is seeded, the session is not replayed.
  let seed = ctx.now() % 2 ** 31
  const wrapped = wrapper()
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const stopReveal = () => {
    if (revealTimer !== null) clearTimeout(revealTimer)
    revealTimer = null
  }
  // The next duel is picked while the names show, so that it is there when the reveal ends.
  let upcoming: { readonly duel: Duel | undefined; readonly error: string | null } | "picking" | null = null
  let revealOver = true
  const pick = () => {
    upcoming = "picking"
    const options = { category: state.category ?? undefined, last: state.last ?? undefined, seed: seed++ }
    const ready = (u: { duel: Duel | undefined; error: string | null }) => {
      upcoming = u
      if (revealOver) advance()
    }
    ctx.run(pickDuel(options), {
      key: "arena.next",
      onSuccess: (duel) => ready({ duel, error: null }),
      onFailure: (e) => ready({ duel: undefined, error: messageOf(e) })
    })
  }
  /** The reveal is over: show the duel picked meanwhile, or wait for it. */
  const advance = () => {
    stopReveal()
    revealOver = true
    if (upcoming === null) return next()
    if (upcoming === "picking") return set(S.loading(state))
    const u = upcoming
    upcoming = null
    set(u.error !== null ? S.failed(state, u.error) : S.showDuel(state, u.duel))
  }
  const next = () => {
    stopReveal()
    revealOver = true
    set(S.loading(state))
    pick()
  }
  const forgetUpcoming = () => {
    ctx.cancel("arena.next")
    upcoming = null
  }
  const loadCategories = () =>
    ctx.run(Effect.flatMap(Store.Store, (s) => s.listCategories()), {
      key: "arena.categories",
      onSuccess: (cs) => set(S.setCategories(state, [...cs].sort((a, b) => a.order - b.order).map((c) => ({ key: c.key, title: c.title }))))
    })
  const vote = (verdict: ArenaVerdict) => () => {
    // One vote per duel: a second press while the first is stored (or after) does nothing here,
    // and the duel's id is unique in the store besides.
    if (!S.canVote(state) || !state.duel) return
    const duel = state.duel
    set(S.voting(state))
    ctx.run(
      Effect.gen(function* () {
        const result = yield* voteOnDuel(duel.id, verdict)
        const store = yield* Store.Store
        const [left, right] = yield* Effect.all([store.getBot(duel.left.botId), store.getBot(duel.right.botId)])
        return { result, left: left.name, right: right.name }
      }),
      {
        key: "arena.vote",
        onSuccess: ({ result, left, right }) => {
          set(S.voted(state, result.vote.id, { left, right, verdict: result.vote.verdict, duplicate: result.duplicate }))
          revealOver = false
          revealTimer = setTimeout(() => {
            revealTimer = null
            if (state.phase === "revealed") advance()
          }, REVEAL_MS)
          pick()
        },
        onFailure: (e) => {
          set(S.voteFailed(state))
          ctx.toast(`The vote was not stored: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  const scrollBy = (action: string) => () => {
    const d = state.duel
    if (!d) return
    const g = geometry(size, wrapped(`prompt-${d.prompt.id}`, d.prompt.text, Math.max(1, size.width - 2)).length)
    const run = state.focus === "left" ? d.left : d.right
    const lines = wrapped(`run-${run.id}`, run.output, g.answerWidth).length
    const delta = navDelta(action, g.answerHeight, lines)
    if (delta !== undefined) set(S.scrollBy(state, delta, lines, g.answerHeight))
  }
  return {
    id: "arena",
    scope,
    actions: {
      voteLeft: vote("left"),
      voteRight: vote("right"),
      voteTie: vote("tie"),
      voteBad: vote("bad"),
      skip: () => {
        if (state.phase !== "duel") return
        set(S.skipped(state))
        next()
      },
      undo: () => {
        const last = S.lastVote(state)
        if (state.phase === "voting" || state.phase === "loading") return
        if (!last) return ctx.toast("No vote of this session to undo", "info")
        stopReveal()
        forgetUpcoming()
        ctx.run(Effect.flatMap(Store.Store, (s) => s.removeArenaVote(last.voteId)), {
          key: "arena.undo",
          onSuccess: () => set(S.undone(state)),
          onFailure: (e) => ctx.toast(`Could not undo: ${messageOf(e)}`, "error")
        })
      },
      next: () => {
        if (state.phase === "revealed") advance()
        else if (state.phase === "empty" || state.phase === "error") {
          if (state.phase === "empty") set(S.forgetLast(state))
          next()
        }
      },
      category: () => {
        const items = ["All categories", ...state.categories.map((c) => c.title)]
        ctx.choose("Duel within", items, (i) => {
          set(S.setCategory(state, i === 0 ? null : (state.categories[i - 1]?.key ?? null)))
          forgetUpcoming()
          next()
        })
      },
      prompt: () => {
        if (state.duel) ctx.openViewer(`Prompt — ${state.duel.prompt.category} — ${state.duel.prompt.title}`, state.duel.prompt.text)
      },
      up: scrollBy("up"),
      down: scrollBy("down"),
      pageUp: scrollBy("pageUp"),
      pageDown: scrollBy("pageDown"),
      home: scrollBy("home"),
      end: scrollBy("end")
    },
    typing: () => false,
    edit: () => false,
    paste: () => false,
    focus: () => set(S.switchFocus(state)),
    show: () => {
      loadCategories()
      if (state.duel === null || state.phase === "error" || state.phase === "empty") next()
    },
    hide: () => {
      if (state.phase === "revealed") advance()
    },
    dispose: stopReveal,
    lines: (s) => {
      size = s
      return view(state, s, wrapped)
    },
    status: () => {
      const r = state.revealed
      if (state.phase === "duel" && state.note) return state.note
      if (state.phase === "voting") return "Storing the vote…"
      if (state.phase === "revealed" && r) {
        const stored = r.duplicate ? "This duel already had that vote; nothing new stored." : "Vote stored."
        const [a, b] = size.width >= SIDE_BY_SIDE_MIN ? ["Left", "right"] : ["Top", "bottom"]
        return `${stored} ${a} was ${r.left}, ${b} was ${r.right}. Next duel in a moment (Enter: now, u: undo).`
      }
      return undefined
    }
  }
}
