import { itemId } from "./request.js"
import { VERDICT_SHARE, VERDICTS, type ItemVerdict, type JudgeItem, type RubricVerdict } from "./types.js"

export type ParseResult =
  | { readonly ok: true; readonly items: ReadonlyArray<ItemVerdict> }
  | { readonly ok: false; readonly error: string }

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** One code fence around the whole answer is tolerated (some servers add it even in JSON mode); nothing else is. */
const unfence = (text: string): string => {
  const m = /^```(?:json)?\s*\n([\s\S]*)\n```$/.exec(text.trim())
  return m ? m[1]! : text.trim()
}

/**
 * Reads a judge's answer strictly: one JSON object with exactly one entry per item sent, each with a known
 * verdict and a non-empty reason. Anything else is an error naming what is wrong. Points the judge may add
 * are ignored: LLP computes them from the verdicts.
 */
export const parseVerdicts = (text: string, items: ReadonlyArray<JudgeItem>): ParseResult => {
  let value: unknown
  try {
    value = JSON.parse(unfence(text))
  } catch (e) {
    return { ok: false, error: `not JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  if (!isObject(value)) return { ok: false, error: "not a JSON object" }
  const expected = new Set(items.map(itemId))
  const unknown = Object.keys(value).filter((k) => !expected.has(k))
  if (unknown.length > 0) return { ok: false, error: `unknown item(s) ${unknown.join(", ")}` }
  const missing = items.filter((item) => !(itemId(item) in value))
  if (missing.length > 0) return { ok: false, error: `missing item(s) ${missing.map(itemId).join(", ")}` }
  const out: Array<ItemVerdict> = []
  for (const item of items) {
    const id = itemId(item)
    const entry = value[id]
    if (!isObject(entry)) return { ok: false, error: `${id} is not an object` }
    const verdict = entry["verdict"]
    if (typeof verdict !== "string" || !(VERDICTS as ReadonlyArray<string>).includes(verdict)) {
      return { ok: false, error: `${id}.verdict must be one of ${VERDICTS.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(verdict)}` }
    }
    const reason = entry["reason"]
    if (typeof reason !== "string" || reason.trim() === "") return { ok: false, error: `${id}.reason must be a non-empty text` }
    const v = verdict as RubricVerdict
    out.push({ index: item.index, points: item.points, text: item.text, verdict: v, reason: reason.trim(), awarded: item.points * VERDICT_SHARE[v] })
  }
  // back in rubric order, whatever order they were sent in
  out.sort((a, b) => a.index - b.index)
  return { ok: true, items: out }
}

/** The score of a set of verdicts: the sum of the points earned, never above `maxPoints` (the prompt's points). */
export const scoreVerdicts = (items: ReadonlyArray<ItemVerdict>, maxPoints: number): number =>
  Math.min(
    maxPoints,
    items.reduce((sum, i) => sum + i.awarded, 0)
  )

/**
 * A person's per-item verdicts as typed: `1:met,2:partly,3:not met` (item numbers from 1, in rubric order).
 * They go in the manual score's detail, where `llp judge agreement` finds them for Cohen's κ.
 */
export const parseManualItems = (
  text: string,
  rubricLength: number
): { readonly ok: true; readonly items: ReadonlyArray<{ readonly index: number; readonly verdict: RubricVerdict }> } | { readonly ok: false; readonly error: string } => {
  const items: Array<{ index: number; verdict: RubricVerdict }> = []
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const m = /^(\d+)\s*:\s*(.+)$/.exec(part)
    if (!m) return { ok: false, error: `"${part}" is not ITEM:VERDICT (e.g. 2:partly)` }
    const n = Number(m[1])
    if (n < 1 || n > rubricLength) return { ok: false, error: `item ${n} does not exist (the rubric has ${rubricLength})` }
    const verdict = m[2]!.trim().toLowerCase().replace(/\s+/g, " ")
    if (!(VERDICTS as ReadonlyArray<string>).includes(verdict)) return { ok: false, error: `"${m[2]}" is not one of ${VERDICTS.join(", ")}` }
    if (items.some((i) => i.index === n - 1)) return { ok: false, error: `item ${n} is given twice` }
    items.push({ index: n - 1, verdict: verdict as RubricVerdict })
  }
  if (items.length === 0) return { ok: false, error: "give at least one ITEM:VERDICT" }
  return { ok: true, items: items.sort((a, b) => a.index - b.index) }
}
