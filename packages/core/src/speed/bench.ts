import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { BenchDepth, FigureSource } from "../domain/Bench.js"
import type { Bot } from "../domain/Bot.js"
import { ProviderError } from "../errors.js"
import type { Timeouts } from "../config.js"
import type { ChatRequest, ServerTimings, Service as ProviderService, Usage } from "../services/Provider.js"
import { promptTokensPerSecond } from "./phases.js"
import { meanSd } from "./summary.js"

// Short, common words: about one token each in the usual tokenizers, so N words ≈ N prompt tokens.
const WORDS = (
  "the of and to in is it that was for on are as with his they at be this from have or by one had not but what all were when we " +
  "there can an your which their said if do will each about how up out them then she many some so these would other into has more " +
  "her two like him see time could no make than first been its who now people my made over did down only way find use may water long"
).split(" ")

/** N filler words, the same for the same seed (a small LCG: the words need not be random, only different per seed). */
export const fillerText = (words: number, seed: number): string => {
  let state = (seed * 2654435761) >>> 0
  const out: Array<string> = []
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out.push(WORDS[state % WORDS.length]!)
  }
  return out.join(" ")
}

export interface BenchOptions {
  readonly bot: Bot
  readonly provider: ProviderService
  /** Prompt tokens to process per repeat (llama-bench's pp512). */
  readonly pp: number
  /** Tokens to generate per repeat (tg128). */
  readonly tg: number
  /** Tokens already in the context before the measured prompt (llama-bench's -d). */
  readonly depths: ReadonlyArray<number>
  readonly repeat: number
  readonly timeouts: Timeouts
  readonly onStep?: (step: string) => void
}

/** One request as the bench sees it: the server's figures and LLP's clock. */
interface Measured {
  readonly timings: ServerTimings
  readonly usage: Usage
  readonly ttftMs: number | null
  readonly generationMs: number | null
  readonly chunks: number
}

const measure = (provider: ProviderService, request: ChatRequest, timeouts: Timeouts): Effect.Effect<Measured, ProviderError> =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    let first: number | null = null
    let last: number | null = null
    let chunks = 0
    let timings: ServerTimings | null = null
    let usage: Usage = {}
    yield* Stream.runForEach(provider.chat(request), (part) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        if ((part.type === "text-delta" || part.type === "reasoning-delta") && part.delta !== "") {
          first ??= now
          last = now
          chunks++
        } else if (part.type === "finish") {
          timings = part.timings
          usage = part.usage
        }
      })
    ).pipe(
      Effect.timeoutFail({
        duration: timeouts.firstTokenMs + timeouts.idleMs,
        onTimeout: () => new ProviderError({ provider: provider.name, reason: "Timeout", detail: "a bench request took longer than timeouts.firstTokenMs + timeouts.idleMs" })
      })
    )
    if (timings === null) return yield* Effect.fail(new ProviderError({ provider: provider.name, reason: "Interrupted", detail: "a bench answer ended without a finish" }))
    return {
      timings,
      usage,
      ttftMs: first === null ? null : first - start,
      generationMs: first === null || last === null ? null : last - first,
      chunks
    }
  })

/** pp t/s: the server's own figure where it gives prompt tokens and time, else LLP's prompt tokens over time to first token. */
const ppOf = (m: Measured): { value: number | null; source: FigureSource | null; tokens: number | null } => {
  const server = promptTokensPerSecond({ promptMs: m.timings.promptMs ?? null, promptEvalTokens: m.timings.promptEvalTokens ?? null })
  if (server !== null) return { value: server, source: "server", tokens: m.timings.promptEvalTokens ?? null }
  const tokens = m.usage.inputTokens ?? null
  if (tokens !== null && m.ttftMs !== null && m.ttftMs > 0) return { value: (tokens * 1000) / m.ttftMs, source: "llp", tokens }
  return { value: null, source: null, tokens }
}

/** tg t/s: the server's own, else its token count (or LLP's chunk count) over LLP's generation time. */
const tgOf = (m: Measured): { value: number | null; source: FigureSource | null; tokens: number | null } => {
  const tokens = m.usage.outputTokens ?? (m.chunks > 0 ? m.chunks : null)
  if (m.timings.tokensPerSecond !== undefined) return { value: m.timings.tokensPerSecond, source: "server", tokens }
  if (m.generationMs !== null && m.generationMs > 0 && tokens !== null && tokens > 1) return { value: ((tokens - 1) * 1000) / m.generationMs, source: "llp", tokens }
  return { value: null, source: null, tokens }
}

const sourceOf = (sources: ReadonlyArray<FigureSource | null>): FigureSource | null =>
  sources.includes("llp") ? "llp" : sources.includes("server") ? "server" : null

/**
 * A llama-bench-like probe over the server: a warm-up (so no load is timed), then at each depth `repeat`
 * requests of about `pp` new prompt tokens after `depth` tokens of context, generating up to `tg` tokens.
 * At a depth above 0 the context is sent once first with the prompt cache on, so the server keeps it and
 * processes only the new tokens of each repeat (llama.cpp and Ollama do; a server without a prompt cache
 * processes the whole prompt, and its pp is then over depth + pp tokens). Each repeat's new tokens differ.
 */
export const benchBot = (o: BenchOptions): Effect.Effect<ReadonlyArray<BenchDepth>, ProviderError> =>
  Effect.gen(function* () {
    const base = (prompt: string, maxTokens: number, promptCache: boolean): ChatRequest => ({
      model: o.bot.model,
      prompt,
      load: o.bot.load,
      sampling: { ...o.bot.sampling, maxTokens },
      promptCache
    })
    o.onStep?.("warm-up")
    yield* measure(o.provider, base(fillerText(32, 1), 8, false), o.timeouts)
    const results: Array<BenchDepth> = []
    for (const depth of o.depths) {
      const context = depth > 0 ? `${fillerText(depth, 1000 + depth)}\n\n` : ""
      if (depth > 0) {
        o.onStep?.(`depth ${depth}: filling the context`)
        yield* measure(o.provider, base(`${context}${fillerText(8, 7)}`, 1, true), o.timeouts)
      }
      const pp: Array<ReturnType<typeof ppOf>> = []
      const tg: Array<ReturnType<typeof tgOf>> = []
      for (let r = 0; r < o.repeat; r++) {
        o.onStep?.(`depth ${depth}: repeat ${r + 1} of ${o.repeat}`)
        const m = yield* measure(o.provider, base(`${context}${fillerText(o.pp, 10_000 * (depth + 1) + r)}`, o.tg, depth > 0), o.timeouts)
        pp.push(ppOf(m))
        tg.push(tgOf(m))
      }
      const ppSamples = pp.flatMap((p) => (p.value === null ? [] : [p.value]))
      const tgSamples = tg.flatMap((t) => (t.value === null ? [] : [t.value]))
      const ppStats = meanSd(ppSamples)
      const tgStats = meanSd(tgSamples)
      results.push({
        depth,
        ppMean: ppStats?.mean ?? null,
        ppSd: ppStats?.sd ?? null,
        ppSource: sourceOf(pp.map((p) => p.source)),
        tgMean: tgStats?.mean ?? null,
        tgSd: tgStats?.sd ?? null,
        tgSource: sourceOf(tg.map((t) => t.source)),
        ppTokens: pp.map((p) => p.tokens),
        tgTokens: tg.map((t) => t.tokens),
        ppSamples,
        tgSamples
      })
    }
    return results
  })

/** "pp512", "tg128 @ d4096": llama-bench's names for the figures. */
export const benchLabel = (kind: "pp" | "tg", n: number, depth: number): string => `${kind}${n}${depth > 0 ? ` @ d${depth}` : ""}`
