import { MachineInfo, Store, type Machine, type MachineProfile } from "@llp/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { documentJson, exportDocument, importDocument, loadLeaderboard, parseDocument, toMarkdown } from "../src/index.js"
import { sqliteStoreLayer } from "./store.js"

const profile = (gpu: string): MachineProfile => ({
  os: { platform: "linux", release: "6.8.0", version: "#1", arch: "x64" },
  cpu: { model: "Ryzen 9 7950X", cores: 32 },
  ramMb: 65536,
  gpus: [{ vendor: "nvidia", name: gpu, vramMb: 24576, driver: "560.1" }],
  probes: []
})

/** A MachineInfo that says the app runs on the machine with this profile. */
const runningOn = (p: MachineProfile) =>
  Layer.effect(
    MachineInfo.MachineInfo,
    Effect.map(Store.Store, (store) => ({
      profile: () => Effect.succeed(p),
      current: () => store.saveMachine(p),
      watch: () => Effect.succeed({ stop: () => Effect.succeed({ peakVramMb: null, energyJ: null }) })
    }))
  )

/** One bot with one complete run of the given speed on the running machine, plus a bench result. */
const seed = (tps: number, ttft: number) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const here: Machine = yield* (yield* MachineInfo.MachineInfo).current()
    yield* store.loadSuite({
      category: { key: "c", title: "C", systemPrompt: "", temperature: 0.5, order: 0 },
      prompts: [{ category: "c", slug: "p", order: 1, title: "P", text: "x", points: 10, useSystemPrompt: false, rubric: [] }]
    })
    const bot = yield* store.createBot({ name: "Qwen", provider: "ollama", model: "qwen" })
    const prompt = (yield* store.listPrompts())[0]!
    const run = yield* store.startRun({ botId: bot.id, promptId: prompt.id, provider: "ollama", model: "qwen", demo: false, request: {}, startedAt: "2026-01-01T00:00:00.000Z", machineId: here.id })
    yield* store.updateRun(run.id, { status: "complete", output: "ok", reasoning: "", ttftMs: ttft + 3000, warmTtftMs: ttft, loadMs: 3000, cold: true, tokensPerSecond: tps })
    const depth = { depth: 0, ppMean: 900, ppSd: 9, ppSource: "server" as const, tgMean: tps, tgSd: 1, tgSource: "server" as const, ppTokens: [512], tgTokens: [128], ppSamples: [900], tgSamples: [tps] }
    yield* store.saveBench({ botId: bot.id, machineId: here.id, serverVersion: "ollama 0.12.6", pp: 512, tg: 128, repeat: 1, depths: [depth], createdAt: "2026-01-01T00:01:00.000Z" })
  })

describe("machines in exports and imports", () => {
  it("an export names the machine of its speeds and carries every profile; an import keeps another machine's runs apart", async () => {
    const a = Layer.provideMerge(runningOn(profile("RTX 4090")), sqliteStoreLayer())
    const text = await Effect.runPromise(Effect.scoped(Effect.provide(Effect.zipRight(seed(120, 150), Effect.map(exportDocument({ details: true }), documentJson)), a)))
    const doc = await Effect.runPromise(parseDocument(text, "a.json"))
    expect(doc.machine?.gpus[0]?.name).toBe("RTX 4090")
    expect(doc.machines?.map((m) => m.fingerprint)).toEqual([doc.machine?.fingerprint])
    expect(doc.runs?.[0]).toMatchObject({ machine: doc.machine?.fingerprint, loadMs: 3000, cold: true, warmTtftMs: 150 })
    expect(doc.leaderboard[0]).toMatchObject({ avgTokensPerSecond: 120, avgTtftMs: 150, avgLoadMs: 3000 })
    expect(doc.bench?.[0]).toMatchObject({ bot: "Qwen", machine: doc.machine?.fingerprint, serverVersion: "ollama 0.12.6" })

    // workspace B runs on another machine: the imported runs keep A's profile
    const b = Layer.provideMerge(runningOn(profile("RTX 3060")), sqliteStoreLayer())
    const got = await Effect.runPromise(
      Effect.scoped(
        Effect.provide(
          Effect.gen(function* () {
            const report = yield* importDocument(doc)
            const again = yield* importDocument(doc)
            const store = yield* Store.Store
            const here = yield* (yield* MachineInfo.MachineInfo).current()
            return {
              report,
              again,
              here,
              machines: yield* store.listMachines(),
              runs: yield* store.listRuns(),
              bench: yield* store.listBench(),
              mine: yield* loadLeaderboard(),
              all: yield* loadLeaderboard("total", { machine: "all" })
            }
          }),
          b
        )
      )
    )
    const theirs = got.machines.find((m) => m.fingerprint === doc.machine?.fingerprint)!
    expect(theirs.id).not.toBe(got.here.id)
    expect(got.runs.map((r) => r.machineId)).toEqual([theirs.id])
    expect(got.bench.map((r) => r.machineId)).toEqual([theirs.id])
    expect(got.again.runs).toEqual({ added: 0, matched: 1 })
    // this machine has no runs of its own: no speed; "all" shows the imported one
    expect(got.mine.machine?.id).toBe(got.here.id)
    expect(got.mine.rows[0]).toMatchObject({ avgTokensPerSecond: null, avgTtftMs: null, avgLoadMs: null })
    expect(got.all.machine).toBeNull()
    expect(got.all.rows[0]).toMatchObject({ avgTokensPerSecond: 120, avgTtftMs: 150, avgLoadMs: 3000 })
    // the Markdown export says whose speeds it shows
    expect(toMarkdown(got.mine.rows, got.mine.categories, null, undefined, got.mine.machine)).toContain(`RTX 3060 24576 MB (machine fingerprint \`${got.here.fingerprint}\`)`)
    expect(toMarkdown(got.all.rows, got.all.categories, null, undefined, null)).toContain("Speeds: every machine's runs")
  })
})
