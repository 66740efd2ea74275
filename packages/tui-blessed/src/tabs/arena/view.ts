import type { TabSize } from "../../app/types.js"
import { frame, hjoin, sized, split } from "../../presentation/layout.js"
import { bold, cell, color, escapeTags, fit, wrap } from "../../presentation/text.js"
import type { State } from "./state.js"

/** Side by side from this width; stacked below it. */
export const SIDE_BY_SIDE_MIN = 100

export interface Geometry {
  readonly sideBySide: boolean
  readonly promptHeight: number
  /** Inner size of each answer's frame. */
  readonly answerWidth: number
  readonly answerHeight: number
}

export const geometry = (size: TabSize, promptLines: number): Geometry => {
  const sideBySide = size.width >= SIDE_BY_SIDE_MIN
  const rest = Math.max(4, size.height - 1)
  const promptHeight = Math.max(3, Math.min(promptLines + 2, Math.floor(rest * 0.3)))
  const answers = Math.max(2, rest - promptHeight)
  const answerHeight = sideBySide ? answers - 2 : Math.floor(answers / 2) - 2
  const answerWidth = (sideBySide ? Math.floor(size.width / 2) : size.width) - 2
  return { sideBySide, promptHeight, answerWidth: Math.max(1, answerWidth), answerHeight: Math.max(1, answerHeight) }
}

/** Wrapped lines of an answer, kept per run and width: a frame only slices them. */
export const wrapper = () => {
  const cache = new Map<string, Array<string>>()
  return (key: string, text: string, w: number): Array<string> => {
    const k = `${key}:${w}`
    let lines = cache.get(k)
    if (!lines) {
      if (cache.size > 8) cache.clear()
      lines = wrap(text, w)
      cache.set(k, lines)
    }
    return lines
  }
}

const VERDICT_WORDS = { left: ["better", "worse"], right: ["worse", "better"], tie: ["tie", "tie"], bad: ["bad", "bad"] } as const

export const view = (s: State, size: TabSize, wrapped: ReturnType<typeof wrapper>): Array<string> => {
  const { width: w, height: h } = size
  const where = s.category === null ? "all categories" : (s.categories.find((c) => c.key === s.category)?.title ?? s.category)
  const head = `Arena — ${where} (c) — duel ${s.shown} — ${s.votes.length} vote${s.votes.length === 1 ? "" : "s"} this session`
  const top = bold(cell(head, w))
  if (s.phase === "error") return [top, color("red", cell(`Could not load a duel: ${s.error ?? ""}`, w))]
  if (s.phase === "empty" && s.last !== null)
    return [top, cell("No other duel here: the one just shown is the only one left (the same pair does not come back on the same prompt", w), cell("right away). Enter shows it again; c picks another category.", w)]
  if (s.phase === "empty")
    return [top, cell("No duel to show: the Arena needs complete answers from two different bots to the same prompt", w), cell("(in this category). Run a tournament in the Conducer or with `llp tournament`, or press c for another category.", w)]
  if (!s.duel) return [top, color("gray", cell("Loading a duel…", w))]
  const d = s.duel
  const promptW = Math.max(1, w - 2)
  const promptLines = wrapped(`prompt-${d.prompt.id}`, d.prompt.text, promptW)
  const g = geometry(size, promptLines.length)
  const prompt = frame(`Prompt — ${d.prompt.category} — ${d.prompt.title}`, w, g.promptHeight, (iw, ih) => {
    const shown = promptLines.slice(0, ih).map((l) => escapeTags(fit(l, iw)))
    if (promptLines.length > ih && ih > 0) shown[ih - 1] = color("gray", escapeTags(fit(`… ${promptLines.length - ih + 1} more lines: p shows the whole prompt`, iw)))
    return shown
  })
  const r = s.revealed
  const answer = (side: "left" | "right", fw: number, fh: number) => {
    const run = side === "left" ? d.left : d.right
    const lines = wrapped(`run-${run.id}`, run.output, g.answerWidth)
    const at = Math.min(s.scroll[side], Math.max(0, lines.length - g.answerHeight))
    const label = g.sideBySide ? (side === "left" ? "Left" : "Right") : side === "left" ? "Top" : "Bottom"
    const keys = side === "left" ? "1 / ←" : "2 / →"
    const span = lines.length > g.answerHeight ? ` — lines ${at + 1}–${Math.min(lines.length, at + g.answerHeight)} of ${lines.length}` : ""
    // The bot's name appears only once the vote is stored (`revealed`).
    const title = r ? `${label}: ${side === "left" ? r.left : r.right} — ${VERDICT_WORDS[r.verdict][side === "left" ? 0 : 1]}` : `${label} — ${keys}${span}`
    return frame(title, fw, fh, (iw, ih) => lines.slice(at, at + ih).map((l) => escapeTags(fit(l, iw))), s.focus === side && !r)
  }
  const rest = Math.max(4, h - 1 - g.promptHeight)
  let answers: Array<string>
  if (g.sideBySide) {
    const lw = Math.floor(w / 2)
    answers = hjoin({ w: lw, lines: answer("left", lw, rest) }, { w: w - lw, lines: answer("right", w - lw, rest) })
  } else {
    const [th, bh] = split(rest, [1, 1], 3)
    answers = [...answer("left", w, th!), ...answer("right", w, bh!)]
  }
  return sized([top, ...prompt, ...answers], w, h)
}
