import * as Effect from "effect/Effect"
import { answerFileKey } from "./archive.js"
import type { Bot, BotInput } from "./domain/Bot.js"
import type { ProviderError } from "./errors.js"
import { Providers, type ModelEntry } from "./services/Provider.js"
import { Store } from "./services/Store.js"

/** Which models become bots: not embeddings, not already a bot of this provider; names made unique, down to their answer files. Pure. */
export const planBotImport = (provider: string, models: ReadonlyArray<ModelEntry>, bots: ReadonlyArray<Pick<Bot, "name" | "provider" | "model">>): { readonly inputs: ReadonlyArray<BotInput>; readonly skipped: number } => {
  // two names that make the same file name in llm_outputs/ are as taken as two equal names
  const taken = new Set(bots.map((b) => answerFileKey(b.name)))
  const inputs: Array<BotInput> = []
  let skipped = 0
  for (const m of models) {
    if (/embed/i.test(m.type)) {
      skipped++
      continue
    }
    if (bots.some((b) => b.provider === provider && b.model === m.id)) continue
    let name = m.id
    for (let n = 1; taken.has(answerFileKey(name)); n++) name = n === 1 ? `${m.id} (${provider})` : `${m.id} (${provider} ${n})`
    taken.add(answerFileKey(name))
    inputs.push({
      name,
      provider,
      model: m.id,
      load: m.meta.maxContext !== undefined ? { contextLength: Math.min(32768, m.meta.maxContext) } : {},
      meta: m.meta
    })
  }
  return { inputs, skipped }
}

/** Creates the bots for the models a provider listed (those it does not have yet). */
const importModels = (provider: string, models: ReadonlyArray<ModelEntry>) =>
  Effect.gen(function* () {
    const store = yield* Store
    const plan = planBotImport(provider, models, yield* store.listBots())
    const added: Array<Bot> = []
    for (const input of plan.inputs) added.push(yield* store.createBot(input))
    return { provider, models: models.length, added, skipped: plan.skipped }
  })

/** `llp bots sync` and the Bot Manager's import: a bot per chat model the provider lists that LLP does not have yet. */
export const syncBots = (provider: string) =>
  Effect.gen(function* () {
    const p = yield* (yield* Providers).get(provider)
    return yield* importModels(provider, yield* p.listModels())
  })

export type PreloadResult =
  | { readonly provider: string; readonly models: number; readonly added: ReadonlyArray<Bot>; readonly skipped: number }
  | { readonly provider: string; readonly error: ProviderError }

/**
 * The Bot Manager's first open with no bots: asks every provider for its models at once (a dead server
 * costs no more than the slowest answer), then makes the bots of those that answered, one provider after
 * the other so that names stay unique. A provider that does not answer gets its error, not a failure.
 */
export const preloadBots = (providers: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const registry = yield* Providers
    const listed = yield* Effect.forEach(providers, (name) => Effect.either(Effect.flatMap(registry.get(name), (p) => p.listModels())), { concurrency: "unbounded" })
    const results: Array<PreloadResult> = []
    for (const [i, r] of listed.entries()) {
      const provider = providers[i]!
      results.push(r._tag === "Left" ? { provider, error: r.left } : yield* importModels(provider, r.right))
    }
    return results
  })
