/**
 * Writes docs/keybindings.md from the binding tables.
 * From the repository root: npx tsx --conditions=source packages/tui-blessed/scripts/gen-keys.ts
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { keybindingsMarkdown } from "../src/keys/docs.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")
const file = path.join(root, "docs", "keybindings.md")
const text = keybindingsMarkdown()
const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null
if (before === text) {
  process.stdout.write(`${path.relative(process.cwd(), file) || file} is up to date\n`)
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`)
}
