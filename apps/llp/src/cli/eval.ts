import * as path from "node:path"
import * as Effect from "effect/Effect"
import { evalSwe } from "@llp/swe-eval"
import { bundledSuitesDir } from "../context.js"
import { parse, str } from "./args.js"
import { group, type Run } from "./command.js"
import { printJson, table } from "./print.js"

/** `llp eval swe`: the automatic points of the software-engineering task, run in a sandbox. */
const swe: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("eval swe", args, { bot: { type: "string" }, json: { type: "boolean" } })
    const bot = str(values, "bot")
    const results = yield* evalSwe({ ...(bot !== undefined ? { bot } : {}), referenceDir: path.join(bundledSuitesDir(), "swe", "reference") })
    if (values.json) return printJson(results)
    if (results.length === 0) {
      process.stdout.write("No bot has llm_outputs/swe/<model-name>.go and <model-name>_test.go yet: run the swe prompt first (llp run, or the Conducer).\n")
      return
    }
    process.stdout.write(
      table(
        ["BOT", "VERDICT", "RUNNABLE", "CORRECT", "COVERAGE", "EXPLAIN", "SUGGEST", "TOTAL"],
        results.map((r) =>
          r.status === "scored"
            ? [r.bot, r.result.verdict, r.result.parts.runnable, r.result.parts.correct, r.result.parts.coverage, r.result.parts.explanation, r.result.parts.suggestions, r.result.total]
            : [r.bot, `${r.status}: ${r.reason}`, null, null, null, null, null, null]
        ),
        [2, 3, 4, 5, 6, 7]
      )
    )
    for (const r of results) if (r.status === "scored") process.stderr.write(`wrote ${r.scoreFile}\n`)
    return results.some((r) => r.status === "failed") ? 1 : 0
  })

export const evalCommand = group("eval", { swe })
