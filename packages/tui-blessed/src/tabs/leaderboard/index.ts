import * as Effect from "effect/Effect"
import { Store, compareBots, loadSamples, promptInfo } from "@llp/core"
import { arenaCells, loadLeaderboard } from "@llp/exporters"
import { familyText, familyWarnings } from "../../presentation/family.js"
import type { AppContext, Tab } from "../../app/types.js"
import { navActions, navDelta } from "../../widgets/listCursor.js"
import { pasteText } from "../../widgets/textField.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { view } from "./view.js"
import { frontierView } from "./frontierView.js"

/** Rows of the table on screen: the body less the filter line, the frame and the header. */
const tableHeight = (bodyHeight: number) => Math.max(1, bodyHeight - 4)

export const makeLeaderboard = (ctx: AppContext): Tab => {
  let state = S.init()
  let height = 10
  /** The frontier view instead of the table, and its category (0: the total). */
  let frontierMode = false
  let frontierIndex = 0
  const select = () => {
    const row = S.selectedRow(state)
    if (row) ctx.selection.botId = row.botId
  }
  const set = (next: S.State) => {
    state = next
    select()
    ctx.render()
  }
  /** While the judge's suggestions count (w): who judged a bot of its own family, said once on the status line. */
  let family: string | null = null
  const load = () =>
    ctx.run(
      Effect.gen(function* () {
        // core's board, as `llp leaderboard` prints it: speeds from this machine's runs, the Arena's ratings
        const withJudge = state.withJudge
        const board = yield* loadLeaderboard(state.sort, { machine: "this", withJudge })
        if (!withJudge) return { board, family: null }
        const store = yield* Store.Store
        const [judged, bots] = yield* Effect.all([store.listJudgeScores(), store.listBots()])
        // the suggestions the board counts: scored ones for the whole prompt
        return { board, family: familyText(familyWarnings(judged.filter((j) => j.status === "scored" && !j.partial), bots)) }
      }),
      {
        key: "leaderboard.load",
        onSuccess: ({ board, family: f }) => {
          family = f
          const loaded = S.loaded(state, { totals: board.rows, categories: board.categories, promptCount: board.names.size }, ctx.selection.botId, height)
          set(S.withArena(loaded, board.arena ? arenaCells(board.arena) : new Map()))
        },
        onFailure: (e) => set(S.failed(state, e.message))
      }
    )
  const nav = (action: string) => () => {
    if (state.compare !== null) {
      const d = navDelta(action, height, state.compare.result?.prompts.length ?? 0)
      if (d !== undefined) set(S.scrollCompare(state, d))
      return
    }
    const d = navDelta(action, height, state.rows.length)
    if (d !== undefined) set(S.move(state, d, height))
  }
  const compare = () => {
    const pair = S.comparePair(state)
    if (pair === null) return ctx.toast("Mark two bots with m (or one, then select the other) and press c to compare them")
    const name = (id: number) => state.totals.find((t) => t.botId === id)?.bot ?? String(id)
    set(S.openCompare(state, { a: name(pair[0]), b: name(pair[1]), result: null, error: null, titles: new Map(), scroll: 0 }))
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const prompts = yield* store.listPrompts()
        const result = compareBots(yield* loadSamples(pair[0]), yield* loadSamples(pair[1]), promptInfo(prompts))
        return { result, titles: new Map(prompts.map((p) => [p.id, p.title])) }
      }),
      {
        key: "leaderboard.compare",
        onSuccess: ({ result, titles }) => state.compare && set(S.openCompare(state, { ...state.compare, result, titles })),
        onFailure: (e) => state.compare && set(S.openCompare(state, { ...state.compare, error: e.message }))
      }
    )
  }
  return {
    id: "leaderboard",
    scope,
    actions: {
      ...navActions(nav),
      sortPrev: () => set(S.moveSort(state, -1, height)),
      sortNext: () => set(S.moveSort(state, 1, height)),
      reverse: () => set(S.toggleReverse(state, height)),
      toggleJudge: () => {
        state = { ...state, withJudge: !state.withJudge }
        load()
      },
      intervals: () => set({ ...state, intervals: !state.intervals }),
      filter: () => set(S.setFocus(state, "filter")),
      clear: () => (state.compare !== null ? set(S.closeCompare(state)) : set(S.setFocus(S.setFilter(state, "", height), "table"))),
      mark: () => set(S.toggleMark(state)),
      compare,
      frontier: () => {
        frontierMode = !frontierMode
        ctx.render()
      },
      frontierNext: () => {
        if (!frontierMode) return
        frontierIndex++
        ctx.render()
      },
      frontierPrev: () => {
        if (!frontierMode) return
        frontierIndex--
        ctx.render()
      },
      open: () => {
        if (state.focus === "filter") return set(S.setFocus(state, "table"))
        if (S.selectedRow(state)) ctx.switchTab("egressor")
      }
    },
    typing: () => state.focus === "filter",
    status: () => (state.withJudge && family !== null ? { text: family, kind: "warn" as const } : undefined),
    edit: (key) => {
      const next = S.editFilter(state, key, height)
      if (next === undefined) return false
      set(next)
      return true
    },
    paste: (text) => {
      if (state.focus !== "filter") return false
      const { field, note } = pasteText(state.filter, text)
      set(S.setFilter(state, field.value, height))
      return note ?? true
    },
    focus: () => set(S.setFocus(state, state.focus === "table" ? "filter" : "table")),
    show: load,
    lines: (size) => {
      height = tableHeight(size.height)
      return frontierMode ? frontierView(state, size, frontierIndex) : view(state, size)
    }
  }
}
