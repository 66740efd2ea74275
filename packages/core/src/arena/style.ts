/**
 * Style covariates for style control, as Chatbot Arena does: how much longer, and how much more
 * Markdown-heavy, the left answer is than the right one. Each is a normalised difference
 * (l − r) / (l + r) in −1 … 1, so a 2,000-character answer against a 1,000-character one weighs the same
 * as 200 against 100.
 */
export interface AnswerStyle {
  /** Characters. */
  readonly length: number
  /** Markdown elements (headings, list items, table rows, code fences, bold spans) per non-empty line. */
  readonly markdown: number
}

const HEADING = /^\s{0,3}#{1,6}\s/
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/
const TABLE_ROW = /^\s*\|.*\|\s*$/
const FENCE = /^\s*(?:```|~~~)/
const BOLD = /(\*\*|__)(?=\S)[^\n]*?\S\1/g

export const answerStyle = (text: string): AnswerStyle => {
  const lines = text.split("\n").filter((line) => line.trim() !== "")
  let elements = 0
  for (const line of lines) {
    if (HEADING.test(line) || LIST_ITEM.test(line) || TABLE_ROW.test(line) || FENCE.test(line)) elements++
    elements += line.match(BOLD)?.length ?? 0
  }
  return { length: text.length, markdown: lines.length > 0 ? elements / lines.length : 0 }
}

const normalisedDifference = (l: number, r: number) => (l + r > 0 ? (l - r) / (l + r) : 0)

/** [length, markdown] of left minus right, for `Comparison.x`. */
export const styleCovariates = (left: AnswerStyle, right: AnswerStyle): [number, number] => [
  normalisedDifference(left.length, right.length),
  normalisedDifference(left.markdown, right.markdown)
]
