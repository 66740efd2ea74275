import * as Effect from "effect/Effect"
import { Store, boardNote, boardOrder, compareBots, loadSamples, loadStatsBoard, nounCount, pairedText, promptInfo, signed, type BoardPlace, type PairedResult } from "@llp/core"
import { parse, requireArg, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { checkCategory } from "./choices.js"
import { printJson, table } from "./print.js"
import { BOARD_FLAGS, boardOptions } from "./scores.js"

const USE = "BOT_A BOT_B [--category KEY] [--regressions] [--json] [--all-params] [--resamples N] [--seed N]"

const resultJson = (r: PairedResult) => ({
  prompts: r.prompts,
  meanDifference: r.meanDifference,
  low: r.low,
  high: r.high,
  pValue: r.pValue,
  verdict: r.verdict,
  moreRepeats: r.moreRepeats
})

/** Both bots' ranks and total intervals on the leaderboard with intervals (null when one has no statistics). */
const boardPlaces = (a: number, b: number, options: { readonly allParams?: boolean; readonly resamples?: number; readonly seed?: number }) =>
  Effect.map(loadStatsBoard({ allParams: options.allParams === true, ...(options.resamples !== undefined ? { resamples: options.resamples } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) }), ({ rows }) => {
    const place = (id: number): BoardPlace | null => {
      const s = rows.find((r) => r.botId === id)?.stats
      return s === undefined ? null : { rank: s.rank, tied: s.tied, low: s.total.low, high: s.total.high }
    }
    const pa = place(a)
    const pb = place(b)
    return pa === null || pb === null ? null : { a: pa, b: pb }
  })

/** `llp compare A B`: is A really better than B? Per prompt both answered, and three paired verdicts. `name`: what the command was called. */
const compareAs = (name: string): Run => (args) =>
  Effect.gen(function* () {
    const use = `llp ${name} ${name === "regressions" ? USE.replace(" [--regressions]", "") : USE}`
    const { values, positionals } = parse(name, args, { json: { type: "boolean" }, category: { type: "string" }, regressions: { type: "boolean" }, ...BOARD_FLAGS })
    if (positionals.length > 2) return yield* usage(`${name}: compares two bots, got ${positionals.length}; usage: ${use}`)
    const store = yield* Store.Store
    const a = yield* store.findBot(requireArg(positionals[0], "two bots", use))
    const b = yield* store.findBot(requireArg(positionals[1], "a second bot", use))
    if (a.id === b.id) return yield* usage(`${name}: give two different bots, got ${a.name} twice`)
    const category = yield* checkCategory(str(values, "category"))
    const options = boardOptions(values)
    const prompts = yield* store.listPrompts()
    const info = promptInfo(prompts)
    const result = compareBots(yield* loadSamples(a.id, options.allParams), yield* loadSamples(b.id, options.allParams), info, {
      ...options,
      ...(category !== undefined ? { category } : {})
    })
    // the leaderboard's ranks of the two (whole suite only): compare says what they mean next to its verdict
    const places = category === undefined ? yield* boardPlaces(a.id, b.id, options) : null
    const byId = new Map(prompts.map((p) => [p.id, p]))
    const listed = result.prompts.map((d) => ({ ...d, prompt: byId.get(d.promptId)!.slug, title: byId.get(d.promptId)!.title }))
    // --regressions: the per-prompt gains and losses, biggest change first (issue 16's regression view)
    const rows = values.regressions === true ? [...listed].sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.category.localeCompare(y.category) || x.promptId - y.promptId) : listed
    if (values.json) {
      return printJson({
        a: { id: a.id, name: a.name },
        b: { id: b.id, name: b.name },
        category: category ?? null,
        allParams: options.allParams === true,
        points: resultJson(result.points),
        tokensPerSecond: resultJson(result.tokensPerSecond),
        ttftMs: resultJson(result.ttftMs),
        board: places === null ? null : { a: places.a, b: places.b, order: boardOrder(places.a, places.b) },
        prompts: rows
      })
    }
    const out: Array<string> = [`${a.name} (A) against ${b.name} (B)${category ? `, ${category} only` : ""}: A − B per prompt both answered`, ""]
    out.push(`points   ${pairedText(result.points)}`, `tok/s    ${pairedText(result.tokensPerSecond)}`, `TTFT ms  ${pairedText(result.ttftMs, 0)}`)
    if (places !== null) out.push(boardNote(places.a, places.b, result.points.verdict))
    out.push("")
    if (values.regressions === true && rows.length > 0) {
      const net = rows.reduce((sum, d) => sum + d.difference, 0)
      out.push(`net A − B: ${signed(net)} points over ${nounCount(rows.length, "prompt")}, biggest change first`, "")
    }
    if (rows.length > 0) {
      out.push(
        table(
          ["CATEGORY", "PROMPT", "OF", "A", "B", "A − B", "RUNS A/B", "FLAKY"],
          rows.map((d) => [d.category, d.title, d.points, d.a.toFixed(1), d.b.toFixed(1), signed(d.difference), `${d.repeatsA}/${d.repeatsB}`, [d.flakyA ? "A" : "", d.flakyB ? "B" : ""].filter(Boolean).join(" ") || ""]),
          [2, 3, 4, 5]
        )
      )
      out.push("Flaky: the scores of that bot's repeats spread over more than a third of the prompt's points.")
    } else out.push("No prompt has a score from both bots yet.")
    process.stdout.write(out.join("\n") + "\n")
  })

export const compare = compareAs("compare")

/** `llp regressions A B`: another name for `llp compare A B --regressions` (the same code and output). */
export const regressions: Run = (args, ws) => compareAs("regressions")([...args, "--regressions"], ws)
