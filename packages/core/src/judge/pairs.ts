import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { Bot } from "../domain/Bot.js"
import type { Prompt } from "../domain/Prompt.js"
import type { Run } from "../domain/Run.js"
import { InvalidInput, type ProviderError } from "../errors.js"
import { Providers, type Service as ProviderService } from "../services/Provider.js"
import { Store, type StoreFailure } from "../services/Store.js"
import { PAIR_SCHEMA, pairMessage, parsePairVerdict, resolveSwap, type PairVerdict } from "./pairwise.js"
import { askText, JUDGE_ATTEMPTS, judgeRequest, type JudgeOptions } from "./run.js"
import type { JudgePair } from "./types.js"

export interface PairTarget {
  readonly prompt: Prompt
  readonly a: { readonly bot: Bot; readonly run: Run }
  readonly b: { readonly bot: Bot; readonly run: Run }
}

export type PairEvent =
  | { readonly type: "plan"; readonly total: number; readonly skipped: number }
  | { readonly type: "pair-end"; readonly target: PairTarget; readonly pair: JudgePair | null; readonly error: string | null; readonly index: number; readonly total: number }

export interface PairSummary {
  readonly judge: string
  readonly planned: number
  readonly compared: number
  /** Comparisons whose verdict survived the swap. */
  readonly consistent: number
  /** Comparisons where an answer did not parse twice (nothing recorded). */
  readonly failed: number
  readonly errors: number
  readonly skipped: number
  readonly ms: number
  readonly lastError: string | null
}

/** One order asked, with one more attempt when the answer does not parse. */
const askPair = (judge: Bot, provider: ProviderService, options: Pick<JudgeOptions, "timeouts">, task: string, first: string, second: string) =>
  Effect.gen(function* () {
    const request = judgeRequest(judge, pairMessage(task, first, second), { name: "pair_verdict", schema: PAIR_SCHEMA })
    const raw: Array<string> = []
    let error = ""
    for (let attempt = 1; attempt <= JUDGE_ATTEMPTS; attempt++) {
      const text = yield* askText(provider, request, options.timeouts)
      raw.push(text)
      const parsed = parsePairVerdict(text)
      if (parsed.ok) return { winner: parsed.winner as PairVerdict | null, raw, error: null }
      error = parsed.error
    }
    return { winner: null, raw, error }
  })

/**
 * Pairwise judging: for every prompt, the latest complete runs of every two bots, asked in both orders.
 * A win counts only when it survives the swap (else a tie). Each comparison is saved once (judge_pairs,
 * with both answers, for swap consistency) and becomes an Arena vote with source judge; running it again
 * resumes.
 */
export const judgePairs = (
  options: Omit<JudgeOptions, "onEvent"> & { readonly onEvent?: (e: PairEvent) => void }
): Effect.Effect<PairSummary, StoreFailure, Store | Providers> =>
  Effect.gen(function* () {
    const store = yield* Store
    const emit = options.onEvent ?? (() => {})
    const started = yield* Clock.currentTimeMillis
    const known = new Set((yield* store.listCategories()).map((c) => c.key))
    const prompts: Array<Prompt> = []
    for (const key of options.categories) {
      if (!known.has(key)) return yield* Effect.fail(new InvalidInput({ field: "--category", reason: `no category "${key}" (known: ${[...known].join(", ")})` }))
      prompts.push(...(yield* store.listPrompts(key)))
    }
    const latest = new Map<number, Map<number, Run>>()
    for (const bot of options.bots) {
      const m = new Map<number, Run>()
      for (const r of yield* store.listRuns({ botId: bot.id, status: "complete", limit: 1_000_000 })) if (!m.has(r.promptId)) m.set(r.promptId, r)
      latest.set(bot.id, m)
    }
    const done = new Set((yield* store.listJudgePairs({ judgeBotId: options.judge.id })).map((p) => `${p.runA}/${p.runB}`))
    const todo: Array<PairTarget> = []
    let skipped = 0
    for (const prompt of prompts) {
      for (let i = 0; i < options.bots.length; i++) {
        for (let j = i + 1; j < options.bots.length; j++) {
          if (options.bots[i]!.id === options.bots[j]!.id) continue
          const ra = latest.get(options.bots[i]!.id)!.get(prompt.id)
          const rb = latest.get(options.bots[j]!.id)!.get(prompt.id)
          if (ra === undefined || rb === undefined) continue
          if (!options.rerun && (done.has(`${ra.id}/${rb.id}`) || done.has(`${rb.id}/${ra.id}`))) skipped++
          else todo.push({ prompt, a: { bot: options.bots[i]!, run: ra }, b: { bot: options.bots[j]!, run: rb } })
        }
      }
    }
    emit({ type: "plan", total: todo.length, skipped })
    let compared = 0
    let consistent = 0
    let failed = 0
    let errors = 0
    let lastError: string | null = null
    const summary = Effect.map(Clock.currentTimeMillis, (now): PairSummary => ({ judge: options.judge.name, planned: todo.length, compared, consistent, failed, errors, skipped, ms: now - started, lastError }))
    if (todo.length === 0) return yield* summary
    const provider = yield* Effect.either((yield* Providers).get(options.judge.provider))
    if (provider._tag === "Left") {
      errors = todo.length
      lastError = provider.left.message
      return yield* summary
    }
    for (const [i, target] of todo.entries()) {
      const both = yield* Effect.either(
        Effect.all([
          askPair(options.judge, provider.right, options, target.prompt.text, target.a.run.output, target.b.run.output),
          askPair(options.judge, provider.right, options, target.prompt.text, target.b.run.output, target.a.run.output)
        ])
      )
      if (both._tag === "Left") {
        const e: ProviderError = both.left
        errors++
        lastError = e.message
        emit({ type: "pair-end", target, pair: null, error: e.message, index: i + 1, total: todo.length })
        continue
      }
      const [asked, swapped] = both.right
      if (asked.winner === null || swapped.winner === null) {
        failed++
        lastError = `the judge's answer did not parse twice: ${asked.error ?? swapped.error}`
        emit({ type: "pair-end", target, pair: null, error: lastError, index: i + 1, total: todo.length })
        continue
      }
      const resolved = resolveSwap(asked.winner, swapped.winner)
      const outcome = resolved.outcome === "first" ? "a" : resolved.outcome === "second" ? "b" : "tie"
      // the verdict as an Arena vote (source judge) first, so that a crash between the two writes leaves
      // a pair to ask again rather than a comparison without its vote; one vote per judge and pair of runs
      const vote = { duel: `judge:${options.judge.id}:${target.a.run.id}:${target.b.run.id}`, leftRunId: target.a.run.id, rightRunId: target.b.run.id, verdict: outcome === "a" ? "left" : outcome === "b" ? "right" : "tie", source: "judge" } as const
      const added = yield* store.addArenaVote(vote)
      if (added.duplicate && added.vote.verdict !== vote.verdict) {
        yield* store.removeArenaVote(added.vote.id)
        yield* store.addArenaVote(vote)
      }
      const pair = yield* store.saveJudgePair({
        judgeBotId: options.judge.id,
        promptId: target.prompt.id,
        runA: target.a.run.id,
        runB: target.b.run.id,
        asked: asked.winner,
        swapped: swapped.winner,
        outcome,
        consistent: resolved.consistent,
        raw: [...asked.raw, ...swapped.raw]
      })
      compared++
      if (resolved.consistent) consistent++
      emit({ type: "pair-end", target, pair, error: null, index: i + 1, total: todo.length })
    }
    return yield* summary
  })
