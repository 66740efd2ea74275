import * as Effect from "effect/Effect"
import { judgeRecord, phasesLine, speedLine, Store } from "@llp/core"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab } from "../../app/types.js"
import { navActions, navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { view } from "./view.js"

export const makeEgressor = (ctx: AppContext): Tab => {
  let state = S.init()
  const heights = { prompts: 8, runs: 4 }
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const load = () => {
    const botId = ctx.selection.botId
    if (botId === null) return set(S.noBot())
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const data = yield* Effect.all(
          {
            bot: store.getBot(botId),
            categories: store.listCategories(),
            prompts: store.listPrompts(),
            runs: store.listRuns({ botId }),
            scores: store.listScores({ botId }),
            bench: store.listBench({ botId })
          },
          { concurrency: "unbounded" }
        )
        // the bot's record as a judge: against every bot's manual scores
        const judged = yield* store.listJudgeScores({ judgeBotId: botId })
        if (judged.length === 0) return data
        const [all, pairs] = yield* Effect.all([store.listScores(), store.listJudgePairs({ judgeBotId: botId })])
        return { ...data, judgeRecord: judgeRecord(data.bot.name, judged, all, data.prompts, pairs) }
      }),
      { key: "egressor.load", onSuccess: (data) => set(S.loaded(state, data)), onFailure: (e) => set(S.failed(state, messageOf(e))) }
    )
  }
  const nav = (action: string) => () => {
    const h = state.focus === "prompts" ? heights.prompts : heights.runs
    const d = navDelta(action, h, Math.max(state.rows.length, state.runs.length))
    if (d !== undefined) set(S.move(state, d, h))
  }
  return {
    id: "egressor",
    scope,
    actions: {
      ...navActions(nav),
      left: () => set(S.setFocus(state, "prompts")),
      right: () => set(S.setFocus(state, "runs")),
      open: () => {
        const run = S.runToOpen(state)
        const row = S.selectedRow(state)
        if (!run || !row || !state.bot) return ctx.toast("No run for this prompt yet", "info")
        const phases = phasesLine(run)
        const title = `${state.bot.name} — ${row.prompt.title} — run #${run.id} ${run.status}${run.demo ? " DEMO" : ""} — ${speedLine(run)}${phases === "" ? "" : ` — ${phases}`}`
        const text = run.error ? `${run.output}\n\n[error] ${run.error}` : run.output
        ctx.openViewer(title, text)
      }
    },
    typing: () => false,
    edit: () => false,
    paste: () => false,
    focus: () => set(S.setFocus(state, state.focus === "prompts" ? "runs" : "prompts")),
    show: load,
    lines: (size) => view(state, size, heights)
  }
}
