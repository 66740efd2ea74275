import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { hasDetails, LeaderboardDocument, promptKey, runKey } from "./document.js"

export interface DocumentIssue {
  /** Where in the document, e.g. `runs[3].status`; empty for the whole document. */
  readonly path: string
  readonly reason: string
}

/** A file that is not a valid LLP export: every problem found, each with where it is. */
export class DocumentError extends Data.TaggedError("DocumentError")<{
  readonly file: string
  readonly issues: ReadonlyArray<DocumentIssue>
}> {
  override get message() {
    return this.issues.map((i) => `${this.file}: ${i.path === "" ? "" : `${i.path}: `}${i.reason}`).join("\n")
  }
}

/** At most this many problems are reported: the first ones are enough to fix a file. */
const MAX_ISSUES = 20

export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p, i) =>
      typeof p === "number" ? `[${p}]` : typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p) ? `${i === 0 ? "" : "."}${p}` : `[${JSON.stringify(String(p))}]`
    )
    .join("")

const EXPECTED = /^Expected (.+), actual (.+)$/s

/** A type as an error names it: an object's or array's whole shape is too much to read. */
const named = (expected: string) =>
  expected.length <= 80 ? expected : expected.startsWith("{") ? "an object" : expected.startsWith("ReadonlyArray<") ? "an array" : `${expected.slice(0, 77)}…`

/** A value as an error shows it: short. */
const shorten = (actual: string) => ([...actual].length > 60 ? `${[...actual].slice(0, 57).join("")}…` : actual)

/**
 * Effect's issues, one line per path: the alternatives of a union become "expected one of …".
 * An optional field is a union with `undefined`: that alternative is no news, so it is left out.
 */
const schemaIssues = (error: ParseResult.ParseError): Array<DocumentIssue> => {
  const byPath = new Map<string, Array<string>>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    if (/^Expected undefined, actual /s.test(issue.message)) continue
    const path = formatPath(issue.path)
    byPath.set(path, [...(byPath.get(path) ?? []), issue.message])
  }
  return [...byPath].map(([path, messages]) => {
    const parts = messages.map((m) => EXPECTED.exec(m))
    if (parts.every((p) => p !== null)) {
      const alternatives = [...new Set(parts.flatMap((p) => (p![1]!.length > 80 ? [p![1]!] : p![1]!.split(" | "))))].filter((a) => a !== "undefined").map(named)
      const got = shorten(parts[0]![2]!)
      return { path, reason: alternatives.length === 1 ? `expected ${alternatives[0]}, got ${got}` : `expected one of ${alternatives.join(", ")}, got ${got}` }
    }
    const reasons = [...new Set(messages.map((m) => m.replace(EXPECTED, (_, want: string, got: string) => `expected ${named(want)}, got ${shorten(got)}`)))]
    return { path, reason: reasons.join("; ") }
  })
}

const jsonIssue = (text: string, error: unknown): DocumentIssue => {
  const message = error instanceof Error ? error.message : String(error)
  const at = /position (\d+)/.exec(message)
  if (!at) return { path: "", reason: `not valid JSON: ${message.replace(/\s+/g, " ")}` }
  const before = text.slice(0, Number(at[1]))
  const line = before.split("\n").length
  const column = before.length - before.lastIndexOf("\n")
  return { path: "", reason: `not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/s, "")}` }
}

/** References inside a `--details` document that point at nothing, and duplicates that would make an import ambiguous. */
export const referenceIssues = (doc: LeaderboardDocument): Array<DocumentIssue> => {
  if (!hasDetails(doc)) {
    const some = ["bots", "prompts", "runs", "scores"].filter((k) => (doc as Record<string, unknown>)[k] !== undefined)
    return some.length === 0 ? [] : [{ path: "", reason: `has ${some.join(", ")} but not all of bots, prompts, runs and scores` }]
  }
  const issues: Array<DocumentIssue> = []
  const categories = new Map(doc.categories.map((c) => [c.key, c]))
  doc.categories.forEach((c, i) => {
    if (doc.categories.findIndex((o) => o.key === c.key) !== i) issues.push({ path: `categories[${i}].key`, reason: `"${c.key}" is listed twice` })
    if (c.order === undefined || c.temperature === undefined || c.systemPrompt === undefined)
      issues.push({ path: `categories[${i}]`, reason: "a --details export gives each category's order, temperature and systemPrompt" })
  })
  const bots = new Set<string>()
  doc.bots.forEach((b, i) => {
    if (bots.has(b.name)) issues.push({ path: `bots[${i}].name`, reason: `${JSON.stringify(b.name)} is listed twice` })
    bots.add(b.name)
  })
  const prompts = new Set<string>()
  doc.prompts.forEach((p, i) => {
    if (!categories.has(p.category)) issues.push({ path: `prompts[${i}].category`, reason: `no category "${p.category}" in categories` })
    const key = promptKey(p)
    if (prompts.has(key)) issues.push({ path: `prompts[${i}].slug`, reason: `"${p.category}/${p.slug}" is listed twice` })
    prompts.add(key)
  })
  const runRef = (r: { bot: string; category: string; prompt: string }, path: string) => {
    if (!bots.has(r.bot)) issues.push({ path: `${path}.bot`, reason: `no bot named ${JSON.stringify(r.bot)} in bots` })
    if (!prompts.has(promptKey({ category: r.category, slug: r.prompt })))
      issues.push({ path: `${path}.prompt`, reason: `no prompt "${r.category}/${r.prompt}" in prompts` })
  }
  const runs = new Set<string>()
  doc.runs.forEach((r, i) => {
    runRef(r, `runs[${i}]`)
    const key = runKey(r)
    if (runs.has(key)) issues.push({ path: `runs[${i}].startedAt`, reason: `a run of ${JSON.stringify(r.bot)} on "${r.category}/${r.prompt}" started at ${r.startedAt} is listed twice` })
    runs.add(key)
  })
  doc.scores.forEach((s, i) => {
    if (!runs.has(runKey(s)))
      issues.push({ path: `scores[${i}]`, reason: `no run of ${JSON.stringify(s.bot)} on "${s.category}/${s.prompt}" started at ${s.startedAt} in runs` })
  })
  ;(doc.arenaVotes ?? []).forEach((v, i) => {
    for (const side of ["left", "right"] as const) {
      const r = v[side]
      if (!runs.has(runKey(r))) issues.push({ path: `arenaVotes[${i}].${side}`, reason: `no run of ${JSON.stringify(r.bot)} on "${r.category}/${r.prompt}" started at ${r.startedAt} in runs` })
    }
    if (v.left.bot === v.right.bot) issues.push({ path: `arenaVotes[${i}].right.bot`, reason: "a duel is between two different bots" })
    if (promptKey({ category: v.left.category, slug: v.left.prompt }) !== promptKey({ category: v.right.category, slug: v.right.prompt }))
      issues.push({ path: `arenaVotes[${i}].right.prompt`, reason: "both sides of a duel answer the same prompt" })
  })
  ;(doc.judgePairs ?? []).forEach((v, i) => {
    if (!bots.has(v.judge)) issues.push({ path: `judgePairs[${i}].judge`, reason: `no bot named ${JSON.stringify(v.judge)} in bots` })
    for (const side of ["a", "b"] as const) {
      const r = v[side]
      if (!runs.has(runKey(r))) issues.push({ path: `judgePairs[${i}].${side}`, reason: `no run of ${JSON.stringify(r.bot)} on "${r.category}/${r.prompt}" started at ${r.startedAt} in runs` })
    }
    if (promptKey({ category: v.a.category, slug: v.a.prompt }) !== promptKey({ category: v.b.category, slug: v.b.prompt }))
      issues.push({ path: `judgePairs[${i}].b.prompt`, reason: "both runs of a pairwise verdict answer the same prompt" })
  })
  return issues
}

const decode = Schema.decodeUnknownEither(LeaderboardDocument, { errors: "all", onExcessProperty: "ignore" })

/**
 * Reads an export's JSON text. Fails with every problem (up to 20), each naming the file and where
 * it is: `export.json: runs[3].status: expected one of "streaming", "complete", "cancelled", "failed", got "done"`.
 */
export const parseDocument = (text: string, file: string): Effect.Effect<LeaderboardDocument, DocumentError> =>
  Effect.suspend(() => {
    let raw: unknown
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ""))
    } catch (e) {
      return Effect.fail(new DocumentError({ file, issues: [jsonIssue(text.replace(/^\uFEFF/, ""), e)] }))
    }
    const decoded = decode(raw)
    if (Either.isLeft(decoded)) return Effect.fail(new DocumentError({ file, issues: schemaIssues(decoded.left).slice(0, MAX_ISSUES) }))
    const issues = referenceIssues(decoded.right)
    return issues.length > 0 ? Effect.fail(new DocumentError({ file, issues: issues.slice(0, MAX_ISSUES) })) : Effect.succeed(decoded.right)
  })
