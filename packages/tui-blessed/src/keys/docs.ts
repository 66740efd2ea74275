import { EDITING_KEYS } from "../widgets/textField.js"
import { keyName } from "./names.js"
import { popupScopes } from "./popups.js"
import { allScopes, globalScope, TABS } from "./tables.js"
import { isPrintableKey, type Scope } from "./types.js"

const md = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** Printable keys are marked ¹ where a text field could take them (not in popups, which have none). */
const keysCell = (keys: ReadonlyArray<string>, mark: boolean) =>
  keys.map((k) => `<kbd>${md(keyName(k))}</kbd>${mark && isPrintableKey(k) && k !== "space" ? "¹" : ""}`).join(" ")

const table = (scope: Scope): Array<string> => {
  const mark = !popupScopes.some((p) => p.id === scope.id)
  const lines = ["| Keys | What it does |", "| --- | --- |"]
  for (const b of scope.bindings) lines.push(`| ${keysCell(b.keys, mark)} | ${md(b.description)}${b.note ? ` ² ${md(b.note)}` : ""} |`)
  if (scope.save) lines.push(`| <kbd>Ctrl+S</kbd> | ${md(scope.save)} |`)
  return lines
}

/** docs/keybindings.md, generated from the binding tables (`npm run keys`). */
export const keybindingsMarkdown = (): string => {
  const out: Array<string> = [
    "# LLP keybindings",
    "",
    "<!-- Generated from packages/tui-blessed/src by `npx tsx --conditions=source packages/tui-blessed/scripts/gen-keys.ts`. Do not edit: a test fails when this file is stale. -->",
    "",
    "`llp` with no arguments opens the TUI on the Leaderboard. Press <kbd>F1</kbd> or <kbd>?</kbd> on any tab for its keys; the footer shows the main ones.",
    "",
    "## Tabs",
    "",
    "| Tab | Seed key | Always works |",
    "| --- | --- | --- |"
  ]
  for (const t of TABS) {
    const b = globalScope.bindings.find((x) => x.action === `tab.${t.id}`)!
    out.push(`| ${t.scope.title} | <kbd>${keyName(b.keys[0]!)}</kbd> | ${b.keys.slice(1).map((k) => `<kbd>${keyName(k)}</kbd>`).join(" ")} |`)
  }
  out.push(
    "",
    "Two of the seed's keys do not always reach LLP:",
    "",
    "- A terminal sends <kbd>Ctrl+I</kbd> as <kbd>Tab</kbd>. LLP turns on the kitty keyboard protocol (`CSI > 1 u`) and xterm's modifyOtherKeys (`CSI > 4;1 m`), and resets both on exit; where the terminal then reports Ctrl+I on its own (`CSI 105;5u` or `CSI 27;5;105~`: kitty, WezTerm, foot, xterm, and tmux with `set -s extended-keys on`), Ctrl+I opens the Ingressor and Tab still moves between fields. Elsewhere use <kbd>F3</kbd> or <kbd>Alt+I</kbd>.",
    "- tmux takes <kbd>Ctrl+B</kbd> as its prefix: press it twice, or use <kbd>F6</kbd> or <kbd>Alt+B</kbd>.",
    "",
    "Keys marked ¹ are printable: in a text field they are typed, so on the tabs they work only outside text fields (popups have no text fields). <kbd>Ctrl+C</kbd> always quits and puts the terminal back as it was. Pasted text (bracketed paste) always goes into the focused field as text.",
    ""
  )
  for (const scope of allScopes) {
    out.push(`## ${scope.title}`, "", scope.summary, "", ...table(scope), "")
  }
  out.push("## In text fields", "", "| Keys | What it does |", "| --- | --- |")
  for (const [k, d] of EDITING_KEYS) out.push(`| ${md(k)} | ${md(d)} |`)
  out.push("", "Up and Down leave a one-line field for the field above or below; in a multi-line field they move between its lines and leave it from the first or last line.", "")
  return out.join("\n")
}
