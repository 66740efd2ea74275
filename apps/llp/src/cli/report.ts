import * as path from "node:path"
import * as Effect from "effect/Effect"
import { Workspace } from "@llp/core"
import { loadReport, toHtml } from "@llp/exporters"
import { writeAtomic } from "@llp/workspace"
import { parse, str } from "./args.js"
import type { Run } from "./command.js"

/** `llp report --out report.html`: the leaderboard, charts, frontier and answers as one self-contained page. */
export const report: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("report", args, { out: { type: "string" } })
    const ws = yield* Workspace.Workspace
    const now = new Date().toISOString()
    const file = path.resolve(str(values, "out") ?? path.join(ws.root, "exports", `report-${now.slice(0, 19).replace(/[:T]/g, "-")}.html`))
    const html = toHtml(yield* loadReport(now))
    yield* Effect.try({ try: () => writeAtomic(file, html), catch: (e) => ({ _tag: "WriteError", message: `cannot write ${file}: ${(e as Error).message}` }) })
    process.stdout.write(`${file}\n`)
  })
