import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { ArchiveMoveFailed, ArchiveNameTaken, safeFileName, type FileMove } from "@llp/core"
import { readIfExists, writeAtomic } from "./files.js"

/** The same file under two paths (a case-only rename on a disk that ignores case). */
const sameFile = (a: string, b: string): boolean => {
  if (a === b) return true
  try {
    const x = fs.statSync(a)
    const y = fs.statSync(b)
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return false
  }
}

/** A file of the archive under another model name: `booting/A.md` → `booting/B.md`, `x/scores/score-A.json` → `x/scores/score-B.json`. */
const renamed = (file: string, from: string, to: string): string => {
  const base = path.basename(file)
  const a = safeFileName(from)
  const b = safeFileName(to)
  const next = base === `score-${a}.json` && path.basename(path.dirname(file)) === "scores" ? `score-${b}.json` : `${b}${base.slice(a.length)}`
  return path.join(path.dirname(file), next)
}

/** Where a rename puts each of `files` (those of `from`); refuses when `to` has files of its own. */
export const planRename = (files: ReadonlyArray<string>, taken: ReadonlyArray<string>, from: string, to: string) => {
  const theirs = taken.filter((t) => !files.some((f) => sameFile(f, t)))
  if (theirs.length > 0) return Effect.fail(new ArchiveNameTaken({ name: to, files: theirs }))
  return Effect.succeed(files.map((f) => ({ from: f, to: renamed(f, from, to) })).filter((m) => m.from !== m.to))
}

const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code
  return code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "the file system is read-only" : ((e as Error).message ?? String(e))
}

/** The answer file's heading names the bot: `# Old — booting` becomes `# New — booting`. */
const retitle = (file: string, from: string, to: string) => {
  const heading = (name: string) => `# ${name.replace(/[\r\n]+/g, " ")} — `
  const text = readIfExists(file)
  if (text !== null && text.startsWith(heading(from))) writeAtomic(file, heading(to) + text.slice(heading(from).length))
}

/** The score file names the bot too: `"bot": "Old"` becomes `"bot": "New"`; a file LLP cannot read stays as it is. */
const renameInScores = (file: string, from: string, to: string) => {
  const text = readIfExists(file)
  if (text === null) return
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return
  }
  if (typeof doc === "object" && doc !== null && (doc as { bot?: unknown }).bot === from) writeAtomic(file, JSON.stringify({ ...doc, bot: to }, null, 2) + "\n")
}

/** Moves each file on its own, so that one that cannot move leaves the others with the bot; says which moved. */
export const moveFiles = (moves: ReadonlyArray<FileMove>, names: { readonly from: string; readonly to: string }) =>
  Effect.suspend(() => {
    const moved: Array<FileMove> = []
    const notMoved: Array<FileMove & { reason: string }> = []
    for (const m of moves) {
      try {
        // rename() replaces a file silently: one that appeared since the plan is never overwritten
        if (fs.existsSync(m.to) && !sameFile(m.from, m.to)) throw new Error("something is already there")
        fs.renameSync(m.from, m.to)
      } catch (e) {
        notMoved.push({ ...m, reason: why(e) })
        continue
      }
      moved.push(m)
      if (m.to.endsWith(".md") || m.to.endsWith(".json")) {
        try {
          if (m.to.endsWith(".md")) retitle(m.to, names.from, names.to)
          else renameInScores(m.to, names.from, names.to)
        } catch {
          // the file moved whole; only its heading or "bot" keeps the old name, which loses nothing
        }
      }
    }
    return notMoved.length > 0 ? Effect.fail(new ArchiveMoveFailed({ moved, notMoved })) : Effect.succeed(moved as ReadonlyArray<FileMove>)
  })
