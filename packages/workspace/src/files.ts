import * as fs from "node:fs"
import * as path from "node:path"

const reasons: Record<string, string> = {
  ENOENT: "the system lets nothing be created there",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a file is in the way",
  ENOSPC: "the disk is full",
  EEXIST: "a file is in the way",
  EISDIR: "it is a folder"
}

/** What went wrong, in words, without the temporary file's name that Node's message carries. */
const why = (e: unknown): string => reasons[(e as NodeJS.ErrnoException).code ?? ""] ?? (e as Error).message

/**
 * Creates a folder and its missing parents, one level at a time.
 * Not `fs.mkdirSync(dir, { recursive: true })`: under /proc (and other virtual file systems) `mkdir`
 * answers ENOENT although the parent exists, and Node's recursive mkdir then retries the parent and the
 * child forever, at 100 % CPU, in synchronous code that no signal handler can interrupt.
 */
export const makeDirs = (dir: string): void => {
  const target = path.resolve(dir)
  const missing: Array<string> = []
  let at = target
  for (;;) {
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(at)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new Error(`cannot create the folder ${target}: ${why(e)}${at === target ? "" : ` (at ${at})`}`)
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw new Error(`cannot create the folder ${target}: ${at} is a file, not a folder`)
      break
    }
    missing.push(at)
    const parent = path.dirname(at)
    if (parent === at) break
    at = parent
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      // another process made it meanwhile
      if (code === "EEXIST" && fs.statSync(d).isDirectory()) continue
      throw new Error(`cannot create the folder ${target}: ${why(e)}${d === target ? "" : ` (at ${d})`}`)
    }
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. Errors say which file and why. */
export const writeAtomic = (file: string, data: string): void => {
  makeDirs(path.dirname(file))
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error(`cannot write ${file}: it is a folder`)
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  try {
    const fd = fs.openSync(tmp, "w")
    try {
      fs.writeSync(fd, data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, file)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw new Error(`cannot write ${file}: ${why(e)}`)
  }
}

export const readIfExists = (file: string): string | null => {
  try {
    return fs.readFileSync(file, "utf8")
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null
    throw e
  }
}
