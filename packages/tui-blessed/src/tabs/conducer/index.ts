import * as Effect from "effect/Effect"
import { ArchiveKeepsComplete, conduct, saveRunAnswer, Store, Workspace, type RunSnapshot } from "@llp/core"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab } from "../../app/types.js"
import { wrapCache } from "../../presentation/text.js"
import { navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { view } from "./view.js"

const RUN_KEY = "conducer.run"

const snapshotOf = (s: RunSnapshot): S.Snapshot => ({
  runId: s.runId,
  status: s.status,
  output: s.output,
  chunks: s.chunks,
  elapsedMs: s.elapsedMs,
  ttftMs: s.ttftMs,
  tokensPerSecond: s.tokensPerSecond,
  error: s.error ? { message: s.error.message, hint: s.error.hint } : null
})

export const makeConducer = (ctx: AppContext): Tab => {
  let state = S.init()
  const heights = { list: 5, answer: 10, lines: 0 }
  const wrapped = wrapCache()
  let ticker: ReturnType<typeof setInterval> | null = null
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const stopTicker = () => {
    if (ticker !== null) clearInterval(ticker)
    ticker = null
  }
  const load = () =>
    ctx.run(
      Effect.flatMap(Store.Store, (store) => Effect.all({ bots: store.listBots(), categories: store.listCategories(), prompts: store.listPrompts() }, { concurrency: "unbounded" })),
      { key: "conducer.load", onSuccess: (data) => set(S.loaded(state, data, ctx.selection.botId)), onFailure: (e) => set(S.failed(state, messageOf(e))) }
    )
  const send = () => {
    if (S.isStreaming(state)) return ctx.toast("An answer is streaming: Esc stops it", "warn")
    const bot = S.selectedBot(state)
    const category = S.selectedCategory(state)
    const prompt = S.selectedPrompt(state)
    if (!bot || !category || !prompt) return ctx.toast(`Choose ${!bot ? "a bot" : !category ? "a category" : "a prompt"} first`, "warn")
    const demo = ctx.providers.list().find((p) => p.name === bot.provider)?.kind === "demo"
    set(S.started(state, { bot, prompt, category, demo, now: ctx.now() }))
    const token = state.token
    stopTicker()
    // elapsed time keeps moving while the server is silent (a cold model load can take minutes)
    ticker = setInterval(() => ctx.render(), 250)
    ctx.run(
      Effect.gen(function* () {
        const ws = yield* Workspace.Workspace
        return yield* conduct({
          bot,
          prompt,
          category,
          timeouts: ws.config.timeouts,
          progressMs: 33,
          onProgress: (snap) => {
            state = S.progressed(state, token, snapshotOf(snap))
            if (snap.status !== "streaming" && token === state.token) stopTicker()
            ctx.render()
          }
        })
      }).pipe(Effect.ensuring(Effect.sync(() => token === state.token && stopTicker()))),
      {
        key: RUN_KEY,
        onSuccess: (r) => {
          set(S.finished(state, token, { run: r.run, error: r.error ? { message: r.error.message, hint: r.error.hint } : null, mismatch: r.modelMismatch }))
          if (r.error) ctx.toast(`${r.error.message} — ${r.error.hint}`, "error")
          else if (r.modelMismatch) ctx.toast(`The server answered with another model (${r.run.answeredModel})`, "warn")
          else ctx.toast(`Done: ${r.run.completionTokens ?? "?"} tokens in run #${r.run.id}. Ctrl+S saves it to llm_outputs/`, "success")
        },
        onFailure: (e) => {
          set(S.crashed(state, token, messageOf(e)))
          ctx.toast(`The run failed: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  const stop = () => {
    if (S.isStreaming(state)) {
      ctx.cancel(RUN_KEY)
      ctx.toast("Stopped: the partial answer is kept (run cancelled)", "info")
      return
    }
    set(S.clearFilter(state))
  }
  const save = () => {
    const a = state.answer
    if (a.status === "idle") return ctx.toast("Nothing to save yet: send a prompt with Ctrl+T", "info")
    if (a.status === "streaming") return ctx.toast("Wait for the answer to finish, or stop it with Esc", "warn")
    if (a.runId === null || !a.bot || !a.prompt) return ctx.toast("This answer was not stored", "warn")
    saveRun(a.runId, a.bot, a.prompt, false)
  }
  const saveRun = (runId: number, bot: { readonly name: string }, prompt: { readonly category: string; readonly slug: string; readonly title: string }, force: boolean) =>
    ctx.run(
      Effect.gen(function* () {
        const run = yield* (yield* Store.Store).getRun(runId)
        // under the bot's name now: it may have been renamed while the answer streamed
        return yield* saveRunAnswer(run, prompt, { force })
      }),
      {
        key: "conducer.save",
        onSuccess: (paths) => {
          set(S.saved(state, paths))
          ctx.toast(`Saved run #${runId} to ${paths.join(", ")}`, "success")
        },
        onFailure: (e) => {
          // a stopped run's partial answer replaces the saved complete one only when the person says so
          if (e instanceof ArchiveKeepsComplete) {
            return ctx.confirm(
              `${e.path} holds a complete answer to "${e.promptTitle}". Replace it with this ${e.status} run's partial answer?`,
              () => saveRun(runId, bot, prompt, true),
              () => ctx.toast(`Kept the complete answer in ${e.path}; run #${runId}'s ${e.status} answer was not saved there`, "info")
            )
          }
          ctx.toast(`Not saved: ${messageOf(e)}`, "error")
        }
      }
    )
  const vertical = (delta: number) => {
    if (state.focus === "answer") return set(S.scrollBy(state, delta, heights.lines, heights.answer))
    set(S.move(state, delta, heights.list))
  }
  return {
    id: "conducer",
    scope,
    actions: {
      send,
      stop,
      up: () => vertical(-1),
      down: () => vertical(1),
      pageUp: () => set(S.scrollBy(state, -(navDelta("pageDown", heights.answer, 0) ?? 10), heights.lines, heights.answer)),
      pageDown: () => set(S.scrollBy(state, navDelta("pageDown", heights.answer, 0) ?? 10, heights.lines, heights.answer)),
      enter: () => set(S.moveFocus(state, 1)),
      left: () => state.focus === "answer" && set(S.setFocus(state, "prompt")),
      right: () => state.focus === "answer" && set(S.setFocus(state, "bot"))
    },
    typing: () => state.focus !== "answer",
    edit: (key) => {
      const next = S.editFilter(state, key)
      if (next === undefined) return false
      set(next)
      return true
    },
    paste: (text) => {
      if (state.focus === "answer") return false
      const pasted = S.pasteFilter(state, text)
      if (pasted === undefined) return false
      set(pasted.state)
      return pasted.note ?? true
    },
    focus: (delta) => set(S.moveFocus(state, delta)),
    save,
    show: load,
    dispose: stopTicker,
    lines: (size) => view(state, size, wrapped, ctx.now(), heights),
    status: () => (S.isStreaming(state) ? "Streaming… Esc stops and keeps what came" : undefined)
  }
}
