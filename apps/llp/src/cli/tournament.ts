import * as Effect from "effect/Effect"
import { clock, jsonLine } from "./print.js"
import { Archive, Store, tournament as runTournament, Workspace, type TournamentEvent, nounCount } from "@llp/core"
import { enqueueTournament, retryFailed, tournamentStatus } from "./distributed.js"
import { requirePostgres } from "./queue.js"
import { resolveBots, saveAnswer } from "./selection.js"
import { num, parse, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { table } from "./print.js"

/** One JSON document per line, for scripts that read the stream as it comes. */
/** Progress for people on stderr: a bar with the bot, the prompt, runs done/total, live tok/s and an ETA. */
const progressPrinter = (json: boolean) => {
  const tty = process.stderr.isTTY === true
  const started = Date.now()
  let done = 0
  let total = 0
  let lastDraw = 0
  const line = (text: string) => (tty ? process.stderr.write(`\r\x1b[2K${text}`) : undefined)
  const say = (text: string) => process.stderr.write(`${tty ? "\r\x1b[2K" : ""}${text}\n`)
  return (e: TournamentEvent) => {
    switch (e.type) {
      case "plan":
        total = e.total
        say(`tournament: ${nounCount(e.total, "run")} to do${e.skipped > 0 ? `, ${e.skipped} already complete (skipped; --rerun to run them again)` : ""}`)
        return
      case "bot-start":
        say(`▶ ${e.bot.name} (${e.bot.provider}: ${e.bot.model}) — ${nounCount(e.runs, "run")}`)
        return
      case "load":
        say(e.report ? `  loaded${e.report.loadMs !== undefined ? ` in ${(e.report.loadMs / 1000).toFixed(1)}s` : ""}${e.report.ignored.length > 0 ? ` (not settable here: ${e.report.ignored.join(", ")})` : ""}` : `  ${e.note}`)
        return
      case "warm-up":
        say(`  warm-up ${(e.ms / 1000).toFixed(1)}s (not counted)`)
        return
      case "progress": {
        const now = Date.now()
        if (!tty || now - lastDraw < 100) return
        lastDraw = now
        const width = 20
        const filled = total === 0 ? width : Math.round((done / total) * width)
        const elapsed = now - started
        const eta = done > 0 ? clock((elapsed / done) * (total - done)) : "?"
        const speed = e.snapshot.tokensPerSecond === null ? "…" : `${e.snapshot.tokensPerSecond.toFixed(1)} tok/s`
        line(`[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} • ${e.bot.name} • ${e.prompt.title.slice(0, 40)} • ${speed} • ETA ${eta}`)
        return
      }
      case "run-end": {
        done++
        const r = e.run
        if (json) jsonLine({ type: "run", runId: r.id, bot: e.bot.name, category: e.prompt.category, prompt: e.prompt.slug, promptId: e.prompt.id, status: r.status, tokensPerSecond: r.tokensPerSecond, ttftMs: r.ttftMs, completionTokens: r.completionTokens, error: e.error?.message ?? null })
        if (e.error) say(`  ✗ ${e.prompt.category}/${e.prompt.title}: ${e.error.message}`)
        else if (!tty) say(`  ✓ ${done}/${total} ${e.prompt.category}/${e.prompt.title} • ${r.tokensPerSecond?.toFixed(1) ?? "?"} tok/s`)
        return
      }
      case "waiting":
        say(`  … ${e.bot.provider} is not answering (${e.error.reason}); retrying in ${clock(e.retryInMs)} (waited ${clock(e.waitedMs)})`)
        return
      case "bot-end":
        if (e.summary.planned > 0) say(`■ ${e.bot.name}: ${e.summary.complete} complete, ${e.summary.failed} failed in ${clock(e.summary.ms)}`)
        return
      default:
        return
    }
  }
}

export const tournament: Run = (args, opened) =>
  Effect.gen(function* () {
    const { values } = parse("tournament", args, {
      bots: { type: "string" },
      category: { type: "string", multiple: true },
      all: { type: "boolean" },
      rerun: { type: "boolean" },
      repeat: { type: "string" },
      json: { type: "boolean" },
      distributed: { type: "boolean" },
      name: { type: "string" },
      wait: { type: "boolean" },
      status: { type: "boolean" },
      "retry-failed": { type: "boolean" }
    })
    const use = "llp tournament --bots A,B,C (--category KEY … | --all) [--rerun] [--repeat N] [--distributed [--name NAME] [--wait]] [--json]; llp tournament --status | --retry-failed [--name NAME]"
    if (values.status === true) return yield* tournamentStatus(opened, str(values, "name"), values.json === true)
    if (values["retry-failed"] === true) return yield* retryFailed(opened, str(values, "name"), values.json === true)
    if (values.distributed === true) yield* requirePostgres(opened, "llp tournament --distributed")
    const botList = str(values, "bots")
    if (botList === undefined) return yield* usage(`missing --bots; usage: ${use}`)
    const picked = (values.category as Array<string> | undefined) ?? []
    if (picked.length === 0 && values.all !== true) return yield* usage(`say which prompts: --category KEY (repeatable) or --all; usage: ${use}`)
    const store = yield* Store.Store
    const ws = yield* Workspace.Workspace
    const archive = yield* Archive.Archive
    const unique = yield* resolveBots(botList)
    const categories = values.all === true ? (yield* store.listCategories()).map((c) => c.key) : picked.flatMap((c) => c.split(","))
    const json = values.json === true
    const repeat = num(values, "repeat", { int: true, min: 1 }) ?? 1
    if (values.distributed === true) {
      return yield* enqueueTournament(opened, { bots: unique, categories, rerun: values.rerun === true, repeat, name: str(values, "name"), wait: values.wait === true, json })
    }
    if (values.wait === true || values.name !== undefined) return yield* usage(`--wait and --name go with --distributed; usage: ${use}`)
    const summary = yield* runTournament({
      bots: unique,
      categories,
      rerun: values.rerun === true,
      repeat,
      timeouts: ws.config.timeouts,
      retryForMs: ws.config.retryForMs,
      onEvent: progressPrinter(json),
      onSaved: saveAnswer(archive, store)
    })
    const rows = summary.bots.map((b) => [b.bot, b.planned, b.complete, b.failed, b.skippedExisting, clock(b.ms), b.errors.length === 0 ? "" : b.errors[b.errors.length - 1]!])
    if (json) jsonLine({ type: "summary", ...summary })
    process.stderr.write(`\n${table(["BOT", "PLANNED", "COMPLETE", "FAILED", "SKIPPED", "TIME", "LAST ERROR"], rows, [1, 2, 3, 4])}total time ${clock(summary.ms)}\n`)
    if (summary.stopped !== null) {
      process.stderr.write(`llp: tournament stopped: ${summary.stopped}. Run the same command again to resume; nothing saved was lost.\n`)
      return 1
    }
    return summary.bots.some((b) => b.failed > 0) ? 1 : 0
  })
