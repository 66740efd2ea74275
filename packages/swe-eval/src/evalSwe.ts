import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Effect from "effect/Effect"
import { Archive, safeFileName, Store, Workspace, type ArchiveError, type Bot, type Prompt, type StoreFailure } from "@llp/core"
import { GO_MISSING_MESSAGE, SweError } from "./errors.js"
import { evaluate, type SweResult } from "./evaluate.js"
import { findGo } from "./go.js"

export interface EvalSweOptions {
  /** One bot, by name or id; default: every bot that has swe files. */
  readonly bot?: string
  /** The suite's reference folder; default: <workspace>/suites/swe/reference, else the suites shipped with LLP. */
  readonly referenceDir?: string
  readonly timeoutMs?: number
  readonly memoryMb?: number
  /** Where to look for `go` (default process.env.PATH). */
  readonly searchPath?: string
}

interface BotEvalBase {
  readonly bot: string
  readonly botId: number
  /** The file name used in llm_outputs/swe/ (safeFileName of the bot's name). */
  readonly modelName: string
}

export type BotEval =
  | (BotEvalBase & {
      readonly status: "scored"
      readonly result: SweResult
      /** llm_outputs/swe/scores/score-<model-name>.json */
      readonly scoreFile: string
      /** The run the automatic score was recorded on (and pinned). */
      readonly runId: number
      /** true when the bot had no complete swe run and one was made from the files. */
      readonly createdRun: boolean
      readonly points: number
    })
  | (BotEvalBase & {
      /** skipped: a file is missing; failed: the files could not be evaluated (e.g. a malformed header). */
      readonly status: "skipped" | "failed"
      readonly reason: string
    })

const here = path.dirname(fileURLToPath(import.meta.url))

/** The reference folder: the workspace's own suites/ first, then the suites shipped with LLP. */
export const defaultReferenceDir = (workspaceRoot: string | null): string | null => {
  const candidates = [
    ...(workspaceRoot ? [path.join(workspaceRoot, "suites", "swe", "reference")] : []),
    path.join(here, "suites", "swe", "reference"), // next to a bundle (apps/llp/dist/suites)
    path.resolve(here, "../../../suites/swe/reference"), // packages/swe-eval/{src,dist} in the repository
    path.resolve(here, "../../../../suites/swe/reference")
  ]
  return candidates.find((d) => fs.existsSync(path.join(d, "reference_test.go")) || (fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith("_test.go") && f !== "solution_test.go"))) ?? null
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

/** The run's output when the files were placed by hand: the two files as the answer's code blocks. */
export const manualOutput = (code: string, test: string) => `\`\`\`go\n${code.trimEnd()}\n\`\`\`\n\n\`\`\`go\n${test.trimEnd()}\n\`\`\`\n`

/** The automatic score's breakdown, as stored with the score (`detail`). */
export const scoreDetail = (result: SweResult, scoreFile: string) => ({
  kind: "swe" as const,
  verdict: result.verdict,
  parts: result.parts,
  max: result.max,
  total: result.total,
  goVersion: result.evidence.goVersion,
  reference: result.evidence.reference ? { passed: result.evidence.reference.passed, total: result.evidence.reference.total, failed: result.evidence.reference.failedTests, notRun: result.evidence.reference.notRun } : null,
  coverage: result.evidence.own?.coverage ?? null,
  ownTestsPass: result.evidence.own?.passed ?? false,
  compilerOutput: result.evidence.own?.compilerOutput || result.evidence.reference?.compilerOutput || "",
  adjustment: result.header.adjustment,
  scoreFile
})

const note = (r: SweResult) =>
  `swe (automatic): ${r.verdict}; runnable ${r.parts.runnable}, correct ${r.parts.correct}, coverage ${r.parts.coverage}, explanation ${r.parts.explanation}, suggestions ${r.parts.suggestions} = ${r.total}`

/**
 * `llp eval swe`: scores every bot's (or one bot's) llm_outputs/swe/<model-name>.go and _test.go, writes
 * llm_outputs/swe/scores/score-<model-name>.json and records the points as the bot's automatic, pinned
 * score on its latest complete swe run (made from the files when it has none).
 */
export const evalSwe = (
  options: EvalSweOptions = {}
): Effect.Effect<ReadonlyArray<BotEval>, SweError | StoreFailure | ArchiveError, Store.Store | Archive.Archive | Workspace.Workspace> =>
  Effect.gen(function* () {
    const go = findGo(options.searchPath ?? process.env.PATH)
    if ("error" in go) return yield* new SweError({ reason: "GoMissing", detail: GO_MISSING_MESSAGE, cause: go.error })
    const store = yield* Store.Store
    const archive = yield* Archive.Archive
    const workspace = yield* Workspace.Workspace
    const referenceDir = options.referenceDir ?? defaultReferenceDir(workspace.root)
    if (referenceDir === null) return yield* new SweError({ reason: "Files", detail: "cannot find the swe reference tests (suites/swe/reference): pass referenceDir" })
    const prompts = [...(yield* store.listPrompts("swe"))].sort((a, b) => a.order - b.order)
    const prompt: Prompt | undefined = prompts[0]
    if (!prompt) return yield* new SweError({ reason: "NoPrompt", detail: "there is no swe prompt in this workspace: load the suites first" })
    const bots: ReadonlyArray<Bot> = options.bot !== undefined ? [yield* store.findBot(options.bot)] : yield* store.listBots()
    const results: Array<BotEval> = []
    for (const bot of bots) {
      const modelName = safeFileName(bot.name)
      const base = { bot: bot.name, botId: bot.id, modelName }
      const code = yield* archive.read("swe", `${modelName}.go`)
      const test = yield* archive.read("swe", `${modelName}_test.go`)
      if (code === null || test === null) {
        const missing = [code === null ? `${modelName}.go` : null, test === null ? `${modelName}_test.go` : null].filter((x) => x !== null).map((f) => archive.pathOf("swe", f!))
        if (options.bot !== undefined) return yield* new SweError({ reason: "NoFiles", detail: `bot "${bot.name}" has no ${missing.join(" and no ")}` })
        if (code === null && test === null) continue
        results.push({ ...base, status: "skipped", reason: `missing ${missing.join(" and ")}` })
        continue
      }
      const outcome = yield* Effect.either(
        evaluate({
          code,
          test,
          referenceDir,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
          ...(options.searchPath !== undefined ? { searchPath: options.searchPath } : {})
        })
      )
      if (outcome._tag === "Left") {
        const e = outcome.left
        if (e.reason === "GoMissing") return yield* e
        const file = e.reason === "Header" ? `${archive.pathOf("swe", `${modelName}.go`)}: ` : ""
        results.push({ ...base, status: "failed", reason: `${file}${e.detail}` })
        continue
      }
      const result = outcome.right
      const scoreFile = yield* archive.writeScores("swe", bot.name, {
        bot: bot.name,
        model: bot.model,
        provider: bot.provider,
        modelName,
        prompt: { id: prompt.id, slug: prompt.slug, title: prompt.title, points: prompt.points },
        files: {
          code: { path: archive.pathOf("swe", `${modelName}.go`), sha256: sha256(code) },
          test: { path: archive.pathOf("swe", `${modelName}_test.go`), sha256: sha256(test) },
          reference: referenceDir
        },
        goVersion: result.evidence.goVersion,
        verdict: result.verdict,
        total: result.total,
        parts: result.parts,
        max: result.max,
        header: result.header,
        evidence: result.evidence
      })
      const runs = yield* store.listRuns({ botId: bot.id, promptId: prompt.id, status: "complete" })
      const latest = runs.find((r) => r.promptId === prompt.id && r.status === "complete")
      const speed = result.header.speed
      const run =
        latest ??
        (yield* store.addManualRun({
          botId: bot.id,
          promptId: prompt.id,
          output: manualOutput(code, test),
          ...(speed.tokensPerSecond !== null ? { tokensPerSecond: speed.tokensPerSecond } : {}),
          ...(speed.ttftSeconds !== null ? { ttftMs: Math.round(speed.ttftSeconds * 1000) } : {}),
          ...(speed.tokens !== null ? { completionTokens: speed.tokens } : {}),
          ...(speed.stop !== null ? { stopReason: speed.stop } : {})
        }))
      const pointsAwarded = Math.min(result.total, prompt.points)
      yield* store.scoreRun({ runId: run.id, points: pointsAwarded, source: "auto", note: note(result), detail: scoreDetail(result, scoreFile) })
      yield* store.pinRun(run.id, true)
      results.push({ ...base, status: "scored", result, scoreFile, runId: run.id, createdRun: latest === undefined, points: pointsAwarded })
    }
    return results
  })
