import type { Bot, BotGroup } from "@llp/core"
import type { Item } from "./state.js"

/**
 * The bot list with each sweep's variants under their base: a base with a group shows how many
 * variants it has and whether they are open; the variants of a closed base are left out. A variant
 * whose base is gone, or is in no listed group, stays a bot of its own.
 */
export const foldVariants = (bots: ReadonlyArray<Bot>, groups: ReadonlyArray<BotGroup>, open: ReadonlySet<number>): ReadonlyArray<Item> => {
  const byId = new Map(bots.map((b) => [b.id, b]))
  const variantsOf = new Map<number, Array<Bot>>()
  const placed = new Set<number>()
  for (const g of groups) {
    if (g.baseBotId === null || !byId.has(g.baseBotId)) continue
    const list = variantsOf.get(g.baseBotId) ?? []
    for (const id of g.botIds) {
      const bot = byId.get(id)
      if (bot === undefined || placed.has(id) || id === g.baseBotId) continue
      placed.add(id)
      list.push(bot)
    }
    variantsOf.set(g.baseBotId, list)
  }
  const out: Array<Item> = []
  for (const bot of bots) {
    if (placed.has(bot.id)) continue
    const variants = variantsOf.get(bot.id)
    if (variants === undefined || variants.length === 0) {
      out.push({ bot, snippet: "" })
      continue
    }
    const isOpen = open.has(bot.id)
    out.push({ bot, snippet: "", fold: { variants: variants.length, open: isOpen } })
    if (isOpen) for (const v of variants) out.push({ bot: v, snippet: "", variantOf: bot.id })
  }
  return out
}
