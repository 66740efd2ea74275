import * as Schema from "effect/Schema"

/**
 * Text a person types (a bot's name or notes, a prompt's title or text) must not hold U+0000: Postgres text
 * cannot store it, and a name no one can type again is a trap on SQLite too. Both stores refuse it, naming
 * the field. (A model's output is another matter: it is kept, a NUL replaced by U+FFFD on Postgres.)
 */
export const NoNul = Schema.String.pipe(Schema.filter((s) => !s.includes("\u0000") || "must not contain a NUL character (U+0000)"))
