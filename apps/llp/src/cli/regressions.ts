import * as Effect from "effect/Effect"
import { Store, promptDiffs, type Bot, type PromptScore, nounCount } from "@llp/core"
import { parse, requireArg, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { printJson, table } from "./print.js"

const USAGE = "llp regressions BOT_A BOT_B [--category KEY] [--json]"

/** A bot's counted score per prompt, with the prompt's title and maximum. */
export const countedScores = (bot: Bot, category: string | undefined) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const prompts = new Map((yield* store.listPrompts(category)).map((p) => [p.id, p]))
    const scored = yield* store.listScores(category === undefined ? { botId: bot.id } : { botId: bot.id, category })
    const out: Array<PromptScore> = []
    for (const s of scored) {
      const p = prompts.get(s.run.promptId)
      if (s.counted && p !== undefined) out.push({ promptId: p.id, category: p.category, title: p.title, max: p.points, points: s.score.points })
    }
    return out
  })

/** `llp regressions A B`: where B gained or lost points against A, prompt by prompt, biggest change first. */
export const regressions: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("regressions", args, { category: { type: "string" }, json: { type: "boolean" } })
    const store = yield* Store.Store
    const a = yield* store.findBot(requireArg(positionals[0], "two bots", USAGE))
    const b = yield* store.findBot(requireArg(positionals[1], "a second bot", USAGE))
    if (positionals.length > 2) return yield* usage(`regressions: compares two bots, got ${positionals.length}; usage: ${USAGE}`)
    const category = str(values, "category")
    if (category !== undefined) yield* store.getCategory(category)
    const diffs = promptDiffs(yield* countedScores(a, category), yield* countedScores(b, category))
    if (values.json === true) return printJson({ a: { id: a.id, name: a.name }, b: { id: b.id, name: b.name }, ...diffs })
    process.stdout.write(`${b.name} against ${a.name}: net ${diffs.net >= 0 ? "+" : ""}${diffs.net} points over ${nounCount(diffs.changed.length + diffs.unchanged, "prompt")} scored for both\n`)
    if (diffs.changed.length > 0) {
      process.stdout.write(
        table(
          ["CHANGE", "CATEGORY", "PROMPT", "A", "B", "OF"],
          diffs.changed.map((d) => [`${d.delta > 0 ? "+" : ""}${d.delta}`, d.category, d.title, d.a, d.b, d.max]),
          [0, 3, 4, 5]
        )
      )
    }
    const rest = [
      diffs.unchanged > 0 ? `${diffs.unchanged} unchanged` : "",
      diffs.onlyA > 0 ? `${diffs.onlyA} scored for ${a.name} only` : "",
      diffs.onlyB > 0 ? `${diffs.onlyB} scored for ${b.name} only` : ""
    ].filter((s) => s !== "")
    if (rest.length > 0) process.stdout.write(`${rest.join("; ")}\n`)
  })
