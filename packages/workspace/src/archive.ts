import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Archive, ArchiveError, ArchiveKeepsComplete, archiveSection, goFiles, mergeSection, safeFileName, sectionState, type ArchiveEntry } from "@llp/core"
import { readIfExists, writeAtomic } from "./files.js"
import { moveFiles, planRename } from "./rename.js"

const inside = (root: string, ...parts: Array<string>): string => {
  const file = path.resolve(root, ...parts)
  // Names are made safe already; this is the last line of defence against a path outside the archive.
  if (!file.startsWith(path.resolve(root) + path.sep)) throw new Error(`refusing a path outside the archive: ${file}`)
  return file
}

const attempt = <A>(file: string, f: () => A) =>
  Effect.try({ try: f, catch: (cause) => new ArchiveError({ path: file, reason: (cause as Error).message ?? String(cause), cause }) })

/** The seed's two header lines of the swe files: speed, then the manual checks. */
export const sweHeader = (speedLine: string) => `// ${speedLine}\n// adjustment: 0; explanation: 0; suggestions: 0\n`

export const makeArchive = (root: string): Archive.Service => {
  const pathOf = (category: string, fileName: string) => inside(root, safeFileName(category), safeFileName(fileName))
  const save = (entry: ArchiveEntry, options: Archive.SaveOptions = {}) =>
    Effect.flatMap(attempt(root, () => {
      const name = safeFileName(entry.modelName)
      const file = pathOf(entry.category, `${name}.md`)
      const header = `# ${entry.modelName.replace(/[\r\n]+/g, " ")} — ${entry.category}${entry.demo ? " (demo)" : ""}\n`
      const section = archiveSection(entry)
      const before = readIfExists(file)
      if (entry.partial !== undefined && options.force !== true && sectionState(before, entry.promptSlug) === "complete") {
        return new ArchiveKeepsComplete({ path: file, promptTitle: entry.promptTitle, status: entry.partial })
      }
      writeAtomic(file, mergeSection(before, header, entry.promptSlug, section))
      const written = [file]
      if (entry.category === "swe") {
        const { code, test } = goFiles(entry.output)
        const head = sweHeader(entry.speedLine)
        if (code !== null) {
          const f = pathOf("swe", `${name}.go`)
          writeAtomic(f, head + code)
          written.push(f)
        }
        if (test !== null) {
          const f = pathOf("swe", `${name}_test.go`)
          writeAtomic(f, head + test)
          written.push(f)
        }
      }
      return written
    }), (r) => (r instanceof ArchiveKeepsComplete ? Effect.fail(r) : Effect.succeed(r)))
  // by exact name: two bots whose names make the same file name are refused, so these files are the bot's alone
  const filesOf = (modelName: string) =>
    attempt(root, () => {
      const name = safeFileName(modelName)
      const found: Array<string> = []
      const entries = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }) : []
      for (const dir of entries) {
        if (!dir.isDirectory()) continue
        const candidates = [`${name}.md`, `${name}.go`, `${name}_test.go`, path.join("scores", `score-${name}.json`)]
        for (const c of candidates) {
          const file = path.join(root, dir.name, c)
          if (fs.existsSync(file) && fs.statSync(file).isFile()) found.push(inside(root, dir.name, c))
        }
      }
      return found.sort()
    })
  const removeFiles = (modelName: string) =>
    Effect.flatMap(filesOf(modelName), (files) =>
      attempt(root, () => {
        for (const f of files) fs.rmSync(f, { force: true })
        return files
      })
    )
  return {
    root,
    pathOf,
    save,
    filesOf,
    removeFiles,
    planRename: (from, to) => Effect.flatMap(Effect.all([filesOf(from), filesOf(to)]), ([files, taken]) => planRename(files, taken, from, to)),
    moveFiles,
    read: (category, fileName) => attempt(root, () => readIfExists(pathOf(category, fileName))),
    writeScores: (category, modelName, data) =>
      attempt(root, () => {
        const file = inside(root, safeFileName(category), "scores", `score-${safeFileName(modelName)}.json`)
        writeAtomic(file, JSON.stringify(data, null, 2) + "\n")
        return file
      })
  }
}

export const archiveLayer = (root: string) => Layer.succeed(Archive.Archive, makeArchive(root))
