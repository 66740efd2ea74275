import type { TabSize } from "../../app/types.js"
import { formLines } from "../../presentation/form.js"
import { blank, frame } from "../../presentation/layout.js"
import { bold, cell, color } from "../../presentation/text.js"
import * as S from "./state.js"
import { count } from "../../presentation/format.js"

export const view = (s: S.State, size: TabSize, resolved: string): Array<string> => {
  const { width: w, height: h } = size
  return frame("Export the leaderboard", w, h, (iw, ih) => {
    const lines = [cell("Choose a format and a path, then press Enter or Ctrl+S to write.", iw), blank(iw)]
    lines.push(...formLines(s.form, iw, 3, { active: true }))
    lines.push(blank(iw), color("gray", cell(`Will write to: ${resolved}`, iw)), blank(iw))
    if (s.writing) lines.push(color("cyan", cell("Writing…", iw)))
    else if (s.error !== null) lines.push(color("red", cell(`✗ Not written: ${s.error}`, iw)))
    else if (s.result !== null) {
      lines.push(color("green", bold(cell(`✓ Wrote ${s.result.format}: ${count(s.result.rows, "bot")}, ${count(s.result.bytes, "byte")}`, iw))))
      lines.push(cell(`  to ${s.result.path}`, iw))
    }
    while (lines.length < ih) lines.push(blank(iw))
    return lines
  }, true)
}
