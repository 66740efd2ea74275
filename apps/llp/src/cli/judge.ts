import * as Effect from "effect/Effect"
import {
  judgePairs,
  judgeRecord,
  judgeRuns,
  nounCount,
  signed,
  Store,
  Workspace,
  type JudgeEvent,
  type PairEvent
} from "@llp/core"
import { parse, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { pickCategories } from "./choices.js"
import { clock, fmt, jsonLine, printJson, table, warn } from "./print.js"
import { resolveBots } from "./selection.js"

const USE = "llp judge [--judge BOT] --bots A,B (--category KEY … | --all) [--rerun] [--pairwise] [--json]"

/** The judge bot: --judge, else `judge` in llp.config.json. */
const judgeBot = (flag: string | undefined) =>
  Effect.gen(function* () {
    const ws = yield* Workspace.Workspace
    const name = flag ?? ws.config.judge
    if (name === undefined) return yield* usage(`say which bot judges: --judge BOT, or "judge": "BOT" in llp.config.json; usage: ${USE}`)
    return yield* (yield* Store.Store).findBot(name)
  })

/** Progress on stderr like a tournament's: a bar with done/total and an ETA on a terminal, a line per run otherwise. */
const judgeProgress = (json: boolean) => {
  const tty = process.stderr.isTTY === true
  const started = Date.now()
  const say = (text: string) => process.stderr.write(`${tty ? "\r\x1b[2K" : ""}${text}\n`)
  return (e: JudgeEvent) => {
    switch (e.type) {
      case "plan":
        for (const f of e.family) say(`warning: the judge and ${f.bot.name} share a model family (${f.reasons.join(", ")}): judges tend to favour their own family`)
        say(`judge: ${nounCount(e.total, "run")} to judge${e.skipped > 0 ? `, ${e.skipped} already judged (skipped; --rerun to judge them again)` : ""}${e.unrun > 0 ? `, ${nounCount(e.unrun, "prompt")} without a complete run` : ""}`)
        return
      case "waiting":
        say(`  … the judge's server is not answering (${e.error.reason}); retrying in ${clock(e.retryInMs)} (waited ${clock(e.waitedMs)})`)
        return
      case "attempt-failed":
        say(`  … ${e.target.prompt.category}/${e.target.prompt.title}: answer ${e.attempt} did not parse (${e.error})${e.attempt === 1 ? "; asking once more" : ""}`)
        return
      case "judge-end": {
        const s = e.score
        if (json) jsonLine({ type: "judged", runId: e.target.run.id, bot: e.target.bot.name, category: e.target.prompt.category, prompt: e.target.prompt.slug, status: s?.status ?? "error", points: s?.points ?? null, maxPoints: s?.maxPoints ?? null, error: e.error ?? s?.error ?? null })
        const what = `${e.index}/${e.total} ${e.target.bot.name} • ${e.target.prompt.category}/${e.target.prompt.title}`
        const elapsed = Date.now() - started
        const eta = clock((elapsed / e.index) * (e.total - e.index))
        if (e.error !== null) say(`  ✗ ${what}: ${e.error}`)
        else if (s?.status === "failed") say(`  ✗ ${what}: judge failure (${s.error})`)
        else if (tty) process.stderr.write(`\r\x1b[2K[${"█".repeat(Math.round((e.index / e.total) * 20)).padEnd(20, "░")}] ${what} • ${s?.points}/${s?.maxPoints} • ETA ${eta}`)
        else say(`  ✓ ${what}: ${s?.points} of ${s?.maxPoints}`)
        return
      }
      default:
        return
    }
  }
}

const pairProgress = (json: boolean) => (e: PairEvent) => {
  if (e.type === "plan") process.stderr.write(`judge --pairwise: ${nounCount(e.total, "comparison")}, each asked in both orders${e.skipped > 0 ? `, ${e.skipped} already compared (skipped)` : ""}\n`)
  else {
    if (json) jsonLine({ type: "pair", prompt: e.target.prompt.slug, a: e.target.a.bot.name, b: e.target.b.bot.name, runA: e.target.a.run.id, runB: e.target.b.run.id, outcome: e.pair?.outcome ?? null, consistent: e.pair?.consistent ?? null, error: e.error })
    const winner = e.pair === null ? `✗ ${e.error}` : e.pair.outcome === "tie" ? `tie${e.pair.consistent ? "" : " (the verdict flipped when swapped)"}` : `${e.pair.outcome === "a" ? e.target.a.bot.name : e.target.b.bot.name} wins`
    process.stderr.write(`  ${e.index}/${e.total} ${e.target.prompt.category}/${e.target.prompt.title}: ${e.target.a.bot.name} vs ${e.target.b.bot.name}: ${winner}\n`)
  }
}

const judgeCommand: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("judge", args, {
      judge: { type: "string" },
      bots: { type: "string" },
      category: { type: "string", multiple: true },
      all: { type: "boolean" },
      rerun: { type: "boolean" },
      pairwise: { type: "boolean" },
      json: { type: "boolean" }
    })
    const botList = str(values, "bots")
    if (botList === undefined) return yield* usage(`judge: missing --bots; usage: ${USE}`)
    const categories = yield* pickCategories(values)
    if (categories === undefined) return yield* usage(`judge: say which prompts: --category KEY (repeatable) or --all; usage: ${USE}`)
    const ws = yield* Workspace.Workspace
    const judge = yield* judgeBot(str(values, "judge"))
    // bots by name or a group's (a sweep's variants), as llp tournament takes them
    const bots = yield* resolveBots(botList)
    const json = values.json === true
    if (values.pairwise === true) {
      if (bots.length < 2) return yield* usage("judge --pairwise: name at least two bots in --bots")
      const s = yield* judgePairs({ judge, bots, categories, rerun: values.rerun === true, timeouts: ws.config.timeouts, onEvent: pairProgress(json) })
      const rate = s.compared === 0 ? null : s.consistent / s.compared
      if (json) jsonLine({ type: "summary", ...s, swapConsistency: rate })
      process.stderr.write(
        `\n${judge.name}: ${s.compared} compared, swap consistency ${rate === null ? "—" : `${(rate * 100).toFixed(1)} %`} (${s.compared - s.consistent} flipped, counted as ties), ${s.failed} judge failure(s), ${s.errors} server error(s) in ${clock(s.ms)}\n`
      )
      return s.failed + s.errors > 0 ? 1 : 0
    }
    const s = yield* judgeRuns({ judge, bots, categories, rerun: values.rerun === true, timeouts: ws.config.timeouts, retryForMs: ws.config.retryForMs, onEvent: judgeProgress(json) })
    if (json) jsonLine({ type: "summary", ...s })
    process.stderr.write(
      `\n${table(["JUDGE", "PLANNED", "SCORED", "FAILED", "ERRORS", "SKIPPED", "TIME", "LAST ERROR"], [[s.judge, s.planned, s.scored, s.failed, s.errors, s.skipped, clock(s.ms), s.lastError ?? ""]], [1, 2, 3, 4, 5])}`
    )
    if (s.stopped !== null) {
      warn("judge", `judging stopped: ${s.stopped}. Run the same command again to resume; nothing saved was lost.`)
      return 1
    }
    return s.failed + s.errors > 0 ? 1 : 0
  })

const agreementCommand: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("judge agreement", args, { judge: { type: "string" }, json: { type: "boolean" } })
    const store = yield* Store.Store
    const judge = yield* judgeBot(str(values, "judge"))
    const [judged, scores, prompts, pairs] = yield* Effect.all([store.listJudgeScores({ judgeBotId: judge.id }), store.listScores(), store.listPrompts(), store.listJudgePairs({ judgeBotId: judge.id })])
    const a = judgeRecord(judge.name, judged, scores, prompts, pairs)
    if (values.json === true) return printJson(a)
    const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`)
    process.stdout.write(
      table(
        ["FIGURE", "VALUE"],
        [
          ["runs judged", `${a.judged} (${nounCount(a.failures, "judge failure")}, ${pct(a.failureRate)})`],
          ["runs with a manual score too", a.runs],
          ["agreement within 10 % of the points", pct(a.within10)],
          ["Spearman correlation", fmt(a.spearman, 3)],
          ["Cohen's κ, met / not met", a.kappa === null ? "— (no manual per-item verdicts)" : `${a.kappa.toFixed(3)} over ${nounCount(a.kappaItems, "item")}`],
          ["mean signed difference (judge − you)", a.meanSignedDiff === null ? "—" : `${signed(a.meanSignedDiff, 2)} points (${pct(a.meanSignedDiffShare)} of a prompt)`],
          ["swap consistency (pairwise)", a.swapConsistency === null ? "— (no pairwise verdicts)" : `${pct(a.swapConsistency)} of ${a.swapPairs}`]
        ]
      )
    )
    if (a.acceptedLeftOut > 0) process.stdout.write(`${nounCount(a.acceptedLeftOut, "manual score")} that are this judge's accepted suggestions were left out.\n`)
  })

/** A judge's suggestions, oldest run first. */
const listCommand: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("judge list", args, { judge: { type: "string" }, bot: { type: "string" }, category: { type: "string" }, json: { type: "boolean" } })
    const store = yield* Store.Store
    const judgeName = str(values, "judge")
    const judgeId = judgeName === undefined ? undefined : (yield* store.findBot(judgeName)).id
    const botName = str(values, "bot")
    const botId = botName === undefined ? undefined : (yield* store.findBot(botName)).id
    const category = str(values, "category")
    const scores = yield* store.listJudgeScores({ ...(judgeId !== undefined ? { judgeBotId: judgeId } : {}), ...(botId !== undefined ? { botId } : {}), ...(category !== undefined ? { category } : {}) })
    if (values.json === true) return printJson(scores)
    if (scores.length === 0) return void process.stdout.write("No judge suggestions yet. Run `llp judge --judge BOT --bots … --all`.\n")
    const bots = new Map((yield* store.listBots()).map((b) => [b.id, b.name]))
    process.stdout.write(
      table(
        ["RUN", "BOT", "CATEGORY", "PROMPT", "JUDGE", "STATUS", "POINTS", "OF"],
        scores.map((s) => [s.runId, bots.get(s.botId) ?? String(s.botId), s.category, s.promptId, s.judge, s.status, s.points, `${s.maxPoints}${s.partial ? " (part)" : ""}`]),
        [0, 3, 6]
      )
    )
  })

export const judge: Run = (args, ws) =>
  args[0] === "agreement" ? agreementCommand(args.slice(1), ws) : args[0] === "list" ? listCommand(args.slice(1), ws) : judgeCommand(args, ws)
