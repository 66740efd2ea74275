/**
 * The machine profile's costs: how long gathering it takes (no GPU tool here, then a GPU tool that
 * hangs: the bar is 2 s at most), and what the machine service adds to a run's time to first token
 * (a run with it against a run without it, interleaved, on the same quick simulator).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, ManagedRuntime } from "effect"
import { conduct, Provider, Store } from "@llp/core"
import { makeOpenAiProvider } from "@llp/provider-openai"
import { SqliteStore } from "@llp/store-sqlite"
import { startSimulator } from "@llp/testkit"
import { gatherProfile, machineLayer } from "@llp/workspace"

const MODEL = "Qwen/Qwen2.5-0.5B-Instruct"
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round2 = (x: number) => Number(x.toFixed(2))

const timeGather = async (rounds: number) => {
  const times: Array<number> = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await gatherProfile()
    times.push(performance.now() - start)
  }
  return { rounds, medianMs: Math.round(median(times)), maxMs: Math.round(Math.max(...times)) }
}

const runner = (url: string, file: string, withMachine: boolean) => {
  const store = SqliteStore.layer(file)
  const providers = Layer.effect(Provider.Providers, makeOpenAiProvider({ name: "sim", baseUrl: `${url}/v1` }).pipe(Effect.map((p) => ({ list: () => [], get: () => Effect.succeed(p) }))))
  const layer = (withMachine ? Layer.mergeAll(machineLayer.pipe(Layer.provideMerge(store)), providers) : Layer.mergeAll(store, providers)).pipe(Layer.provide(FetchHttpClient.layer))
  // one runtime per runner, as in the app: the services (and the profile) are made once per process
  const runtime = ManagedRuntime.make(layer)
  const run = () =>
    runtime.runPromise(
      Effect.gen(function* () {
        const s = yield* Store.Store
        const category = yield* s.saveCategory({ key: "bench", title: "Bench", systemPrompt: "", temperature: 0, order: 1 })
        const bot = (yield* s.listBots())[0] ?? (yield* s.createBot({ name: "bench", provider: "sim", model: MODEL }))
        const prompt =
          (yield* s.listPrompts("bench"))[0] ??
          (yield* s.createPrompt({ category: "bench", slug: "hello", order: 1, title: "Hello", text: "hello", points: 1, useSystemPrompt: false, rubric: [{ points: 1, text: "x" }] }))
        const start = performance.now()
        let first: number | null = null
        const result = yield* conduct({ bot, prompt, category, timeouts: { firstTokenMs: 60_000, idleMs: 60_000 }, progressMs: 0, onProgress: (x) => void (x.chunks > 0 && (first ??= performance.now())) })
        return { ttftMs: (first ?? performance.now()) - start, machineId: result.run.machineId ?? null }
      })
    )
  return { run, dispose: () => runtime.dispose() }
}

export async function benchMachine(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llp-bench-machine-"))
  const savedPath = process.env["PATH"]
  const quick = await startSimulator({ kind: "openai" })
  try {
    const plain = await timeGather(10)
    // a GPU tool that never answers: killed at the probe timeout
    const bin = path.join(dir, "bin")
    fs.mkdirSync(bin)
    fs.writeFileSync(path.join(bin, "nvidia-smi"), "#!/bin/sh\nexec sleep 30\n", { mode: 0o755 })
    process.env["PATH"] = `${bin}:${savedPath}`
    const hanging = await timeGather(3)
    process.env["PATH"] = savedPath
    // each runner is a fresh process-like service: its first run also gathers the profile
    const without = runner(quick.url, path.join(dir, "without.sqlite"), false)
    const withM = runner(quick.url, path.join(dir, "with.sqlite"), true)
    const a: Array<number> = []
    const b: Array<number> = []
    let machineId: number | null = null
    // the first run of each pays for opening the database (and, with the service, starts gathering the profile)
    const first = { withoutMachineMs: round2((await without.run()).ttftMs), withMachineMs: round2((await withM.run()).ttftMs) }
    for (let i = 0; i < 60; i++) {
      a.push((await without.run()).ttftMs)
      const r = await withM.run()
      b.push(r.ttftMs)
      machineId = r.machineId
    }
    await without.dispose()
    await withM.dispose()
    return {
      gatherProfile: { noGpuTools: plain, hangingNvidiaSmi: hanging, barMs: 2000, meetsBar: hanging.maxMs <= 2000 && plain.maxMs <= 2000 },
      ttft: {
        rounds: a.length,
        withoutMachineMs: round2(median(a)),
        withMachineMs: round2(median(b)),
        deltaMs: round2(median(b) - median(a)),
        runsPointToMachine: machineId !== null,
        firstRun: first,
        note: "median, request start to first token on a quick simulator; the machine service gathers the profile off the request's path"
      },
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`
    }
  } finally {
    process.env["PATH"] = savedPath
    await quick.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchMachine().then((r) => console.log(JSON.stringify(r, null, 2)))
}
