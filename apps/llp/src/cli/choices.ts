import * as Effect from "effect/Effect"
import { Store } from "@llp/core"
import { commaList } from "./args.js"
import { UsageError } from "./errors.js"

/** A --category value checked against the store's categories (and `also`, such as frontier's `total`). */
export const checkCategory = (value: string | undefined, also: ReadonlyArray<string> = []) =>
  Effect.gen(function* () {
    if (value === undefined) return undefined
    const keys = [...also, ...(yield* (yield* Store.Store).listCategories()).map((c) => c.key)]
    if (!keys.includes(value)) return yield* Effect.fail(new UsageError(`--category must be one of ${keys.join(", ")}, got "${value}"`))
    return value
  })

/** `--category KEY` (repeatable, or comma-separated) or `--all`: the categories' keys, each checked; none picked is undefined. */
export const pickCategories = (values: Record<string, unknown>) =>
  Effect.gen(function* () {
    const keys = (yield* (yield* Store.Store).listCategories()).map((c) => c.key)
    if (values.all === true) return keys
    const picked = ((values.category as Array<string> | undefined) ?? []).flatMap(commaList)
    if (picked.length === 0) return undefined
    const unknown = picked.find((c) => !keys.includes(c))
    if (unknown !== undefined) return yield* Effect.fail(new UsageError(`--category must be one of ${keys.join(", ")}, got "${unknown}"`))
    return picked
  })
