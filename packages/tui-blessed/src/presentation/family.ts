import { familyReasons, type Bot } from "@llp/core"

export interface FamilyWarning {
  readonly judge: Bot
  readonly bot: Bot
  readonly reasons: ReadonlyArray<string>
}

/** Why `judge` may favour `bot` (as `llp judge` warns): its own answers, or a model of its family; null when neither. */
export const familyOf = (judge: Bot, bot: Bot): FamilyWarning | null => {
  const reasons = familyReasons(judge, bot)
  return reasons.length === 0 ? null : { judge, bot, reasons }
}

/** The judge/bot pairs (by id) that share a family, each once, in the order given. */
export const familyWarnings = (pairs: Iterable<{ readonly judgeBotId: number; readonly botId: number }>, bots: ReadonlyArray<Bot>): Array<FamilyWarning> => {
  const byId = new Map(bots.map((b) => [b.id, b]))
  const seen = new Set<string>()
  const out: Array<FamilyWarning> = []
  for (const p of pairs) {
    const key = `${p.judgeBotId}:${p.botId}`
    if (seen.has(key)) continue
    seen.add(key)
    const judge = byId.get(p.judgeBotId)
    const bot = byId.get(p.botId)
    const w = judge && bot ? familyOf(judge, bot) : null
    if (w) out.push(w)
  }
  return out
}

/** One warning line for them all (untrusted names: the caller renders it inertly). */
export const familyText = (warnings: ReadonlyArray<FamilyWarning>): string | null => {
  if (warnings.length === 0) return null
  const each = warnings.map((w) => `${w.judge.name} judged ${w.bot.name} (${w.reasons.join(", ")})`)
  return `The judge and the judged bot share a model family: ${each.join("; ")}. Judges tend to favour their own family.`
}
