import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** A path as a person typed it: `~/x` is in the home folder, a relative path is in the workspace. */
export const resolvePath = (typed: string, root: string): string => {
  const t = typed.trim()
  if (t === "~") return os.homedir()
  if (t.startsWith("~/")) return path.join(os.homedir(), t.slice(2))
  return path.resolve(root, t)
}

/** Writes through a temporary file and a rename, creating the folder; returns the bytes written. */
export const writeFileAtomic = (file: string, data: string): number => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error(`${file} is a folder`)
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  fs.writeFileSync(tmp, data)
  fs.renameSync(tmp, file)
  return Buffer.byteLength(data)
}
