import type { TabSize } from "../../app/types.js"
import * as F from "../../presentation/format.js"
import { blank, frame, hjoin, inputLine, split } from "../../presentation/layout.js"
import { listLines } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit, width } from "../../presentation/text.js"
import * as S from "./state.js"

/** The live figures: DEMO, status, tokens, tok/s, TTFT, elapsed. */
export const statsLine = (a: S.Answer, now: number): string => {
  if (a.status === "idle") return "Choose a bot, a category and a prompt, then Ctrl+T sends."
  const elapsed = a.status === "streaming" ? now - a.startedAt : a.elapsedMs
  const status = a.status === "streaming" ? (a.ttftMs === null ? "waiting for the first token" : "streaming") : a.status
  return [
    a.demo ? "DEMO" : null,
    status,
    `${a.chunks} tokens`,
    `${F.tokensPerSecond(a.tokensPerSecond)} tok/s`,
    `TTFT ${F.seconds(a.ttftMs)}`,
    F.elapsed(Math.max(0, elapsed)),
    a.runId !== null ? `run #${a.runId}` : null
  ]
    .filter((x) => x !== null)
    .join(" · ")
}

const picker = (title: string, focused: boolean, p: S.Picker, count: number, w: number, h: number, item: (i: number, w: number) => string, empty: string) =>
  frame(title, w, h, (iw, ih) => [
    (focused ? inputLine(p.filter.value, p.filter.cursor, iw, true) : color("gray", cell(p.filter.value === "" ? "type to filter" : `filter: ${p.filter.value}`, iw))),
    ...listLines(count, p.cursor, iw, ih - 1, focused, item, empty)
  ], focused)

export const view = (s: S.State, size: TabSize, wrapped: (text: string, w: number) => Array<string>, now: number, heights: { list: number; answer: number; lines: number }): Array<string> => {
  const { width: w, height: h } = size
  if (!s.loaded) return [color("gray", cell("Loading…", w))]
  if (s.error !== null) return [color("red", cell(`Could not load: ${s.error}`, w))]
  const topH = Math.max(5, Math.min(9, Math.floor(h * 0.4)))
  heights.list = topH - 3
  const [bw, cw, pw] = split(w, [34, 22, 44], 14) as [number, number, number]
  const bots = S.botsShown(s)
  const cats = S.categoriesShown(s)
  const prompts = S.promptsShown(s)
  const top = hjoin(
    {
      w: bw,
      lines: picker(`Bot ${bots.length}`, s.focus === "bot", s.pickers.bot, bots.length, bw, topH, (i, lw) => {
        const b = bots[i]!
        const prov = ` ${b.provider}`
        return cell(b.name, lw - Math.min(width(prov), Math.floor(lw / 3)), "left", "middle") + color("gray", cell(prov, Math.min(width(prov), Math.floor(lw / 3))))
      }, s.bots.length === 0 ? "No bots: add one (Ctrl+B)" : "No match")
    },
    {
      w: cw,
      lines: picker("Category", s.focus === "category", s.pickers.category, cats.length, cw, topH, (i, lw) => {
        // how many prompts each has, so that an empty one is seen as empty, not missing
        const n = ` ${S.promptCount(s, cats[i]!.key)}`
        return cell(cats[i]!.title, lw - n.length) + color("gray", escapeTags(n))
      }, "No match")
    },
    {
      w: pw,
      lines: picker(`Prompt ${prompts.length}`, s.focus === "prompt", s.pickers.prompt, prompts.length, pw, topH, (i, lw) => {
        const p = prompts[i]!
        const pts = ` ${p.points}`
        return cell(p.title, lw - pts.length) + color("gray", escapeTags(pts))
      }, S.selectedCategory(s) !== undefined && S.promptCount(s, S.selectedCategory(s)!.key) === 0 ? "No prompts in this category: add one in the Prompt Manager (Ctrl+P / F7)" : "No match")
    }
  )
  const a = s.answer
  const title = a.bot && a.prompt ? `Answer: ${a.bot.name} — ${a.prompt.title}${a.demo ? " — DEMO provider, not a real model" : ""}` : "Answer"
  const answer = frame(title, w, h - topH, (iw, ih) => {
    const head: Array<string> = []
    const stats = statsLine(a, now)
    head.push(a.demo ? bold(color("magenta", cell(stats, iw))) : bold(cell(stats, iw)))
    if (a.error) {
      head.push(color("red", cell(`✗ ${a.error.message}`, iw)))
      if (a.error.hint !== "") head.push(color("yellow", cell(`  ${a.error.hint}`, iw)))
    }
    if (a.mismatch) head.push(color("yellow", cell(`⚠ The server answered with model "${a.mismatch.answered}", not "${a.mismatch.asked}": check which model is loaded.`, iw)))
    if (a.savedTo) head.push(color("green", cell(`✓ Saved to ${a.savedTo.join(", ")}`, iw)))
    else if (a.status !== "idle" && a.status !== "streaming" && a.runId !== null) head.push(color("gray", cell(`In the database as run #${a.runId}. Ctrl+S saves it to llm_outputs/. Score it in the Ingressor (Ctrl+I / F3).`, iw)))
    const textH = Math.max(1, ih - head.length)
    const lines = wrapped(a.output, iw)
    heights.answer = textH
    heights.lines = lines.length
    const max = Math.max(0, lines.length - textH)
    const topLine = s.scroll === null ? max : Math.min(s.scroll, max)
    const body = lines.slice(topLine, topLine + textH).map((l) => escapeTags(fit(l, iw)))
    if (a.status === "idle") body.push(color("gray", cell("The answer streams in here; Esc stops it and keeps what came.", iw)))
    if (s.scroll !== null && body.length > 0) body[body.length - 1] = escapeTags(fit(lines[topLine + body.length - 1] ?? "", iw - 20)) + color("gray", escapeTags(fit(" ↓ PgDn to follow", 20)))
    while (body.length < textH) body.push(blank(iw))
    return [...head, ...body]
  }, s.focus === "answer")
  return [...top, ...answer]
}
