import { speedLine } from "@llp/core"
import type { TabSize } from "../../app/types.js"
import * as F from "../../presentation/format.js"
import { familyText, familyWarnings } from "../../presentation/family.js"
import { formLines } from "../../presentation/form.js"
import { blank, frame, hjoin, selectedLine, split } from "../../presentation/layout.js"
import { listLines, position } from "../../presentation/list.js"
import { bold, cell, color, escapeTags, fit, wrap } from "../../presentation/text.js"
import { runSuggestionLabel, suggestionLines } from "./judge.js"
import * as S from "./state.js"


/** The run selector's label for a run or for "new run". */
export const runLabel = (s: S.State, i: number): string => {
  const run = s.runs[i]
  if (!run) return s.runs.length === 0 ? "new run: enter an answer made outside LLP" : "new run: enter another answer made outside LLP"
  const sc = S.scoreOf(s, run.id)
  const speed = run.tokensPerSecond === null ? "" : ` ${F.tokensPerSecond(run.tokensPerSecond)} tok/s`
  const demo = run.demo ? " DEMO" : ""
  return `#${run.id} ${F.when(run.startedAt)} ${run.status}${speed}${demo}${sc ? ` — scored ${F.points(sc.score.points)}` : ""}${runSuggestionLabel(S.suggestionOf(s, run.id))}`
}

/** Rubric pane: the prompt's points, its rubric, then its text. */
export const rubricLines = (s: S.State, w: number): Array<string> => {
  const p = S.selectedPrompt(s)
  if (!p) return [cell("Choose a prompt to see its rubric.", w)]
  const out: Array<string> = []
  out.push(bold(cell(`${p.title} — ${p.points} points`, w)))
  const run = S.selectedRun(s)
  const suggestion = run ? S.suggestionOf(s, run.id) : undefined
  const judged = suggestion ? suggestionLines(suggestion, p.points, w) : undefined
  if (judged) out.push(...judged.head)
  // once, under the suggestion: a judge of the bot's own family tends to favour it (as `llp judge` warns)
  const family = suggestion && s.bot ? familyText(familyWarnings([suggestion], s.bots)) : null
  if (family !== null) out.push(...wrap(`⚠ ${family}`, w).map((l) => color("yellow", cell(l, w))))
  if (p.rubric.length === 0) out.push(color("gray", cell("(no rubric: judge the answer as a whole)", w)))
  p.rubric.forEach((c, index) => {
    wrap(`[${c.points}] ${c.text}`, w).forEach((l, i) => out.push(i === 0 ? cell(l, w) : cell(`  ${l}`, w)))
    const verdict = judged?.items.get(index)
    if (verdict !== undefined) out.push(...verdict)
  })
  out.push(blank(w), color("gray", cell("Prompt (Ctrl+Y copies it):", w)))
  for (const l of wrap(p.text, w)) out.push(cell(l, w))
  return out
}

export const view = (s: S.State, size: TabSize, heights: { lists: number }): Array<string> => {
  const { width: w, height: h } = size
  if (!s.loaded) return [color("gray", cell("Loading…", w))]
  if (s.error !== null) return [color("red", cell(`Could not load: ${s.error}`, w))]
  const headW = Math.min(w, Math.max(10, Math.floor(w / 2)))
  const head = s.bot
    ? bold(cell(`Scoring ${s.bot.name}`, headW)) + color("gray", cell(` ${s.bot.provider}: ${s.bot.model}`, w - headW))
    : bold(cell("Scoring: choose a category, a prompt, then the bot", w))
  const formH = Math.max(7, Math.min(S.isNewRun(s) ? 14 : 10, h - 8))
  const topH = Math.max(4, h - 1 - formH)
  const [cw, pw, rw] = split(w, [22, 34, 44], 12) as [number, number, number]
  const ih = topH - 2
  heights.lists = ih
  const cats = frame(`Category`, cw, topH, (iw) =>
    listLines(s.categories.length, s.catCursor, iw, ih, s.focus === "categories", (i, lw) => {
      const c = s.categories[i]!
      const max = s.prompts.filter((p) => p.category === c.key).reduce((a, p) => a + p.points, 0)
      const pts = `${F.points(S.categoryTotal(s, c.key))}/${max}`
      return cell(c.title, lw - pts.length - 1) + " " + escapeTags(pts)
    }, "No categories: load suites (llp suites load)"),
  s.focus === "categories")
  const ps = S.promptsOf(s)
  const prompts = frame(`Prompt ${position(s.promptCursor, ps.length)}`, pw, topH, (iw) =>
    listLines(ps.length, s.promptCursor, iw, ih, s.focus === "prompts", (i, lw) => {
      const p = ps[i]!
      const points = S.promptPoints(s, p.id)
      const pts = `${points !== null ? F.points(points) : F.DASH}/${p.points}`
      const mark = points !== null ? color("green", "✓") : " "
      return mark + " " + cell(p.title, lw - pts.length - 3) + " " + escapeTags(pts)
    }, "No prompts in this category"),
  s.focus === "prompts")
  const rubric = frame("Rubric", rw, topH, (iw, rh) => {
    const all = rubricLines(s, iw)
    const top = Math.max(0, Math.min(s.rubricTop, all.length - rh))
    return all.slice(top, top + rh)
  })
  const top = hjoin({ w: cw, lines: cats }, { w: pw, lines: prompts }, { w: rw, lines: rubric })
  const prompt = S.selectedPrompt(s)
  const form = frame(prompt ? `Score: ${prompt.title} (0 … ${prompt.points} points)` : "Score", w, formH, (iw, fh) => {
    if (!prompt) return [color("gray", cell("Choose a category and a prompt above.", iw))]
    const selector = (name: string, label: string, focused: boolean) => {
      const text = fit(name, 10)
      return (focused ? bold(color("cyan", escapeTags(text))) : escapeTags(text)) + (focused ? selectedLine(cell(label, iw - 10), true) : cell(label, iw - 10))
    }
    const botLabel = s.bot
      ? `◀ ${s.bot.name} (${s.bot.provider}: ${s.bot.model}) ▶`
      : s.bots.length === 0
        ? "no bots yet: add one in the Bot Manager (Ctrl+B / F6)"
        : "◀ choose a bot: ←/→, or Enter for the list ▶"
    const loadingRuns = s.runsFor !== prompt.id
    const label = !s.bot ? "choose a bot first" : loadingRuns ? "loading runs…" : `◀ ${runLabel(s, s.runChoice)} ▶`
    const lines = [selector("Bot", botLabel, s.focus === "bot"), selector("Run", label, s.focus === "run")]
    const run = S.selectedRun(s)
    const fieldsH = s.form.fields.reduce((a, f) => a + (f.kind === "multiline" ? f.rows + 1 : 1), 0)
    lines.push(...formLines(s.form, iw, Math.min(fieldsH, fh - 2), { active: s.focus === "form" }))
    if (run) {
      const rest = fh - lines.length
      if (rest > 0) lines.push(color("gray", cell(speedLine(run), iw)))
      if (rest > 1) lines.push(...wrap(run.output === "" ? "(no output)" : run.output, iw).slice(0, rest - 1).map((l) => color("gray", cell(l, iw))))
    }
    return lines
  }, s.focus === "bot" || s.focus === "run" || s.focus === "form")
  return [head, ...top, ...form]
}
