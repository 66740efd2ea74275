import { defaultReply, hash, isObject, lastUserText } from "./reply.js"
import type { RecordedRequest } from "./types.js"

/** How the simulated judge answers one request. */
export type JudgeAnswer = "valid" | "invalid-json" | "missing-item" | "over-max"

export type SimVerdict = "met" | "partly" | "not met"

export interface JudgeReplyOptions {
  /** Answers to the first judge requests, in order; later ones get `then`. */
  readonly script?: ReadonlyArray<JudgeAnswer>
  /** Default "valid". */
  readonly then?: JudgeAnswer
  /** An item's verdict; default drawn from a hash of the item id and the answer judged. */
  readonly verdict?: (itemId: string, answer: string) => SimVerdict
  /** A pairwise request's pick, as shown (A first); default "A": a judge with a first-position bias. */
  readonly pick?: (answerA: string, answerB: string) => "A" | "B" | "tie"
}

const VERDICTS: ReadonlyArray<SimVerdict> = ["met", "partly", "not met"]

const between = (text: string, open: string, close: string): string => {
  const a = text.indexOf(open)
  const b = text.lastIndexOf(close)
  return a < 0 || b < a ? "" : text.slice(a + open.length, b).trim()
}

const quote = (answer: string): string => answer.replace(/\s+/g, " ").trim().slice(0, 40)

/**
 * A judge model behind a simulator: it answers JSON only when the request carried a schema in the server's
 * own structured-output field (`req.structured`), as a grammar-constrained server would; otherwise prose,
 * which a strict parser must refuse. The schema's required keys are the rubric items to answer.
 * The returned function also counts the judge requests it answered (`.judged`).
 */
export const judgeReply = (options: JudgeReplyOptions = {}): ((req: RecordedRequest) => string) & { judged: number } => {
  const fn = ((req: RecordedRequest): string => {
    const schema = req.structured
    const user = lastUserText(req.body)
    if (!isObject(schema) || !isObject(schema["properties"])) {
      return user.includes("RUBRIC ITEMS:") || user.includes("ANSWER A") ? "The answer looks fine to me; I would give it most of the points." : defaultReply(req)
    }
    const props = schema["properties"]
    const mode = options.script?.[fn.judged] ?? options.then ?? "valid"
    fn.judged++
    if ("winner" in props) {
      const a = between(user, "<<<A", "A>>>")
      const b = between(user, "<<<B", "B>>>")
      const winner = options.pick?.(a, b) ?? "A"
      return mode === "invalid-json" ? `{"winner": "${winner}", "reason": ` : JSON.stringify({ winner, reason: `Answer ${winner} says "${quote(winner === "B" ? b : a)}".` })
    }
    const answer = between(user, "<<<ANSWER", "ANSWER>>>")
    const ids = Array.isArray(schema["required"]) ? (schema["required"] as Array<string>) : Object.keys(props)
    const out: Record<string, unknown> = {}
    for (const id of mode === "missing-item" ? ids.slice(1) : ids) {
      const verdict = options.verdict?.(id, answer) ?? VERDICTS[hash(`${id}:${answer}`) % 3]!
      out[id] = { verdict, reason: `The answer says "${quote(answer)}".`, ...(mode === "over-max" ? { points: 1000 } : {}) }
    }
    const text = JSON.stringify(out)
    return mode === "invalid-json" ? text.slice(0, Math.max(1, text.length - 3)) : text
  }) as ((req: RecordedRequest) => string) & { judged: number }
  fn.judged = 0
  return fn
}
