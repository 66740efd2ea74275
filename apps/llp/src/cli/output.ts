import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { writeAtomic } from "@llp/workspace"

interface WriteError {
  readonly _tag: "WriteError"
  readonly message: string
}
const writeError = (message: string): WriteError => ({ _tag: "WriteError", message })

/** A default output file: `base.ext`, else `base-2.ext`, …: never one that is already there. */
export const freshFile = (dir: string, base: string, ext: string): string => {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}${n === 1 ? "" : `-${n}`}.${ext}`)
    if (!fs.existsSync(file)) return file
  }
}

/**
 * Where `--out` goes: a named file is replaced only with --force (as the Exporter tab asks first), a folder
 * is refused; without --out, a fresh file under `fallback`.
 */
export const outputFile = (out: string | undefined, force: boolean, fallback: { readonly dir: string; readonly base: string; readonly ext: string }): Effect.Effect<string, WriteError> => {
  if (out === undefined) return Effect.succeed(freshFile(fallback.dir, fallback.base, fallback.ext))
  const file = path.resolve(out)
  const there = fs.statSync(file, { throwIfNoEntry: false })
  if (there?.isDirectory()) return Effect.fail(writeError(`${file} is a folder; --out takes a file name`))
  if (!force && there !== undefined) return Effect.fail(writeError(`${file} exists; add --force to replace it`))
  return Effect.succeed(file)
}

/** Writes the whole file at once (a crash leaves the old one), then prints its path on stdout. */
export const writeOutput = (file: string, text: string): Effect.Effect<void, WriteError> =>
  Effect.try({ try: () => writeAtomic(file, text), catch: (e) => writeError((e as Error).message) }).pipe(Effect.tap(() => Effect.sync(() => process.stdout.write(`${file}\n`))))
