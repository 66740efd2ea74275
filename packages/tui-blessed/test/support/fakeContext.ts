import * as os from "node:os"
import * as path from "node:path"
import * as fs from "node:fs"
import { Cause, Context, Effect, Exit, Layer, Option, Scope } from "effect"
import { Archive, Provider, Store, Workspace, defaultConfig, makeDemoProvider } from "@llp/core"
import { SqliteStore } from "@llp/store-sqlite"
import { makeArchive, readSuiteDir } from "@llp/workspace"
import { afterAll } from "vitest"
import type { AppContext } from "../../src/app/types.js"
import { SUITES } from "./services.js"

export interface Fake {
  readonly ctx: AppContext
  readonly store: Store.Service
  readonly toasts: Array<{ text: string; kind: string }>
  readonly tabs: Array<string>
  readonly viewers: Array<{ title: string; text: string }>
  readonly copies: Array<string>
  readonly confirms: Array<{ question: string; yes: () => void }>
}

const opened: Array<{ dir: string; scope: Scope.CloseableScope }> = []
afterAll(() => {
  for (const { dir, scope } of opened.splice(0)) {
    Effect.runSync(Scope.close(scope, Exit.void))
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

/** The real store on a SQLite file of a temp folder; better-sqlite3 answers synchronously, so it is built and used with runSync. */
export const sqliteStore = (): Store.Service => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llp-tui-unit-"))
  const scope = Effect.runSync(Scope.make())
  opened.push({ dir, scope })
  const context = Effect.runSync(Layer.buildWithScope(Layer.orDie(SqliteStore.layer(path.join(dir, "llp.sqlite"))), scope))
  return Context.get(context, Store.Store)
}

/**
 * An app context without a screen: effects run synchronously on a real SQLite store, so tabs can be
 * driven and drawn in plain unit tests.
 */
export const fakeContext = (store: Store.Service = sqliteStore()): Fake => {
  // nothing is written there unless a test saves
  const root = path.join(os.tmpdir(), "llp-tui-fake")
  const registry: Provider.Registry = {
    list: () => defaultConfig.providers.map((p) => ({ name: p.name, kind: p.type, baseUrl: p.baseUrl, configured: p.configured })),
    get: () => Effect.succeed(makeDemoProvider("demo", 0))
  }
  const context = Context.make(Store.Store, store).pipe(
    Context.add(Provider.Providers, registry),
    Context.add(Archive.Archive, makeArchive(`${root}/llm_outputs`)),
    Context.add(Workspace.Workspace, { root, configFile: `${root}/llp.config.json`, dbFile: `${root}/db.sqlite`, outputsDir: `${root}/llm_outputs`, config: defaultConfig })
  )
  const fake: Fake = {
    store,
    toasts: [],
    tabs: [],
    viewers: [],
    copies: [],
    confirms: [],
    ctx: {
      run: (effect, h = {}) => {
        const exit = Effect.runSyncExit(Effect.provide(effect, context))
        if (Exit.isSuccess(exit)) h.onSuccess?.(exit.value)
        else {
          const f = Cause.failureOption(exit.cause)
          const e = Option.isSome(f) ? f.value : new Error(Cause.pretty(exit.cause))
          if (h.onFailure) h.onFailure(e)
          else fake.toasts.push({ text: String((e as Error).message), kind: "error" })
        }
      },
      cancel: () => undefined,
      isRunning: () => false,
      toast: (text, kind = "info") => void fake.toasts.push({ text, kind }),
      switchTab: (id) => void fake.tabs.push(id),
      render: () => undefined,
      openViewer: (title, text) => void fake.viewers.push({ title, text }),
      confirm: (question, yes) => void fake.confirms.push({ question, yes }),
      choose: () => undefined,
      copy: (text) => void fake.copies.push(text),
      selection: { botId: null },
      workspace: Context.get(context, Workspace.Workspace),
      providers: registry,
      now: () => 0
    }
  }
  return fake
}

/** The repository's suites, two bots (one with a hostile name) and a scored run. */
export const seeded = (): Fake => {
  const fake = fakeContext()
  Effect.runSync(
    Effect.gen(function* () {
      const store = fake.store
      for (const suite of readSuiteDir(SUITES).suites) yield* store.loadSuite(suite)
      const a = yield* store.createBot({ name: "alpha", provider: "demo", model: "demo-fast-3b", load: { contextLength: 8192 } })
      yield* store.createBot({ name: "evil {bold}\x1b[31mbot", provider: "demo", model: "m\x1b]0;x\x07" })
      const p = (yield* store.listPrompts("booting"))[0]!
      const run = yield* store.addManualRun({ botId: a.id, promptId: p.id, output: "hello {red-fg}world\x1b[2J", tokensPerSecond: 30 })
      yield* store.scoreRun({ runId: run.id, points: 25, note: "fine" })
    })
  )
  return fake
}
