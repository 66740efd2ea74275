import { describe, expect, it } from "@effect/vitest"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { machineFingerprint, Store, type MachineProfile } from "@llp/core"
import { Effect } from "effect"
import { join } from "node:path"
import { SqliteStore } from "../src/index.js"
import { migrations } from "../src/migrations/index.js"
import { seed, tempFolder, withStore } from "./helpers.js"

const profile = (gpu: string | null): MachineProfile => ({
  os: { platform: "linux", release: "6.8.0", version: "#1 SMP", arch: "x64" },
  cpu: { model: "12th Gen Intel Core i7-12700F", cores: 20 },
  ramMb: 32_000,
  gpus: gpu === null ? [] : [{ vendor: "nvidia", name: gpu, vramMb: 10240, driver: "550.54" }],
  probes: []
})

const start = (botId: number, promptId: number, machineId: number | null) => ({
  botId,
  promptId,
  provider: "ollama",
  model: "m",
  demo: false,
  request: {},
  startedAt: "2026-01-01T00:00:00.000Z",
  machineId
})

describe("machines, phases and bench results", () => {
  it.effect("stores a profile once per fingerprint; another machine gets its own row", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const a = yield* store.saveMachine(profile("NVIDIA GeForce RTX 3080"))
        const again = yield* store.saveMachine({ ...profile("NVIDIA GeForce RTX 3080"), ramMb: 32_100, probes: ["rocm-smi: not found"] })
        const b = yield* store.saveMachine(profile(null))
        expect(again.id).toBe(a.id)
        expect(b.id).not.toBe(a.id)
        expect(a.fingerprint).toBe(machineFingerprint(profile("NVIDIA GeForce RTX 3080")))
        expect((yield* store.listMachines()).map((m) => m.id)).toEqual([a.id, b.id])
        expect((yield* store.getMachine(a.id)).gpus[0]?.name).toBe("NVIDIA GeForce RTX 3080")
        const bad = yield* Effect.flip(store.saveMachine({ ...profile(null), cpu: { model: "x", cores: 1.5 } }))
        expect(bad.message).toContain("machine.cpu")
      })
    )
  )

  it.effect("keeps each run's phases and manifest; speed per bot filters to one machine, warm TTFT and load time apart", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const here = yield* store.saveMachine(profile("NVIDIA GeForce RTX 3080"))
        const there = yield* store.saveMachine(profile(null))
        const cold = yield* store.startRun(start(a.id, teach.id, here.id))
        yield* store.updateRun(cold.id, {
          status: "complete",
          output: "x",
          reasoning: "",
          ttftMs: 2100,
          tokensPerSecond: 50,
          loadMs: 2000,
          promptMs: 80,
          promptEvalTokens: 26,
          cachedPromptTokens: 4,
          serverGenerationMs: 900,
          cold: true,
          warmTtftMs: 100,
          peakVramMb: null,
          energyJ: 12.5,
          seed: 42,
          contextLength: 8192,
          serverVersion: "ollama 0.12.6"
        })
        const warm = yield* store.startRun(start(a.id, teach.id, here.id))
        yield* store.updateRun(warm.id, { status: "complete", output: "y", reasoning: "", ttftMs: 140, warmTtftMs: 140, tokensPerSecond: 60, cold: false, loadMs: 2 })
        const elsewhere = yield* store.startRun(start(a.id, teach.id, there.id))
        yield* store.updateRun(elsewhere.id, { status: "complete", output: "z", reasoning: "", ttftMs: 900, warmTtftMs: 900, tokensPerSecond: 5 })

        const got = yield* store.getRun(cold.id)
        expect(got).toMatchObject({ machineId: here.id, loadMs: 2000, promptMs: 80, promptEvalTokens: 26, cachedPromptTokens: 4, cold: true, warmTtftMs: 100, peakVramMb: null, energyJ: 12.5, seed: 42, contextLength: 8192, serverVersion: "ollama 0.12.6" })
        expect((yield* store.getRun(elsewhere.id)).cold).toBeNull()

        const mine = (yield* store.speedByBot(here.id)).find((s) => s.botId === a.id)!
        expect(mine).toEqual({ botId: a.id, runs: 2, avgTokensPerSecond: 55, avgWarmTtftMs: 120, avgLoadMs: 2000, coldRuns: 1 })
        const all = (yield* store.speedByBot(null)).find((s) => s.botId === a.id)!
        expect(all.runs).toBe(3)
        expect(all.avgTokensPerSecond).toBeCloseTo(115 / 3)
        expect((yield* store.listRuns({ machineId: there.id })).map((r) => r.id)).toEqual([elsewhere.id])
      })
    )
  )

  it.effect("stores bench results per bot and machine, newest first, and refuses bad figures", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const { a, b } = yield* seed(store)
        const here = yield* store.saveMachine(profile(null))
        const depth = { depth: 0, ppMean: 500, ppSd: 5, ppSource: "server" as const, tgMean: 50, tgSd: 0.5, tgSource: "server" as const, ppTokens: [512], tgTokens: [128], ppSamples: [500], tgSamples: [50] }
        const input = { botId: a.id, machineId: here.id, serverVersion: "llama.cpp b5000", pp: 512, tg: 128, repeat: 5, depths: [depth], createdAt: "2026-01-01T00:00:00.000Z" }
        const first = yield* store.saveBench(input)
        const second = yield* store.saveBench({ ...input, botId: b.id })
        expect(first.depths).toEqual([depth])
        expect((yield* store.listBench({ botId: a.id })).map((r) => r.id)).toEqual([first.id])
        expect((yield* store.listBench({ machineId: here.id })).map((r) => r.id)).toEqual([second.id, first.id])
        const bad = yield* Effect.flip(store.saveBench({ ...input, repeat: 0 }))
        expect(bad.message).toContain("repeat")
        const nan = yield* Effect.flip(store.saveBench({ ...input, depths: [{ ...depth, ppMean: Number.NaN }] }))
        expect(nan.message).toContain("ppMean")
      })
    )
  )
})

describe("migration 0006 on a workspace made before it", () => {
  it.effect("adds the columns and tables; old runs keep nulls and still read", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempFolder
        const file = join(dir, "old.sqlite")
        // a workspace made by a build that had 0001–0004 and a later-numbered migration that merged first (as 0007 did)
        const later = Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE merged_first (id INTEGER PRIMARY KEY)`
        })
        const before = { ...Object.fromEntries(Object.entries(migrations).filter(([key]) => key < "0005")), "0099_merged_first": later }
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* Migrator.make({})({ loader: Migrator.fromRecord(before) })
          yield* sql`INSERT INTO bots (id, name, provider, model, created_at, updated_at, file_key) VALUES (1, 'Old', 'ollama', 'm', 'x', 'x', 'old')`
          yield* sql`INSERT INTO categories (key, title, system_prompt, temperature, ord) VALUES ('c', 'C', '', 0.5, 0)`
          yield* sql`INSERT INTO prompts (id, category, slug, ord, title, text, points, created_at, updated_at) VALUES (1, 'c', 's', 1, 't', 'x', 10, 'x', 'x')`
          yield* sql`INSERT INTO runs (bot_id, prompt_id, provider, model, status, started_at, ttft_ms, tokens_per_second) VALUES (1, 1, 'ollama', 'm', 'complete', 'x', 120, 40)`
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        const runs = yield* Effect.gen(function* () {
          const store = yield* Store.Store
          return yield* store.listRuns()
        }).pipe(Effect.provide(SqliteStore.layer(file)))
        expect(runs[0]).toMatchObject({ ttftMs: 120, tokensPerSecond: 40, machineId: null, loadMs: null, cold: null, warmTtftMs: null, serverVersion: null })
        // 0006 ran although a higher id had run before it; running again does nothing
        const applied = yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const ids = (yield* sql<{ migration_id: number }>`SELECT migration_id FROM effect_sql_migrations ORDER BY migration_id`).map((r) => r.migration_id)
          return { ids, again: yield* SqliteStore.migrate }
        }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
        expect(applied.ids).toEqual([...Object.keys(migrations).map((key) => Number(key.slice(0, 4))), 99])
        expect(applied.ids).toContain(6)
        expect(applied.again).toEqual([])
      })
    )
  )
})

describe("runs from before machine profiles", () => {
  it.effect("go to the first machine probed here, not to an imported one; later machines take none", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const { a, teach } = yield* seed(store)
        const old = yield* store.startRun(start(a.id, teach.id, null))
        const imported = yield* store.saveMachine(profile("Imported GPU"))
        expect((yield* store.getRun(old.id)).machineId).toBeNull()
        const here = yield* store.saveMachine(profile("Local GPU"), { local: true })
        expect((yield* store.getRun(old.id)).machineId).toBe(here.id)
        const later = yield* store.startRun(start(a.id, teach.id, null))
        const upgraded = yield* store.saveMachine(profile("New GPU"), { local: true })
        expect((yield* store.getRun(later.id)).machineId).toBeNull()
        expect(upgraded.id).not.toBe(imported.id)
        const manual = yield* store.addManualRun({ botId: a.id, promptId: teach.id, output: "x", tokensPerSecond: 30, machineId: here.id })
        expect(manual.machineId).toBe(here.id)
      })
    )
  )
})
