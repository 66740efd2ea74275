import * as Schema from "effect/Schema"

export const CategoryKey = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9-]*$/, { message: () => "key must be lowercase letters, digits and -" })
)

export const Category = Schema.Struct({
  key: CategoryKey,
  title: Schema.String.pipe(Schema.minLength(1, { message: () => "title must not be empty" })),
  systemPrompt: Schema.String,
  temperature: Schema.Number.pipe(Schema.between(0, 2)),
  order: Schema.Int
})
export type Category = typeof Category.Type
