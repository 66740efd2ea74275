import * as Effect from "effect/Effect"
import { BotInput, type Bot, type BotPatch } from "../domain/Bot.js"
import { Category as CategorySchema } from "../domain/Category.js"
import { PromptInput as PromptInputSchema, type Prompt, type PromptInput } from "../domain/Prompt.js"
import type { PromptPatch } from "../services/Store.js"
import type { Suite } from "../suite/Suite.js"
import { checkRubric, decode, invalid } from "./errors.js"
import { mergeGroup } from "./merge.js"

// The checks both stores make before a write of the base tables: the same input gets the same answer,
// naming the same field, on SQLite and on Postgres.

/** A bot with a patch applied, checked as a new bot is (a group's field given as null or undefined is removed). */
export const patchedBot = (current: Bot, patch: BotPatch) =>
  decode(BotInput, {
    name: patch.name ?? current.name,
    provider: patch.provider ?? current.provider,
    model: patch.model ?? current.model,
    load: mergeGroup(current.load, patch.load),
    sampling: mergeGroup(current.sampling, patch.sampling),
    meta: mergeGroup(current.meta, patch.meta),
    notes: patch.notes ?? current.notes
  })

/** A prompt with a person's patch applied (null clears temperature or group), checked with its rubric. */
export const patchedPrompt = (current: Prompt, patch: PromptPatch) =>
  Effect.gen(function* () {
    const temperature = patch.temperature === undefined ? current.temperature : patch.temperature === null ? undefined : patch.temperature
    const group = patch.group === undefined ? current.group : patch.group === null ? undefined : patch.group
    const merged = yield* decode(PromptInputSchema, {
      category: current.category,
      slug: current.slug,
      order: patch.order ?? current.order,
      title: patch.title ?? current.title,
      text: patch.text ?? current.text,
      points: patch.points ?? current.points,
      ...(temperature !== undefined ? { temperature } : {}),
      useSystemPrompt: patch.useSystemPrompt ?? current.useSystemPrompt,
      ...(group !== undefined ? { group } : {}),
      rubric: patch.rubric ?? current.rubric
    })
    yield* checkRubric(merged)
    return merged
  })

/** A suite's category and prompts, checked: each prompt of the suite's category, slugs unique, rubrics adding up. */
export const checkSuite = (suite: Suite) =>
  Effect.gen(function* () {
    const category = yield* decode(CategorySchema, suite.category, "category.")
    const prompts: Array<PromptInput> = []
    const slugs = new Set<string>()
    for (const [i, raw] of suite.prompts.entries()) {
      const p = yield* decode(PromptInputSchema, raw, `prompts[${i}].`)
      if (p.category !== category.key) {
        return yield* Effect.fail(invalid(`prompts[${i}].category`, `must be ${category.key}, the suite's category, got ${p.category}`))
      }
      if (slugs.has(p.slug)) return yield* Effect.fail(invalid(`prompts[${i}].slug`, `${p.slug} is used by another prompt of the suite`))
      slugs.add(p.slug)
      yield* checkRubric(p, `prompts[${i}].`)
      prompts.push(p)
    }
    return { category, prompts }
  })
