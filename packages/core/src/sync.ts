import * as Effect from "effect/Effect"
import { answerFileKey } from "./archive.js"
import type { Bot, BotInput } from "./domain/Bot.js"
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

/** `llp bots sync` and the Bot Manager's import: a bot per chat model the provider lists that LLP does not have yet. */
export const syncBots = (provider: string) =>
  Effect.gen(function* () {
    const p = yield* (yield* Providers).get(provider)
    const store = yield* Store
    const models = yield* p.listModels()
    const bots = yield* store.listBots()
    const plan = planBotImport(provider, models, bots)
    const added: Array<Bot> = []
    for (const input of plan.inputs) added.push(yield* store.createBot(input))
    return { provider, models: models.length, added, skipped: plan.skipped }
  })
