import { slugify } from "../domain/Prompt.js"
import type { Suite } from "./Suite.js"

const num = (x: number) => String(x)

/** The canonical text of a suite; parseSuite(formatSuite(s)) gives s back. */
export const formatSuite = (suite: Suite): string => {
  const c = suite.category
  const out: Array<string> = ["---", `key: ${c.key}`, `title: ${c.title}`, `order: ${c.order}`, `temperature: ${num(c.temperature)}`, "---"]
  if (c.systemPrompt.trim() !== "") out.push("", "# System prompt", "", c.systemPrompt.trim())
  for (const p of suite.prompts) {
    out.push("", `# Prompt: ${p.title}`)
    if (p.slug !== slugify(p.title)) out.push(`id: ${p.slug}`)
    out.push(`points: ${p.points}`)
    if (p.temperature !== undefined) out.push(`temperature: ${num(p.temperature)}`)
    if (!p.useSystemPrompt) out.push("system: none")
    if (p.group !== undefined && p.group !== "") out.push(`group: ${p.group}`)
    out.push("", p.text.trim(), "", "## Rubric", "")
    for (const r of p.rubric) out.push(`- [${r.points}] ${r.text}`)
  }
  return out.map((l) => l.replace(/[ \t]+$/, "")).join("\n") + "\n"
}
