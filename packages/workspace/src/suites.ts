import * as fs from "node:fs"
import * as path from "node:path"
import * as Either from "effect/Either"
import { parseSuite, SuiteError, type Suite } from "@llp/core"

export interface SuiteFiles {
  readonly suites: ReadonlyArray<Suite>
  /** One per broken file; the other files still load. */
  readonly errors: ReadonlyArray<SuiteError>
}

/** Reads every `<key>.md` of a suites folder (README.md aside), in name order. */
export const readSuiteDir = (dir: string): SuiteFiles => {
  if (!fs.existsSync(dir)) return { suites: [], errors: [new SuiteError({ file: dir, line: 0, reason: "no such folder" })] }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md" && !f.startsWith("."))
    .sort()
  const suites: Array<Suite> = []
  const errors: Array<SuiteError> = []
  const keys = new Map<string, string>()
  for (const f of files) {
    const file = path.join(dir, f)
    const result = parseSuite(file, fs.readFileSync(file, "utf8"))
    if (Either.isLeft(result)) {
      errors.push(result.left)
      continue
    }
    const key = result.right.category.key
    const other = keys.get(key)
    if (other !== undefined) {
      errors.push(new SuiteError({ file, line: 2, reason: `category "${key}" is also defined in ${other}` }))
      continue
    }
    keys.set(key, file)
    suites.push(result.right)
  }
  return { suites, errors }
}

export const readSuiteFile = (file: string): Either.Either<Suite, SuiteError> => {
  let text: string
  try {
    text = fs.readFileSync(file, "utf8")
  } catch (e) {
    return Either.left(new SuiteError({ file, line: 0, reason: (e as Error).message }))
  }
  return parseSuite(file, text)
}
