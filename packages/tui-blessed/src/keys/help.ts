import { EDITING_KEYS } from "../widgets/textField.js"
import { keyNames } from "./names.js"
import type { Binding, Scope, Tag } from "./types.js"

const TAG_TITLES: ReadonlyArray<readonly [Tag, string]> = [
  ["actions", "Actions"],
  ["navigation", "Moving around"],
  ["tabs", "Tabs"],
  ["app", "App"],
  ["editing", "Editing"]
]

export interface HelpSection {
  readonly title: string
  readonly rows: ReadonlyArray<readonly [keys: string, description: string]>
}

const rowsOf = (bindings: ReadonlyArray<Binding>): Array<readonly [string, string]> => bindings.map((b) => [keyNames(b.keys), b.description] as const)

/** The help overlay's content for a tab: the tab's keys by tag, then the global keys, then text editing. */
export const helpSections = (tab: Scope, global: Scope): ReadonlyArray<HelpSection> => {
  const sections: Array<HelpSection> = []
  for (const [tag, title] of TAG_TITLES) {
    const rows = rowsOf(tab.bindings.filter((b) => b.tag === tag))
    if (rows.length > 0) sections.push({ title: `${tab.title}: ${title.toLowerCase()}`, rows })
  }
  if (tab.save) sections.push({ title: `${tab.title}: Ctrl+S`, rows: [["Ctrl+S", tab.save]] })
  for (const [tag, title] of TAG_TITLES) {
    const rows = rowsOf(global.bindings.filter((b) => b.tag === tag))
    if (rows.length > 0) sections.push({ title: `Everywhere: ${title.toLowerCase()}`, rows })
  }
  sections.push({ title: "In text fields", rows: [...EDITING_KEYS, ["q, /, letters", "are typed; Ctrl+C still quits"]] })
  const notes = [...tab.bindings, ...global.bindings].filter((b) => b.note !== undefined)
  if (notes.length > 0) sections.push({ title: "Notes", rows: notes.map((b) => [keyNames(b.keys.slice(0, 1)), b.note!] as const) })
  return sections
}
