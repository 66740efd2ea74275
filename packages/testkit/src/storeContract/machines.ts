import { machineFingerprint, type MachineProfile } from "@llp/core"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { seed } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

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

export const machineContract = (target: StoreTarget) => {
  describe(`Store contract (${target.name}): machines, phases and bench results`, () => {
    const test = storeIt(target)

    test("stores a profile once per fingerprint; another machine gets its own row", (store) =>
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

    test("keeps each run's phases and manifest; speed per bot filters to one machine, warm TTFT and load time apart", (store) =>
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

    test("stores bench results per bot and machine, newest first, and refuses bad figures", (store) =>
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
        expect(first).toMatchObject({ botId: a.id, machineId: here.id, serverVersion: "llama.cpp b5000", pp: 512, tg: 128, repeat: 5, createdAt: "2026-01-01T00:00:00.000Z" })
        const nowhere = yield* store.saveBench({ ...input, machineId: null })
        expect(nowhere.machineId).toBeNull()
        expect((yield* store.listBench()).map((r) => r.id)).toEqual([nowhere.id, second.id, first.id])
        expect((yield* store.listBench({ botId: a.id, machineId: here.id })).map((r) => r.id)).toEqual([first.id])
        expect(yield* Effect.flip(store.saveBench({ ...input, botId: 999 }))).toMatchObject({ reason: "NotFound" })
        expect(yield* Effect.flip(store.saveBench({ ...input, machineId: 999 }))).toMatchObject({ reason: "NotFound" })
        expect(yield* store.listBench()).toHaveLength(3)
      })
    )

    test("an unknown machine is NotFound; speed lists only the bots asked for that have complete runs there", (store) =>
      Effect.gen(function* () {
        const { a, b, teach } = yield* seed(store)
        const c = yield* store.createBot({ name: "Gamma", provider: "ollama", model: "g" })
        expect(yield* Effect.flip(store.getMachine(4242))).toMatchObject({ _tag: "StoreError", reason: "NotFound" })
        const here = yield* store.saveMachine(profile("GPU"))
        expect(yield* store.getMachine(here.id)).toEqual(here)
        for (const [bot, tps] of [[a, 10], [a, 20], [b, 40]] as const) {
          const run = yield* store.startRun(start(bot.id, teach.id, here.id))
          yield* store.updateRun(run.id, { status: "complete", output: "o", reasoning: "", tokensPerSecond: tps, ttftMs: 500 })
        }
        const failed = yield* store.startRun(start(c.id, teach.id, here.id))
        yield* store.updateRun(failed.id, { status: "failed", output: "", reasoning: "", tokensPerSecond: 99 })
        const byBot = (xs: ReadonlyArray<{ botId: number }>) => [...xs].sort((x, y) => x.botId - y.botId)
        expect(byBot(yield* store.speedByBot(here.id))).toEqual([
          { botId: a.id, runs: 2, avgTokensPerSecond: 15, avgWarmTtftMs: 500, avgLoadMs: null, coldRuns: 0 },
          { botId: b.id, runs: 1, avgTokensPerSecond: 40, avgWarmTtftMs: 500, avgLoadMs: null, coldRuns: 0 }
        ])
        expect((yield* store.speedByBot(here.id, [b.id, c.id])).map((s) => s.botId)).toEqual([b.id])
        expect(yield* store.speedByBot(here.id, [])).toEqual([])
        expect(byBot(yield* store.speedByBot(null))).toEqual(byBot(yield* store.speedByBot(here.id)))
      })
    )
  })

  describe(`Store contract (${target.name}): runs from before machine profiles`, () => {
    const test = storeIt(target)

    test("go to the first machine probed here, not to an imported one; later machines take none", (store) =>
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
  })
}
