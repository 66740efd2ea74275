import type { TabId } from "../keys/tables.js"
import { makeArena } from "../tabs/arena/index.js"
import { makeBots } from "../tabs/bots/index.js"
import { makeConducer } from "../tabs/conducer/index.js"
import { makeEgressor } from "../tabs/egressor/index.js"
import { makeExporter } from "../tabs/exporter/index.js"
import { makeIngressor } from "../tabs/ingressor/index.js"
import { makeLeaderboard } from "../tabs/leaderboard/index.js"
import { makePrompts } from "../tabs/prompts/index.js"
import type { AppContext, Tab } from "./types.js"

/** The tabs by id: each a function of the app context (k9s' registrar, blessed-contrib's pages as data). */
export const tabFactories: Readonly<Record<TabId, (ctx: AppContext) => Tab>> = {
  leaderboard: makeLeaderboard,
  ingressor: makeIngressor,
  egressor: makeEgressor,
  exporter: makeExporter,
  bots: makeBots,
  prompts: makePrompts,
  conducer: makeConducer,
  arena: makeArena
}
