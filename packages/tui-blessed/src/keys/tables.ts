import { scope as arena } from "../tabs/arena/keymap.js"
import { scope as bots } from "../tabs/bots/keymap.js"
import { scope as conducer } from "../tabs/conducer/keymap.js"
import { scope as egressor } from "../tabs/egressor/keymap.js"
import { scope as exporter } from "../tabs/exporter/keymap.js"
import { scope as ingressor } from "../tabs/ingressor/keymap.js"
import { scope as leaderboard } from "../tabs/leaderboard/keymap.js"
import { scope as prompts } from "../tabs/prompts/keymap.js"
import { globalScope } from "./global.js"
import { popupScopes } from "./popups.js"
import type { Scope } from "./types.js"

export type TabId = "leaderboard" | "ingressor" | "egressor" | "exporter" | "bots" | "prompts" | "conducer" | "arena"

/** The tabs in the order of the tab bar; `mark` is the letter of the seed's (L)eaderboard, E(x)porter … */
export const TABS: ReadonlyArray<{ readonly id: TabId; readonly label: string; readonly mark: number; readonly scope: Scope }> = [
  { id: "leaderboard", label: "Leaderboard", mark: 0, scope: leaderboard },
  { id: "ingressor", label: "Ingressor", mark: 0, scope: ingressor },
  { id: "egressor", label: "Egressor", mark: 0, scope: egressor },
  { id: "exporter", label: "Exporter", mark: 1, scope: exporter },
  { id: "bots", label: "Bots", mark: 0, scope: bots },
  { id: "prompts", label: "Prompts", mark: 0, scope: prompts },
  { id: "conducer", label: "Conducer", mark: 3, scope: conducer },
  { id: "arena", label: "Arena", mark: 0, scope: arena }
]

export const tabScopes: ReadonlyArray<Scope> = TABS.map((t) => t.scope)

/** Every table, in the order of the docs. */
export const allScopes: ReadonlyArray<Scope> = [globalScope, ...tabScopes, ...popupScopes]

export { globalScope }
