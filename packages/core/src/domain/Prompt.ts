import * as Schema from "effect/Schema"
import { CategoryKey } from "./Category.js"
import { NoNul } from "./Text.js"

export const Criterion = Schema.Struct({
  points: Schema.Int.pipe(Schema.nonNegative()),
  text: Schema.String
})
export type Criterion = typeof Criterion.Type

export const PromptSlug = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9-]*$/, { message: () => "id must be lowercase letters, digits and -" })
)

/** A prompt as written in a suite or entered by a person. */
export const PromptInput = Schema.Struct({
  category: CategoryKey,
  slug: PromptSlug,
  order: Schema.Int,
  title: NoNul.pipe(Schema.minLength(1, { message: () => "title must not be empty" })),
  text: NoNul.pipe(Schema.minLength(1, { message: () => "text must not be empty" })),
  points: Schema.Int.pipe(Schema.positive({ message: () => "points must be a whole number > 0" })),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  /** false: send without the category's system prompt. */
  useSystemPrompt: Schema.Boolean,
  group: Schema.optional(Schema.String),
  rubric: Schema.Array(Criterion)
})
export type PromptInput = typeof PromptInput.Type

export const Prompt = Schema.Struct({
  ...PromptInput.fields,
  id: Schema.Int,
  /** Set when a person edits the prompt in LLP: a suite reload then leaves it alone. */
  edited: Schema.Boolean
})
export type Prompt = typeof Prompt.Type

export const rubricTotal = (rubric: ReadonlyArray<Criterion>): number =>
  rubric.reduce((sum, c) => sum + c.points, 0)

/** The id a prompt gets from its title when the suite gives none. */
export const slugify = (title: string): string =>
  title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "prompt"
