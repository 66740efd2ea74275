import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { chatOf, withSim } from "@llp/testkit"
import { coldOf, phasesOf } from "@llp/core"
import { Effect } from "effect"
import { makeOllamaProvider } from "../src/index.js"

const LLAMA = "llama3.2:latest"

describe("Ollama phases: load, prompt processing with its cache, cold vs warm", () => {
  it.live("a cold start's load time comes apart from prompt processing; the next request is warm and reuses the prompt cache", () =>
    withSim({ kind: "ollama", tokenDelayMs: 1, faults: [{ kind: "cold-start", ms: 300 }] }, (sim) =>
      Effect.gen(function* () {
        const provider = yield* makeOllamaProvider({ name: "ollama", baseUrl: sim.url })
        const cold = (yield* chatOf(provider, { model: LLAMA })).finish!
        const warm = (yield* chatOf(provider, { model: LLAMA })).finish!
        const coldRaw = cold.raw as Record<string, number>
        const warmRaw = warm.raw as Record<string, number>
        // the figures are the server's, converted from ns
        expect(cold.timings.loadMs).toBe(coldRaw["load_duration"]! / 1e6)
        expect(cold.timings.loadMs).toBeGreaterThanOrEqual(290)
        expect(cold.timings.promptMs).toBe(coldRaw["prompt_eval_duration"]! / 1e6)
        expect(cold.timings.promptMs!).toBeLessThan(cold.timings.loadMs!)
        expect(coldOf(cold.timings)).toBe(true)
        expect(warm.timings.loadMs!).toBeLessThan(250)
        expect(coldOf(warm.timings)).toBe(false)
        // same prompt again: the server evaluates only what its cache lacks, and says how much it reused
        expect(warmRaw["prompt_eval_cached_count"]).toBeGreaterThan(0)
        expect(warm.timings.cachedPromptTokens).toBe(warmRaw["prompt_eval_cached_count"])
        expect(warm.timings.promptEvalTokens).toBe(warmRaw["prompt_eval_count"])
        expect(warm.usage.inputTokens).toBe(cold.usage.inputTokens)
        // warm TTFT leaves the load out of a cold run's client TTFT
        const phases = phasesOf(cold.timings, 400)
        expect(phases).toMatchObject({ cold: true, loadMs: cold.timings.loadMs, warmTtftMs: 400 - cold.timings.loadMs! })
        expect(yield* provider.server!()).toEqual({ name: "ollama", version: "0.12.6" })
        // the loaded model's GPU memory, from /api/ps size_vram (the simulator puts the whole model there)
        const ps = (yield* Effect.promise(() => fetch(`${sim.url}/api/ps`).then((r) => r.json()))) as { models: Array<{ size_vram: number }> }
        expect(yield* provider.modelMemory!(LLAMA)).toBe(Math.round(ps.models[0]!.size_vram / 2 ** 20))
        expect(yield* provider.modelMemory!("qwen3:4b")).toBeNull()
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
