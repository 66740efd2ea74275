import * as path from "node:path"
import * as Effect from "effect/Effect"
import { Workspace } from "@llp/core"
import { loadReport, toHtml } from "@llp/exporters"
import { parse, str } from "./args.js"
import type { Run } from "./command.js"
import { outputFile, writeOutput } from "./output.js"
import { fileStamp } from "./print.js"

/** `llp report [--out report.html] [--force]`: the leaderboard, charts, frontier and answers as one self-contained page. */
export const report: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("report", args, { out: { type: "string" }, force: { type: "boolean" } })
    const ws = yield* Workspace.Workspace
    const now = new Date().toISOString()
    const file = yield* outputFile(str(values, "out"), values.force === true, { dir: path.join(ws.root, "exports"), base: `report-${fileStamp(now)}`, ext: "html" })
    yield* writeOutput(file, toHtml(yield* loadReport(now)))
  })
