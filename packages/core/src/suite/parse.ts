import * as Either from "effect/Either"
import type { Criterion, PromptInput } from "../domain/Prompt.js"
import { rubricTotal, slugify } from "../domain/Prompt.js"
import { SuiteError } from "../errors.js"
import type { Suite } from "./Suite.js"

const KEY = /^[a-z0-9][a-z0-9-]*$/
const HEADER_FIELDS = ["key", "title", "order", "temperature"] as const
const PROMPT_FIELDS = ["id", "points", "temperature", "system", "group"] as const

interface Line {
  readonly n: number
  readonly text: string
}

/** Marks which lines sit inside a code fence, where nothing is structure. */
const fenceMask = (lines: ReadonlyArray<string>): ReadonlyArray<boolean> => {
  let fence: string | null = null
  return lines.map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (fence === null) {
      if (m) fence = m[1]!
      return fence !== null
    }
    if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null
    return true
  })
}

const trimBlock = (lines: ReadonlyArray<Line>): string => {
  let start = 0
  let end = lines.length
  while (start < end && lines[start]!.text.trim() === "") start++
  while (end > start && lines[end - 1]!.text.trim() === "") end--
  return lines
    .slice(start, end)
    .map((l) => l.text)
    .join("\n")
}

const number = (file: string, n: number, name: string, value: string, check: (x: number) => boolean, want: string) => {
  const x = Number(value)
  if (value.trim() === "" || !Number.isFinite(x) || !check(x)) {
    throw new SuiteError({ file, line: n, reason: `${name} must be ${want}, got "${value}"` })
  }
  return x
}

/** Reads `name: value` lines in a fixed order; returns them and the index after them. */
const readFields = (
  file: string,
  lines: ReadonlyArray<Line>,
  from: number,
  allowed: ReadonlyArray<string>,
  until: (text: string) => boolean
): [Map<string, { value: string; n: number }>, number] => {
  const fields = new Map<string, { value: string; n: number }>()
  let i = from
  let last = -1
  for (; i < lines.length && !until(lines[i]!.text); i++) {
    const { n, text } = lines[i]!
    const m = /^([a-z]+):(?: (.*))?$/.exec(text)
    if (!m) throw new SuiteError({ file, line: n, reason: `expected "name: value", got "${text}"` })
    const name = m[1]!
    const at = allowed.indexOf(name)
    if (at < 0) throw new SuiteError({ file, line: n, reason: `unknown field "${name}" (expected one of ${allowed.join(", ")})` })
    if (fields.has(name)) throw new SuiteError({ file, line: n, reason: `"${name}" is given twice` })
    if (at < last) throw new SuiteError({ file, line: n, reason: `"${name}" must come before "${allowed[last]}"` })
    last = at
    fields.set(name, { value: (m[2] ?? "").trim(), n })
  }
  return [fields, i]
}

const parseUnsafe = (file: string, source: string): Suite => {
  const raw = source.replace(/\r\n?/g, "\n").split("\n")
  const fenced = fenceMask(raw)
  const lines: Array<Line> = raw.map((text, i) => ({ n: i + 1, text }))
  if (raw[0] !== "---") throw new SuiteError({ file, line: 1, reason: 'a suite starts with a "---" header line' })
  if (raw.indexOf("---", 1) < 0) throw new SuiteError({ file, line: 1, reason: 'the header has no closing "---" line' })
  const [header, end] = readFields(file, lines, 1, HEADER_FIELDS, (t) => t === "---")
  for (const name of HEADER_FIELDS) {
    if (!header.has(name)) throw new SuiteError({ file, line: end + 1, reason: `the header lacks "${name}"` })
  }
  const key = header.get("key")!
  if (!KEY.test(key.value)) throw new SuiteError({ file, line: key.n, reason: `key must be lowercase letters, digits and -, got "${key.value}"` })
  const title = header.get("title")!
  if (title.value === "") throw new SuiteError({ file, line: title.n, reason: "title must not be empty" })
  const order = header.get("order")!
  const temperature = header.get("temperature")!

  // split into sections at structural headings outside code fences
  type Section = { kind: "system" | "prompt"; title: string; n: number; body: Array<Line> }
  const sections: Array<Section> = []
  const before: Array<Line> = []
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i]!
    if (!fenced[i]) {
      if (line.text === "# System prompt") {
        if (sections.length > 0) throw new SuiteError({ file, line: line.n, reason: '"# System prompt" must come before the first prompt' })
        sections.push({ kind: "system", title: "", n: line.n, body: [] })
        continue
      }
      const m = /^# Prompt:(.*)$/.exec(line.text)
      if (m) {
        const t = m[1]!.trim()
        if (t === "") throw new SuiteError({ file, line: line.n, reason: 'a prompt needs a title: "# Prompt: <title>"' })
        sections.push({ kind: "prompt", title: t, n: line.n, body: [] })
        continue
      }
    }
    const current = sections[sections.length - 1]
    if (current) current.body.push(line)
    else before.push(line)
  }
  const stray = before.find((l) => l.text.trim() !== "")
  if (stray) throw new SuiteError({ file, line: stray.n, reason: 'text before "# System prompt" or the first "# Prompt:" heading' })

  const system = sections[0]?.kind === "system" ? trimBlock(sections[0].body) : ""
  const prompts: Array<PromptInput> = []
  const slugs = new Map<string, number>()
  for (const section of sections) {
    if (section.kind !== "prompt") continue
    const body = section.body
    if (body.length === 0 || body[0]!.text !== "") {
      // metadata starts right after the heading
    }
    const [fields, after] = readFields(file, body, 0, PROMPT_FIELDS, (t) => t.trim() === "")
    const points = fields.get("points")
    if (!points) throw new SuiteError({ file, line: section.n, reason: `prompt "${section.title}" lacks "points: N"` })
    const pts = number(file, points.n, "points", points.value, (x) => Number.isInteger(x) && x > 0, "a whole number > 0")
    const temp = fields.get("temperature")
    const sys = fields.get("system")
    if (sys && sys.value !== "none") throw new SuiteError({ file, line: sys.n, reason: `system can only be "none", got "${sys.value}"` })
    const id = fields.get("id")
    if (id && !KEY.test(id.value)) throw new SuiteError({ file, line: id.n, reason: `id must be lowercase letters, digits and -, got "${id.value}"` })
    const slug = id?.value ?? slugify(section.title)
    const seen = slugs.get(slug)
    if (seen !== undefined) throw new SuiteError({ file, line: section.n, reason: `prompt id "${slug}" is also used at line ${seen}; give one of them an "id:"` })
    slugs.set(slug, section.n)

    // text up to "## Rubric" outside fences
    const rest = body.slice(after)
    const rubricAt = rest.findIndex((l) => l.text === "## Rubric" && !fenced[l.n - 1])
    if (rubricAt < 0) throw new SuiteError({ file, line: section.n, reason: `prompt "${section.title}" has no "## Rubric" section` })
    const text = trimBlock(rest.slice(0, rubricAt))
    if (text === "") throw new SuiteError({ file, line: section.n, reason: `prompt "${section.title}" has no text` })
    const rubric: Array<Criterion> = []
    for (const line of rest.slice(rubricAt + 1)) {
      if (line.text.trim() === "") continue
      const m = /^- \[(\d+)\] (.+)$/.exec(line.text)
      if (!m) throw new SuiteError({ file, line: line.n, reason: `a rubric line is "- [points] what earns them", got "${line.text}"` })
      rubric.push({ points: Number(m[1]), text: m[2]!.trim() })
    }
    if (rubric.length === 0) throw new SuiteError({ file, line: section.n, reason: `prompt "${section.title}" has an empty rubric` })
    const sum = rubricTotal(rubric)
    if (sum !== pts) {
      throw new SuiteError({ file, line: points.n, reason: `the rubric of "${section.title}" adds up to ${sum}, but the prompt is worth ${pts}` })
    }
    const group = fields.get("group")
    prompts.push({
      category: key.value,
      slug,
      order: prompts.length + 1,
      title: section.title,
      text,
      points: pts,
      ...(temp ? { temperature: number(file, temp.n, "temperature", temp.value, (x) => x >= 0 && x <= 2, "a number from 0 to 2") } : {}),
      useSystemPrompt: sys === undefined,
      ...(group && group.value !== "" ? { group: group.value } : {}),
      rubric
    })
  }
  if (prompts.length === 0) throw new SuiteError({ file, line: lines.length, reason: 'the suite has no "# Prompt:" section' })
  return {
    category: {
      key: key.value,
      title: title.value,
      order: number(file, order.n, "order", order.value, Number.isInteger, "a whole number"),
      temperature: number(file, temperature.n, "temperature", temperature.value, (x) => x >= 0 && x <= 2, "a number from 0 to 2"),
      systemPrompt: system
    },
    prompts
  }
}

/** Parses a suite file; every error names the file and line. */
export const parseSuite = (file: string, source: string): Either.Either<Suite, SuiteError> => {
  try {
    return Either.right(parseUnsafe(file, source))
  } catch (e) {
    if (e instanceof SuiteError) return Either.left(e)
    throw e
  }
}
