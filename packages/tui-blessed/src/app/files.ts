import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { writeAtomic } from "@llp/workspace"

/** A path as a person typed it: `~/x` is in the home folder, a relative path is in the workspace. */
export const resolvePath = (typed: string, root: string): string => {
  const t = typed.trim()
  if (t === "~") return os.homedir()
  if (t.startsWith("~/")) return path.join(os.homedir(), t.slice(2))
  return path.resolve(root, t)
}

/** Writes through a temporary file and a rename, creating the folder; returns the bytes written. */
export const writeFileAtomic = (file: string, data: string): number => {
  writeAtomic(file, data)
  return Buffer.byteLength(data)
}

/** The file already there (what an export would replace), or null. */
export const existingFile = (file: string): { readonly bytes: number; readonly modified: Date } | null => {
  try {
    const s = fs.statSync(file)
    return s.isFile() ? { bytes: s.size, modified: s.mtime } : null
  } catch {
    return null
  }
}
