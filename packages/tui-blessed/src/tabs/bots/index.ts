import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import { Archive, ArchiveNameTaken, botVotesNote, filesNote, type ArchiveMoveFailed, type FileMove, InvalidInput, Store, StoreError, updateBotAndFiles, type Bot, type BotGroup } from "@llp/core"
import { messageOf } from "../../app/errors.js"
import type { AppContext, Tab } from "../../app/types.js"
import * as Fm from "../../widgets/form.js"
import { formOrSearch } from "../../widgets/formOrSearch.js"
import { cursorTo, navActions, navDelta } from "../../widgets/listCursor.js"
import { scope } from "./keymap.js"
import * as S from "./state.js"
import { preloadBots, syncBots } from "@llp/core"
import { view } from "./view.js"
import { count } from "../../presentation/format.js"
import { foldVariants } from "./fold.js"

type Moved = Either.Either<ReadonlyArray<FileMove>, ArchiveMoveFailed>

const movedNote = (n: number) => (n === 0 ? "" : ` and moved its ${n === 1 ? "file" : `${n} files`} in llm_outputs/ to the new name`)

/** Which of a renamed bot's files moved and which stayed under the old name, one a line. */
const moveReport = (name: string, e: ArchiveMoveFailed): string =>
  [
    `The bot is saved as "${name}". In llm_outputs/:`,
    "",
    `Moved to the new name (${e.moved.length}):`,
    ...(e.moved.length === 0 ? ["  none"] : e.moved.map((m) => `  ${m.from}\n    → ${m.to}`)),
    "",
    `Still under the old name (${e.notMoved.length}):`,
    ...e.notMoved.map((m) => `  ${m.from}\n    not moved to ${m.to}: ${m.reason}`),
    "",
    "Move those by hand to keep them with the bot."
  ].join("\n")

export const makeBots = (ctx: AppContext): Tab => {
  const providers = () => ctx.providers.list().map((p) => p.name)
  let state = S.init(providers())
  const heights = { list: 10 }
  let names: ReadonlyArray<{ id: number; name: string }> = []
  /** Bases whose variants are shown (Space opens and closes them). */
  const open = new Set<number>()
  let listing: { bots: ReadonlyArray<Bot>; groups: ReadonlyArray<BotGroup> } = { bots: [], groups: [] }
  const set = (next: S.State) => {
    state = next
    ctx.render()
  }
  /** Lists or searches (full text) as the query stands; the newest query wins. */
  const search = () => {
    const q = state.query.value.trim()
    ctx.run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        if (q === "") {
          const [bots, groups] = yield* Effect.all([store.listBots(), store.listGroups()])
          listing = { bots, groups }
          return foldVariants(bots, groups, open)
        }
        const hits = yield* store.searchBots(q, 1000)
        return hits.map((h) => ({ bot: h.item, snippet: h.snippet }))
      }),
      {
        key: "bots.search",
        onSuccess: (items) => {
          if (q === "") names = listing.bots.map((b) => ({ id: b.id, name: b.name }))
          set(S.listed(state, q, items, heights.list))
        },
        onFailure: (e) => set(S.failed(state, messageOf(e)))
      }
    )
  }
  const refreshNames = () =>
    ctx.run(Effect.flatMap(Store.Store, (s) => s.listBots()), { key: "bots.names", onSuccess: (bots) => (names = bots.map((b) => ({ id: b.id, name: b.name }))) })
  const nav = (action: string) => () => {
    if (state.mode === "form") {
      if (action === "up" || action === "down") set({ ...state, form: Fm.moveFocus(state.form, action === "up" ? -1 : 1) })
      return
    }
    const d = navDelta(action, heights.list, state.items.length)
    if (d !== undefined) set({ ...S.move(state, d, heights.list), focus: "list" })
  }
  const save = () => {
    if (state.mode !== "form" || state.saving) return
    const checked = S.check(state, names)
    if (!checked.ok) {
      set(checked.state)
      return ctx.toast(`Not saved: ${Fm.firstError(checked.state.form) ?? "see the fields marked ✗"}`, "warn")
    }
    const editing = state.editing
    set({ ...state, saving: true })
    ctx.run(
      // a new name takes the bot's files in llm_outputs/ along; files kept under that name already refuse it
      editing === null ? Effect.map(Effect.flatMap(Store.Store, (store) => store.createBot(checked.input)), (bot) => ({ bot, files: null as Moved | null })) : updateBotAndFiles(editing, checked.input),
      {
        onSuccess: ({ bot, files }) => {
          set(S.closeForm(state))
          const saved = `${editing === null ? "Created" : "Saved"} bot #${bot.id} "${bot.name}"`
          if (files !== null && files._tag === "Left") {
            // a toast is cut to its lines: the viewer lists every file, where it is now
            ctx.openViewer(`Bot #${bot.id} "${bot.name}": not all its files moved`, moveReport(bot.name, files.left))
            ctx.toast(`${saved}, but not all its files in llm_outputs/ moved: the list says which are where`, "warn")
          } else ctx.toast(`${saved}${files === null ? "" : movedNote(files.right.length)}`, "success")
          ctx.selection.botId = ctx.selection.botId ?? bot.id
          search()
        },
        onFailure: (e) => {
          if (e instanceof InvalidInput) set(S.storeError(state, e.field, e.reason))
          else if (e instanceof StoreError && e.reason === "Conflict") set(S.storeError(state, "name", e.detail))
          else if (e instanceof ArchiveNameTaken) set(S.storeError(state, "name", "llm_outputs/ holds files of this name"))
          else set({ ...state, saving: false })
          ctx.toast(`Not saved: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  const remove = () => {
    const item = S.selected(state)
    if (state.mode !== "list" || !item) return
    const bot = item.bot
    // the dialog names the files that go with the bot, so nothing leaves without being said
    const notes = Effect.all([
      Effect.map(Effect.flatMap(Store.Store, (st) => st.listArenaVotes()), (votes) => botVotesNote(votes, bot.id)),
      Effect.flatMap(Archive.Archive, (a) => Effect.map(a.filesOf(bot.name), (files) => filesNote(files, a.root)))
    ])
    ctx.run(notes, {
      key: "bots.remove",
      onSuccess: ([votes, note]) =>
        ctx.confirm(`Delete bot "${bot.name}" (${bot.provider}: ${bot.model}) with all its runs and scores${votes}${note}?`, () =>
          ctx.run(
            Effect.gen(function* () {
              yield* (yield* Store.Store).removeBot(bot.id)
              // the bot is gone by now: a file that cannot be removed is reported, not a failure of the deletion
              return yield* Effect.either((yield* Archive.Archive).removeFiles(bot.name))
            }),
            {
              onSuccess: (files) => {
                if (files._tag === "Left") ctx.toast(`Deleted bot "${bot.name}", but not its files in llm_outputs/: ${messageOf(files.left)}`, "warn")
                else {
                  const n = files.right.length
                  ctx.toast(`Deleted bot "${bot.name}"${n === 0 ? "" : n === 1 ? " and its file in llm_outputs/" : ` and its ${n} files in llm_outputs/`}`, "success")
                }
                if (ctx.selection.botId === bot.id) ctx.selection.botId = null
                search()
              },
              onFailure: (e) => {
                ctx.toast(`Not deleted: ${messageOf(e)}`, "error")
                search()
              }
            }
          )
        ),
      onFailure: (e) => ctx.toast(`Not deleted: ${messageOf(e)}`, "error")
    })
  }
  const importFrom = () => {
    if (state.mode !== "list") return
    const list = ctx.providers.list()
    ctx.choose(
      "Import the models of",
      list.map((p) => `${p.name} (${p.kind}, ${p.baseUrl})`),
      (i) => {
        const name = list[i]!.name
        ctx.toast(`Asking ${name} for its models…`, "info")
        ctx.run(syncBots(name), {
          key: "bots.import",
          onSuccess: (r) => {
            ctx.toast(`${r.provider}: ${count(r.models, "model")}; added ${count(r.added.length, "bot")}${r.skipped > 0 ? `; skipped ${count(r.skipped, "embedding model")}` : ""}`, "success")
            search()
          },
          onFailure: (e) => ctx.toast(`Import from ${name} failed: ${messageOf(e)}`, "error")
        })
      }
    )
  }
  /** The first open with no bots fills the list from the servers' model lists, without holding the screen. */
  let preloadTried = false
  const preload = () => {
    if (preloadTried) return
    preloadTried = true
    const asked = ctx.providers
      .list()
      .filter((p) => p.kind !== "demo" || p.configured)
      .map((p) => p.name)
    if (asked.length === 0) return
    ctx.run(
      Effect.gen(function* () {
        if ((yield* (yield* Store.Store).listBots()).length > 0) return null
        yield* Effect.sync(() => set({ ...state, asking: asked }))
        return yield* preloadBots(asked)
      }),
      {
        key: "bots.preload",
        onSuccess: (results) => {
          if (results === null) return
          set(S.preloaded(state, results))
          const added = results.reduce((n, r) => n + ("added" in r ? r.added.length : 0), 0)
          ctx.toast(added > 0 ? `Added ${count(added, "bot")} from the servers' model lists` : "No server listed a model: n adds a bot by hand", added > 0 ? "success" : "warn")
          search()
          refreshNames()
        },
        onFailure: (e) => {
          set({ ...state, asking: [] })
          ctx.toast(`Could not preload the bots: ${messageOf(e)}`, "error")
        }
      }
    )
  }
  const input = formOrSearch({ get: () => state, set, inForm: () => state.mode === "form", search })
  return {
    id: "bots",
    scope,
    actions: {
      ...navActions(nav),
      search: () => state.mode === "list" && set({ ...state, focus: "search" }),
      new: () => state.mode === "list" && set(S.newBot(state, providers())),
      enter: () => {
        if (state.mode === "form") return set({ ...state, form: Fm.moveFocus(state.form, 1) })
        if (state.focus === "search") return set({ ...state, focus: "list" })
        const item = S.selected(state)
        if (item) set(S.editBot(state, item.bot, providers()))
      },
      delete: remove,
      fold: () => {
        const item = S.selected(state)
        if (state.mode !== "list" || state.shownQuery !== "" || item === undefined) return
        const base = item.variantOf ?? (item.fold ? item.bot.id : undefined)
        if (base === undefined) return
        if (open.has(base)) open.delete(base)
        else open.add(base)
        const items = foldVariants(listing.bots, listing.groups, open)
        // closing from a variant: the cursor goes to its base
        const at = Math.max(0, items.findIndex((i) => i.bot.id === (open.has(base) ? item.bot.id : base)))
        const next = S.listed(state, "", items, heights.list)
        set({ ...next, cursor: cursorTo(next.cursor, at, items.length, heights.list) })
      },
      import: importFrom,
      left: () => {
        const f = state.mode === "form" ? Fm.cycleChoice(state.form, -1) : undefined
        if (f) set({ ...state, form: f })
      },
      right: () => {
        const f = state.mode === "form" ? Fm.cycleChoice(state.form, 1) : undefined
        if (f) set({ ...state, form: f })
      },
      escape: () => {
        if (state.mode === "form") return set(S.closeForm(state))
        const had = state.query.value !== ""
        set({ ...state, query: { ...state.query, value: "", cursor: 0 }, focus: "list" })
        if (had) search()
      }
    },
    typing: () => (state.mode === "form" ? Fm.isTyping(state.form) : state.focus === "search"),
    ...input,
    focus: (delta) => {
      if (state.mode === "form") return set({ ...state, form: Fm.moveFocus(state.form, delta) })
      set({ ...state, focus: state.focus === "list" ? "search" : "list" })
    },
    save,
    show: () => {
      search()
      refreshNames()
      preload()
    },
    lines: (size) => view(state, size, heights),
    bar: () => (state.mode === "form" ? ["escape", "left"] : undefined),
    status: () => (state.saving ? "Saving…" : ctx.isRunning("bots.import") || ctx.isRunning("bots.preload") ? "Importing models…" : undefined)
  }
}
