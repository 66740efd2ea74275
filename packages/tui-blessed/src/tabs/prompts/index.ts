import * as Effect from "effect/Effect"
import { InvalidInput, Store } from "@llp/core"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab } from "../../app/types.js"
import * as Fm from "../../widgets/form.js"
import { formOrSearch } from "../../widgets/formOrSearch.js"
import { navActions, navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { view } from "./view.js"
import { count } from "../../presentation/format.js"

export const makePrompts = (ctx: AppContext): Tab => {
  let state = S.init()
  const heights = { list: 10 }
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  const load = () =>
    ctx.run(
      Effect.flatMap(Store.Store, (store) => Effect.all([store.listCategories(), store.listPrompts()], { concurrency: "unbounded" })),
      { key: "prompts.load", onSuccess: ([c, p]) => set(S.loaded(state, c, p)), onFailure: (e) => set(S.failed(state, messageOf(e))) }
    )
  const search = () => {
    const q = state.query.value.trim()
    if (q === "") {
      ctx.cancel("prompts.search")
      return set(S.searched(state, "", null))
    }
    ctx.run(Effect.flatMap(Store.Store, (store) => store.searchPrompts(q, 500)), {
      key: "prompts.search",
      onSuccess: (hits) => set(S.searched(state, q, hits.map((h) => ({ prompt: h.item, snippet: h.snippet }))))
    })
  }
  const inForm = () => state.mode !== "list"
  const nav = (action: string) => () => {
    if (inForm()) {
      if (action === "up" || action === "down") set({ ...state, form: Fm.moveFocus(state.form, action === "up" ? -1 : 1) })
      return
    }
    const count = state.focus === "categories" ? state.categories.length : S.visiblePrompts(state).length
    const d = navDelta(action, heights.list, count)
    if (d !== undefined) set(S.move(state.focus === "search" ? { ...state, focus: "prompts" } : state, d, heights.list))
  }
  const afterSave = (what: string) => {
    set(S.closeForm(state))
    ctx.toast(what, "success")
    load()
    if (state.hits !== null) search()
  }
  const save = () => {
    if (!inForm() || state.saving) return
    if (state.mode === "category") {
      const c = S.checkCategory(state)
      if (!c.ok) return set(c.state), ctx.toast(`Not saved: ${Fm.firstError(c.state.form) ?? "see the fields marked ✗"}`, "warn")
      set({ ...state, saving: true })
      return ctx.run(Effect.flatMap(Store.Store, (store) => store.saveCategory(c.category)), {
        onSuccess: (cat) => afterSave(`Saved category "${cat.title}" (${cat.key})`),
        onFailure: (e) => {
          set(e instanceof InvalidInput ? S.storeError(state, e.field, e.reason) : { ...state, saving: false })
          ctx.toast(`Not saved: ${messageOf(e)}`, "error")
        }
      })
    }
    const p = S.checkPrompt(state)
    if (!p.ok) return set(p.state), ctx.toast(`Not saved: ${Fm.firstError(p.state.form) ?? "see the fields marked ✗"}`, "warn")
    set({ ...state, saving: true })
    ctx.run(
      Effect.flatMap(Store.Store, (store) => (p.create ? store.createPrompt(p.create) : store.updatePrompt(p.id, p.patch))),
      {
        onSuccess: (saved) => afterSave(`${p.create ? "Created" : "Saved (marked edited)"} prompt #${saved.id} "${saved.title}"`),
        onFailure: (e) => {
          set(e instanceof InvalidInput ? S.storeError(state, e.field, e.reason) : { ...state, saving: false })
          ctx.toast(`Not saved: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  const remove = () => {
    if (inForm()) return
    if (state.focus === "categories") {
      const c = S.selectedCategory(state)
      if (!c) return
      const n = state.prompts.filter((p) => p.category === c.key).length
      return ctx.confirm(`Delete category "${c.title}" (${c.key}) with its ${count(n, "prompt")} and all their runs and scores?`, () =>
        ctx.run(Effect.flatMap(Store.Store, (s) => s.removeCategory(c.key)), { onSuccess: () => (ctx.toast(`Deleted category "${c.title}"`, "success"), load()) })
      )
    }
    const p = S.selectedPrompt(state)
    if (!p) return
    ctx.confirm(`Delete prompt "${p.title}" (${p.category}) with all its runs and scores?`, () =>
      ctx.run(Effect.flatMap(Store.Store, (s) => s.removePrompt(p.id)), {
        onSuccess: () => {
          ctx.toast(`Deleted prompt "${p.title}"`, "success")
          load()
          if (state.hits !== null) search()
        }
      })
    )
  }
  const input = formOrSearch({ get: () => state, set, inForm, search })
  return {
    id: "prompts",
    scope,
    actions: {
      ...navActions(nav),
      left: () => {
        if (inForm()) {
          const f = Fm.cycleChoice(state.form, -1)
          return f && set({ ...state, form: f })
        }
        set({ ...state, focus: "categories" })
      },
      right: () => {
        if (inForm()) {
          const f = Fm.cycleChoice(state.form, 1)
          return f && set({ ...state, form: f })
        }
        set({ ...state, focus: "prompts" })
      },
      search: () => !inForm() && set({ ...state, focus: "search" }),
      newPrompt: () => !inForm() && set(S.newPrompt(state)),
      newCategory: () => !inForm() && set(S.newCategory(state)),
      enter: () => {
        if (inForm()) return set({ ...state, form: Fm.moveFocus(state.form, 1) })
        if (state.focus === "search") return set({ ...state, focus: "prompts" })
        if (state.focus === "categories") {
          const c = S.selectedCategory(state)
          return c && set(S.editCategory(state, c))
        }
        const p = S.selectedPrompt(state)
        if (p) set(S.editPrompt(state, p))
      },
      delete: remove,
      escape: () => {
        if (inForm()) return set(S.closeForm(state))
        set({ ...state, query: { ...state.query, value: "", cursor: 0 }, focus: state.focus === "search" ? "prompts" : state.focus })
        search()
      }
    },
    typing: () => (inForm() ? Fm.isTyping(state.form) : state.focus === "search"),
    ...input,
    focus: (delta) => {
      if (inForm()) return set({ ...state, form: Fm.moveFocus(state.form, delta) })
      const ring = ["categories", "prompts", "search"] as const
      const i = ring.indexOf(state.focus)
      set({ ...state, focus: ring[(i + delta + ring.length) % ring.length]! })
    },
    save,
    show: load,
    lines: (size) => view(state, size, heights),
    bar: () => (inForm() ? ["escape", "left"] : undefined),
    status: () => (state.saving ? "Saving…" : undefined)
  }
}
