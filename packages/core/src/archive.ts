import type { Run, RunStatus } from "./domain/Run.js"

/**
 * A model name as a file name inside llm_outputs/: no path separators, no "..", no control or
 * reserved characters, not empty, not too long. `mlx-community/Qwen2.5:7b` → `mlx-community_Qwen2.5_7b`.
 */
export const safeFileName = (name: string): string => {
  const cleaned = name
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f]/g, "")
    .replace(/[/\\:*?"<>|]+/g, "_")
    .replace(/\s+/g, "-")
    .replace(/^[.\-_]+/, "")
    .replace(/[. ]+$/, "")
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned)
  const base = cleaned === "" || reserved ? `model-${cleaned || "unnamed"}` : cleaned
  return [...base].slice(0, 120).join("")
}

/** Two bot names with the same key would share their answer files (ignoring case, as macOS and Windows disks do). */
export const answerFileKey = (name: string): string => safeFileName(name).toLowerCase()

const fixed = (x: number) => (Math.round(x * 100) / 100).toFixed(2)

/** The seed's speed line: `2.28 tok/sec • 476 tokens • 69.21s to first token • Stop: eosFound` */
export const speedLine = (run: Pick<Run, "tokensPerSecond" | "completionTokens" | "ttftMs" | "stopReason" | "speedSource"> & { readonly status?: RunStatus }): string => {
  const parts = [
    run.tokensPerSecond === null ? "? tok/sec" : `${fixed(run.tokensPerSecond)} tok/sec${run.speedSource === "estimated" ? " (estimated)" : ""}`,
    run.completionTokens === null ? "? tokens" : `${run.completionTokens} tokens`,
    run.ttftMs === null ? "? to first token" : `${fixed(run.ttftMs / 1000)}s to first token`,
    // a stopped or failed run has no finish reason from the server: its status is the reason
    `Stop: ${run.stopReason ?? (run.status === "cancelled" || run.status === "failed" ? run.status : "unknown")}`
  ]
  return parts.join(" • ")
}

const START = (slug: string) => `<!-- llp:prompt ${slug} -->`
const END = (slug: string) => `<!-- llp:end ${slug} -->`
/** Marks the section of a run that did not complete, so that a later save knows it holds only part of an answer. */
const PARTIAL = (status: string) => `<!-- llp:partial ${status} -->`

/** One prompt's section of an archive file. */
export const archiveSection = (e: { promptSlug: string; promptTitle: string; speedLine: string; output: string; demo: boolean; partial?: RunStatus | undefined }): string =>
  [
    START(e.promptSlug),
    ...(e.partial !== undefined ? [PARTIAL(e.partial)] : []),
    `## ${e.promptTitle}`,
    "",
    `> ${e.speedLine}${e.demo ? " • DEMO provider, not a real model" : ""}`,
    "",
    e.output.trimEnd(),
    END(e.promptSlug)
  ].join("\n")

/**
 * Puts a section into an archive file's text, replacing the section of the same prompt if there is one.
 * Sections stay in the order they were first written.
 */
export const mergeSection = (file: string | null, header: string, slug: string, section: string): string => {
  const body = file ?? `${header}\n`
  const start = body.indexOf(START(slug))
  if (start >= 0) {
    const endAt = body.indexOf(END(slug), start)
    if (endAt >= 0) return body.slice(0, start) + section + body.slice(endAt + END(slug).length)
  }
  return `${body.trimEnd()}\n\n${section}\n`
}

/**
 * What an archive file holds for a prompt: nothing, a partial answer (marked so), or a complete one.
 * A section without the mark counts as complete: files written before the mark existed are kept safe.
 */
export const sectionState = (file: string | null, slug: string): "none" | "partial" | "complete" => {
  if (file === null) return "none"
  const start = file.indexOf(START(slug))
  if (start < 0) return "none"
  const endAt = file.indexOf(END(slug), start)
  const section = file.slice(start, endAt < 0 ? undefined : endAt)
  return section.includes("<!-- llp:partial ") ? "partial" : "complete"
}

/** The fenced Go code blocks of an answer: first the solution, then the tests (the one that has `func Test`). */
export const goFiles = (output: string): { code: string | null; test: string | null } => {
  const blocks: Array<string> = []
  const re = /```(?:go|golang)[^\n]*\n([\s\S]*?)```/g
  for (let m = re.exec(output); m; m = re.exec(output)) blocks.push(m[1]!)
  const test = blocks.find((b) => /func Test\w*\(\s*\w+ \*testing\.T\)/.test(b)) ?? null
  const code = blocks.find((b) => b !== test && /^\s*package \w+/m.test(b)) ?? null
  return { code, test }
}

/** The archive entry of a run: the answer under the bot's name (the seed's <model-name>). */
export const archiveEntry = (run: Run, bot: { readonly name: string }, prompt: { readonly category: string; readonly slug: string; readonly title: string }) => ({
  category: prompt.category,
  modelName: bot.name,
  promptSlug: prompt.slug,
  promptTitle: prompt.title,
  speedLine: speedLine(run),
  output: run.output,
  demo: run.demo,
  ...(run.status !== "complete" ? { partial: run.status } : {})
})

/**
 * What deleting a bot removes from llm_outputs/, said before it happens:
 * ` and its 2 files in llm_outputs/ (booting/X.md, booting/scores/score-X.json)`, or "" when there are none.
 */
export const filesNote = (files: ReadonlyArray<string>, root: string): string => {
  if (files.length === 0) return ""
  const rel = files.map((f) => (f.startsWith(root) ? f.slice(root.length).replace(/^[/\\]+/, "") : f).replace(/\\/g, "/"))
  const shown = rel.length > 4 ? [...rel.slice(0, 3), `${rel.length - 3} more`] : rel
  return ` and its ${files.length === 1 ? "file" : `${files.length} files`} in llm_outputs/ (${shown.join(", ")})`
}
