import * as Effect from "effect/Effect"
import { InvalidInput, Store, type Bot } from "@llp/core"
import { resolveMachine, writeScoreFiles } from "@llp/exporters"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab } from "../../app/types.js"
import * as Fm from "../../widgets/form.js"
import { navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { acceptedDetail } from "./judge.js"
import { view } from "./view.js"

export const makeIngressor = (ctx: AppContext): Tab => {
  let state = S.init()
  const heights = { lists: 5 }
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const loadRuns = (keepChoice = false) => {
    const prompt = S.selectedPrompt(state)
    const botId = state.botId
    if (!prompt || botId === null) return
    ctx.run(
      Effect.flatMap(Store.Store, (store) => store.listRuns({ botId, promptId: prompt.id })),
      { key: "ingressor.runs", onSuccess: (runs) => set(S.runsLoaded(state, prompt.id, runs, keepChoice)) }
    )
  }
  const load = () => {
    const botId = ctx.selection.botId
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const { bots, categories, prompts } = yield* Effect.all(
          { bots: store.listBots(), categories: store.listCategories(), prompts: store.listPrompts() },
          { concurrency: "unbounded" }
        )
        // the Leaderboard's row, or the bot chosen here; none: the tab asks for one
        const bot = bots.find((b) => b.id === botId) ?? null
        const scores = bot === null ? [] : yield* store.listScores({ botId: bot.id })
        const suggestions = bot === null ? [] : yield* store.listJudgeScores({ botId: bot.id })
        return { bot, bots, categories, prompts, scores, suggestions }
      }),
      {
        key: "ingressor.load",
        onSuccess: (data) => {
          set(S.loaded(state, data))
          loadRuns(true)
        },
        onFailure: (e) => set(S.failed(state, messageOf(e)))
      }
    )
  }
  /** A bot chosen inside the tab becomes the app's selection, so the Egressor and a return here show it too. */
  const chooseBot = (bot: Bot | undefined) => {
    if (!bot) return ctx.toast("No bots yet: add one in the Bot Manager (Ctrl+B / F6)", "warn")
    ctx.selection.botId = bot.id
    set(S.chooseBot(state, bot))
    load()
  }
  const pickBot = () => {
    if (state.bots.length === 0) return chooseBot(undefined)
    ctx.choose(
      "Score which bot?",
      state.bots.map((b) => `${b.name} (${b.provider}: ${b.model})`),
      (i) => {
        chooseBot(state.bots[i])
        set(S.setFocus(state, "run"))
      },
      Math.max(0, state.bots.findIndex((b) => b.id === state.botId))
    )
  }
  const afterPromptChange = (prev: number | undefined) => {
    if (S.selectedPrompt(state)?.id !== prev) loadRuns()
  }
  const vertical = (delta: 1 | -1) => {
    const prev = S.selectedPrompt(state)?.id
    switch (state.focus) {
      case "categories":
        set(S.moveCategory(state, delta, heights.lists))
        return afterPromptChange(prev)
      case "prompts":
        set(S.movePrompt(state, delta, heights.lists))
        return afterPromptChange(prev)
      default:
        return set(S.moveFocus(state, delta))
    }
  }
  const page = (action: string) => () => {
    const d = navDelta(action, heights.lists, 1000)!
    const prev = S.selectedPrompt(state)?.id
    if (state.focus === "categories") set(S.moveCategory(state, d, heights.lists))
    else if (state.focus === "prompts") set(S.movePrompt(state, d, heights.lists))
    else set(S.scrollRubric(state, Math.sign(d) * Math.max(1, heights.lists - 1)))
    afterPromptChange(prev)
  }
  const save = () => {
    if (state.saving) return
    const checked = S.check(state)
    if (!checked.ok) {
      set(checked.state)
      if (!S.selectedPrompt(state)) ctx.toast("Choose a prompt first", "warn")
      else if (!state.bot) ctx.toast("Choose a bot first (the Bot line: ←/→ or Enter)", "warn")
      else ctx.toast(`Not saved: ${Fm.firstError(checked.state.form) ?? "see the field marked ✗"}`, "warn")
      return
    }
    const bot = state.bot!
    const prompt = S.selectedPrompt(state)!
    set({ ...state, saving: true })
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        let runId = checked.runId
        if (checked.manual) {
          // figures typed in are taken as measured on this machine, so they count on its leaderboard
          const machine = yield* resolveMachine("this")
          const run = yield* store.addManualRun({ botId: bot.id, promptId: checked.promptId, ...checked.manual, machineId: machine?.id ?? null })
          runId = run.id
        }
        yield* store.scoreRun({ runId: runId!, points: checked.points, note: checked.note, source: "manual" })
        // the score files follow the store; a failure there does not undo the score
        const files = yield* Effect.either(writeScoreFiles(bot.id, prompt.category))
        const scores = yield* store.listScores({ botId: bot.id })
        return { runId: runId!, scores, files }
      }),
      {
        onSuccess: ({ runId, scores, files }) => {
          set({ ...S.scoresLoaded(state, scores), saving: false })
          const where = files._tag === "Right" ? (files.right.length > 0 ? `; score file ${files.right[0]}` : "") : `; the score file was not written: ${messageOf(files.left)}`
          ctx.toast(`Saved ${checked.points}/${prompt.points} for "${prompt.title}" (run #${runId})${where}`, files._tag === "Right" ? "success" : "warn")
          loadRuns(true)
          if (checked.manual) {
            // show the new run
            set(S.setFocus(state, "prompts"))
          }
        },
        onFailure: (e) => {
          state = { ...state, saving: false }
          if (e instanceof InvalidInput) set(S.fieldError(state, e.field, e.reason))
          ctx.toast(`Not saved: ${messageOf(e)}`, "error")
          ctx.render()
        }
      }
    )
  }
  /** Ctrl+O: the judge's suggestion becomes the manual score, as it is. */
  const accept = () => {
    const run = S.selectedRun(state)
    const suggestion = run ? S.suggestionOf(state, run.id) : undefined
    if (!run || !state.bot) return ctx.toast("Choose a run with a judge's suggestion first", "warn")
    if (suggestion?.status !== "scored") return ctx.toast(suggestion ? "The judge failed on this run: nothing to accept" : "No judge's suggestion for this run (llp judge)", "warn")
    const bot = state.bot
    const prompt = S.selectedPrompt(state)!
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        yield* store.scoreRun({ runId: run.id, points: suggestion.points!, note: `accepted from judge ${suggestion.judge}`, source: "manual", detail: acceptedDetail(suggestion) })
        yield* Effect.either(writeScoreFiles(bot.id, prompt.category))
        return yield* store.listScores({ botId: bot.id })
      }),
      {
        onSuccess: (scores) => {
          set(S.scoresLoaded(state, scores))
          ctx.toast(`Accepted the judge's ${suggestion.points}/${prompt.points} for "${prompt.title}" as your score`, "success")
          loadRuns(true)
        },
        onFailure: (e) => ctx.toast(`Not saved: ${messageOf(e)}`, "error")
      }
    )
  }
  /** Ctrl+G: the suggestion into the form, to change and save with Ctrl+S. */
  const editSuggested = () => {
    const run = S.selectedRun(state)
    const suggestion = run ? S.suggestionOf(state, run.id) : undefined
    if (suggestion?.status !== "scored") return ctx.toast("No judge's suggestion for this run to edit", "warn")
    set(S.editSuggestion(state, suggestion.points!, suggestion.judge))
  }
  return {
    id: "ingressor",
    scope,
    actions: {
      up: () => vertical(-1),
      down: () => vertical(1),
      left: () => {
        if (state.focus === "bot") return chooseBot(S.cycleBot(state, -1))
        if (state.focus === "run") return set(S.cycleRun(state, -1))
        if (state.focus === "form") {
          const f = Fm.cycleChoice(state.form, -1)
          if (f) return set({ ...state, form: f })
        }
        if (state.focus === "prompts") set(S.setFocus(state, "categories"))
      },
      right: () => {
        if (state.focus === "bot") return chooseBot(S.cycleBot(state, 1))
        if (state.focus === "run") return set(S.cycleRun(state, 1))
        if (state.focus === "categories") set(S.setFocus(state, "prompts"))
        else if (state.focus === "prompts") set(S.setFocus(state, "bot"))
      },
      enter: () => (state.focus === "bot" ? pickBot() : set(S.moveFocus(state, 1))),
      pageUp: page("pageUp"),
      pageDown: page("pageDown"),
      copy: () => {
        const p = S.selectedPrompt(state)
        if (!p) return ctx.toast("Choose a prompt to copy", "warn")
        ctx.copy(p.text, `the prompt "${p.title}"`)
      },
      back: () => set(S.resetForm(state)),
      acceptJudge: accept,
      editJudge: editSuggested
    },
    typing: () => S.typing(state),
    edit: (key) => {
      const next = S.editField(state, key)
      if (next === undefined) return false
      set(next)
      return true
    },
    paste: (text) => {
      const next = S.pasteField(state, text)
      if (next === undefined) return false
      set(next)
      return true
    },
    focus: (delta) => set(S.moveFocus(state, delta)),
    save,
    show: load,
    lines: (size) => view(state, size, heights),
    status: () => (state.saving ? "Saving…" : undefined)
  }
}
