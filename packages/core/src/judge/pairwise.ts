/** A pairwise verdict on two answers shown as A (first) and B (second). */
export type PairVerdict = "A" | "B" | "tie"

/** Which of the two contestants won, independent of the order shown. */
export type PairOutcome = "first" | "second" | "tie"

export const PAIR_SCHEMA: Record<string, unknown> = {
  type: "object",
  properties: {
    winner: { type: "string", enum: ["A", "B", "tie"] },
    reason: { type: "string", minLength: 1 }
  },
  required: ["winner", "reason"],
  additionalProperties: false
}

/** Strict reading of a pairwise answer. */
export const parsePairVerdict = (text: string): { ok: true; winner: PairVerdict; reason: string } | { ok: false; error: string } => {
  let value: unknown
  try {
    value = JSON.parse(text.trim())
  } catch (e) {
    return { ok: false, error: `not JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, error: "not a JSON object" }
  const o = value as Record<string, unknown>
  if (o["winner"] !== "A" && o["winner"] !== "B" && o["winner"] !== "tie") return { ok: false, error: `winner must be "A", "B" or "tie", got ${JSON.stringify(o["winner"])}` }
  if (typeof o["reason"] !== "string" || o["reason"].trim() === "") return { ok: false, error: "reason must be a non-empty text" }
  return { ok: true, winner: o["winner"], reason: o["reason"].trim() }
}

/**
 * Both orders asked: `asked` had the first contestant as A, `swapped` had it as B. A win counts only when
 * it survives the swap; otherwise the outcome is a tie. `consistent` is whether the two answers agree.
 */
export const resolveSwap = (asked: PairVerdict, swapped: PairVerdict): { readonly outcome: PairOutcome; readonly consistent: boolean } => {
  const first: PairOutcome = asked === "A" ? "first" : asked === "B" ? "second" : "tie"
  const second: PairOutcome = swapped === "B" ? "first" : swapped === "A" ? "second" : "tie"
  return first === second ? { outcome: first, consistent: true } : { outcome: "tie", consistent: false }
}

export const pairMessage = (task: string, a: string, b: string): string =>
  [
    "Two assistants answered the same TASK. Which answer is better? Judge correctness and usefulness, not length or order.",
    "",
    "TASK:",
    task,
    "",
    "ANSWER A (between the markers):",
    "<<<A",
    a,
    "A>>>",
    "",
    "ANSWER B (between the markers):",
    "<<<B",
    b,
    "B>>>",
    "",
    'Reply with one JSON object: {"winner": "A" | "B" | "tie", "reason": "one sentence"}.'
  ].join("\n")
