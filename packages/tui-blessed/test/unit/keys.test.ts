import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { tabFactories } from "../../src/app/registry.js"
import { keybindingsMarkdown } from "../../src/keys/docs.js"
import { footerHints } from "../../src/keys/footer.js"
import { helpSections } from "../../src/keys/help.js"
import { conflicts, unresolved } from "../../src/keys/lint.js"
import { keyName, shortKeyName } from "../../src/keys/names.js"
import { popupScopes } from "../../src/keys/popups.js"
import { allScopes, globalScope, tabScopes, TABS } from "../../src/keys/tables.js"
import type { Scope } from "../../src/keys/types.js"
import { fakeContext } from "../support/fakeContext.js"

const DOC = fileURLToPath(new URL("../../../../docs/keybindings.md", import.meta.url))

describe("keymap lint", () => {
  it("binds no key twice in one scope (a tab's keys share the scope of the global ones)", () => {
    expect(conflicts(globalScope, tabScopes, popupScopes)).toEqual([])
  })

  it("finds a key bound twice", () => {
    const bad: Scope = { id: "bad", title: "Bad", summary: "", bindings: [{ keys: ["C-l"], action: "x", description: "", tag: "actions" }] }
    expect(conflicts(globalScope, [bad], [])).toEqual([{ scope: "bad", key: "C-l", actions: ["global:tab.leaderboard", "bad:x"] }])
  })

  it("resolves every action a tab's table names", () => {
    const { ctx } = fakeContext()
    for (const t of TABS) {
      const tab = tabFactories[t.id](ctx)
      expect(tab.scope).toBe(t.scope)
      expect(unresolved(t.scope, Object.keys(tab.actions))).toEqual([])
    }
  })

  it("gives every tab its seed key and a key that always works", () => {
    const seed: Record<string, string> = { leaderboard: "C-l", ingressor: "C-i", egressor: "C-e", exporter: "C-x", bots: "C-b", prompts: "C-p", conducer: "C-d", arena: "C-a" }
    for (const t of TABS) {
      const b = globalScope.bindings.find((x) => x.action === `tab.${t.id}`)!
      expect(b.keys[0]).toBe(seed[t.id])
      expect(b.keys.some((k) => /^f[2-9]$/.test(k))).toBe(true)
      expect(b.keys.some((k) => /^M-[a-z]$/.test(k))).toBe(true)
    }
    const keys = (action: string) => globalScope.bindings.find((b) => b.action === action)!.keys
    expect(keys("save")).toEqual(["C-s"])
    expect(keys("help")).toEqual(["f1", "?"])
    expect(keys("quit")).toEqual(["C-c", "q"])
    expect(allScopes.find((s) => s.id === "conducer")!.bindings.find((b) => b.action === "send")!.keys).toEqual(["C-t"])
    expect(allScopes.find((s) => s.id === "ingressor")!.bindings.find((b) => b.action === "copy")!.keys).toEqual(["C-y"])
  })

  it("names keys for people", () => {
    expect(keyName("C-l")).toBe("Ctrl+L")
    expect(keyName("S-tab")).toBe("Shift+Tab")
    expect(keyName("M-x")).toBe("Alt+X")
    expect(keyName("f2")).toBe("F2")
    expect(keyName("escape")).toBe("Esc")
    expect(shortKeyName("C-t")).toBe("^T")
  })
})

describe("generated from the tables", () => {
  it("docs/keybindings.md is up to date (regenerate: npx tsx --conditions=source packages/tui-blessed/scripts/gen-keys.ts)", () => {
    expect(fs.existsSync(DOC)).toBe(true)
    expect(fs.readFileSync(DOC, "utf8")).toBe(keybindingsMarkdown())
  })

  it("the docs list every binding of every scope", () => {
    const md = keybindingsMarkdown()
    for (const s of allScopes) {
      expect(md).toContain(`## ${s.title}`)
      for (const b of s.bindings) expect(md).toContain(b.description.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;"))
    }
  })

  it("the help shows the tab's keys, then the global ones", () => {
    const sections = helpSections(TABS[6]!.scope, globalScope)
    expect(sections[0]!.title).toBe("Conducer: actions")
    expect(sections[0]!.rows[0]).toEqual(["Ctrl+T", "Send the prompt to the bot"])
    expect(sections.some((s) => s.rows.some(([k]) => k === "Ctrl+I / F3 / Alt+I"))).toBe(true)
  })

  it("the footer shows the bindings marked for the bar", () => {
    expect(footerHints([TABS[6]!.scope]).map((h) => h.key)).toEqual(["^T", "Esc"])
    expect(footerHints([globalScope]).map((h) => h.label)).toEqual(["help", "quit"])
  })
})
