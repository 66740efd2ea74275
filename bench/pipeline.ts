/**
 * Pipeline throughput: a simulator floods 50,000 tokens as fast as it can; LLP's whole pipeline
 * (HTTP client → SSE parser → chunk mapper → conduct, which times and persists the run) is measured
 * against a bare HTTP reader of the same stream, in one run. Then time to first token on a short
 * answer that the simulator sends at once, so that LLP's own overhead is what is measured.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { conduct, Provider, Store } from "@llp/core"
import { makeOpenAiProvider } from "@llp/provider-openai"
import { SqliteStore } from "@llp/store-sqlite"
import { startSimulator } from "@llp/testkit"

const TOKENS = 50_000
const MODEL = "Qwen/Qwen2.5-0.5B-Instruct"

/** Reads the SSE stream with fetch and a line split: the least a client can do. */
const bareReader = async (url: string) => {
  const start = performance.now()
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hello" }] })
  })
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let first: number | null = null
  let tokens = 0
  let rest = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    rest += decoder.decode(value, { stream: true })
    const lines = rest.split("\n")
    rest = lines.pop()!
    for (const line of lines) {
      if (line.startsWith("data: {") && line.includes('"content"')) {
        tokens++
        first ??= performance.now()
      }
    }
  }
  const end = performance.now()
  return { tokens, ttftMs: (first ?? end) - start, tokensPerSecond: tokens / ((end - (first ?? start)) / 1000) }
}

/** One run through LLP, persisted to a real SQLite workspace database. */
const llpRunner = (url: string, file: string) => {
  const layer = Layer.mergeAll(
    SqliteStore.layer(file),
    Layer.effect(Provider.Providers, makeOpenAiProvider({ name: "sim", baseUrl: `${url}/v1` }).pipe(Effect.map((p) => ({ list: () => [], get: () => Effect.succeed(p) }))))
  ).pipe(Layer.provide(FetchHttpClient.layer))
  return () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const category = yield* store.saveCategory({ key: "bench", title: "Bench", systemPrompt: "", temperature: 0, order: 1 })
        const bot = (yield* store.listBots())[0] ?? (yield* store.createBot({ name: "bench", provider: "sim", model: MODEL }))
        const prompt =
          (yield* store.listPrompts("bench"))[0] ??
          (yield* store.createPrompt({ category: "bench", slug: "hello", order: 1, title: "Hello", text: "hello", points: 1, useSystemPrompt: false, rubric: [{ points: 1, text: "x" }] }))
        const start = performance.now()
        let first: number | null = null
        const result = yield* conduct({ bot, prompt, category, timeouts: { firstTokenMs: 60_000, idleMs: 60_000 }, progressMs: 0, onProgress: (s) => void (s.chunks > 0 && (first ??= performance.now())) })
        const end = performance.now()
        const tokens = result.run.completionTokens ?? 0
        return { status: result.run.status, tokens, ttftMs: (first ?? end) - start, tokensPerSecond: tokens / ((result.run.generationMs ?? end - start) / 1000) }
      }).pipe(Effect.provide(layer))
    )
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchPipeline(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llp-bench-pipeline-"))
  const flood = await startSimulator({ kind: "openai", tokens: TOKENS })
  const quick = await startSimulator({ kind: "openai" })
  try {
    const floodRun = llpRunner(flood.url, path.join(dir, "flood.sqlite"))
    const quickRun = llpRunner(quick.url, path.join(dir, "quick.sqlite"))
    const bare = []
    const llp = []
    for (let i = 0; i < 5; i++) {
      bare.push(await bareReader(flood.url))
      llp.push(await floodRun())
    }
    const ttftBare = []
    const ttftLlp = []
    for (let i = 0; i < 100; i++) {
      ttftBare.push((await bareReader(quick.url)).ttftMs)
      ttftLlp.push((await quickRun()).ttftMs)
    }
    const report = {
      throughput: {
        tokens: TOKENS,
        rounds: bare.length,
        bareTokensPerSecond: Math.round(median(bare.map((b) => b.tokensPerSecond))),
        llpTokensPerSecond: Math.round(median(llp.map((b) => b.tokensPerSecond))),
        llpStatuses: [...new Set(llp.map((b) => b.status))],
        llpTokensCounted: median(llp.map((b) => b.tokens))
      },
      ttft: {
        rounds: ttftBare.length,
        bareMs: Number(median(ttftBare).toFixed(2)),
        llpMs: Number(median(ttftLlp).toFixed(2)),
        note: "median, request start to first token, short answer sent at once by the simulator; LLP writes the run's row once the first token is shown"
      },
      targets: { tokensPerSecond: 20_000, ttftWithinMs: 2 }
    }
    return {
      ...report,
      ttftDeltaMs: Number((report.ttft.llpMs - report.ttft.bareMs).toFixed(2)),
      meetsThroughput: report.throughput.llpTokensPerSecond >= 20_000,
      meetsTtft: report.ttft.llpMs - report.ttft.bareMs <= 2
    }
  } finally {
    await flood.close()
    await quick.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPipeline().then((r) => console.log(JSON.stringify(r, null, 2)))
}
