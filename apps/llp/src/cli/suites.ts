import * as fs from "node:fs"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { formatSuite, Store, suitePoints } from "@llp/core"
import { readSuiteDir, readSuiteFile, writeAtomic } from "@llp/workspace"
import { bundledSuitesDir } from "../context.js"
import { parse, requireArg } from "./args.js"
import { group, usage, type Run } from "./command.js"
import { checkCategory } from "./choices.js"
import { printJson, table, warn } from "./print.js"

const categoriesList: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("categories list", args, { json: { type: "boolean" } })
    const store = yield* Store.Store
    const categories = yield* store.listCategories()
    const prompts = yield* store.listPrompts()
    const rows = categories.map((c) => {
      const own = prompts.filter((p) => p.category === c.key)
      return { ...c, prompts: own.length, points: own.reduce((s, p) => s + p.points, 0) }
    })
    if (values.json) return printJson(rows)
    const total = rows.reduce((s, r) => s + r.points, 0)
    process.stdout.write(
      table(["ORDER", "KEY", "TITLE", "PROMPTS", "POINTS", "TEMP"], [...rows.map((r) => [r.order, r.key, r.title, r.prompts, r.points, r.temperature]), ["", "", "total", rows.reduce((s, r) => s + r.prompts, 0), total, ""]], [0, 3, 4, 5])
    )
  })

const promptsList: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("prompts list", args, { json: { type: "boolean" }, category: { type: "string" } })
    const store = yield* Store.Store
    const category = yield* checkCategory(values.category as string | undefined)
    const prompts = yield* store.listPrompts(category)
    if (values.json) return printJson(prompts)
    process.stdout.write(table(["ID", "CATEGORY", "#", "TITLE", "POINTS", "TEMP"], prompts.map((p) => [p.id, p.category, p.order, p.title, p.points, p.temperature ?? ""]), [0, 2, 4]))
  })

const promptsShow: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("prompts show", args, { json: { type: "boolean" } })
    const id = Number(requireArg(positionals[0], "a prompt id", "llp prompts show ID"))
    if (!Number.isInteger(id)) return yield* usage(`prompts show: "${positionals[0]}" is not a prompt id (a number; see llp prompts list)`)
    const prompt = yield* (yield* Store.Store).getPrompt(id)
    if (values.json) return printJson(prompt)
    process.stdout.write(
      `# ${prompt.title}  (${prompt.category}, ${prompt.points} points${prompt.temperature !== undefined ? `, temperature ${prompt.temperature}` : ""})\n\n${prompt.text}\n\nRubric:\n${prompt.rubric.map((r) => `- [${r.points}] ${r.text}`).join("\n")}\n`
    )
  })

const promptsSearch: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("prompts search", args, { json: { type: "boolean" } }, true)
    const query = requireArg(positionals.join(" "), "a query", "llp prompts search QUERY")
    const hits = yield* (yield* Store.Store).searchPrompts(query)
    if (values.json) return printJson(hits.map((h) => ({ ...h.item, snippet: h.snippet, rank: h.rank })))
    if (hits.length === 0) return void process.stdout.write(`No prompt matches "${query}".\n`)
    process.stdout.write(table(["ID", "CATEGORY", "TITLE", "MATCH"], hits.map((h) => [h.item.id, h.item.category, h.item.title, h.snippet]), [0]))
  })

const suitesLoad: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("suites load", args, { json: { type: "boolean" } })
    const target = positionals[0] ?? bundledSuitesDir()
    const isFile = fs.existsSync(target) && fs.statSync(target).isFile()
    const { suites, errors } = isFile
      ? Either.match(readSuiteFile(target), { onLeft: (e) => ({ suites: [], errors: [e] }), onRight: (s) => ({ suites: [s], errors: [] }) })
      : readSuiteDir(target)
    const store = yield* Store.Store
    const reports = []
    for (const suite of suites) reports.push({ ...(yield* store.loadSuite(suite)), points: suitePoints(suite) })
    if (values.json) printJson({ loaded: reports, errors: errors.map((e) => ({ file: e.file, line: e.line, reason: e.reason })) })
    else {
      for (const r of reports) {
        process.stdout.write(`${r.category}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged${r.keptEdited > 0 ? `, ${r.keptEdited} edited in LLP and kept` : ""}\n`)
      }
      for (const e of errors) warn("suites load", e.message)
    }
    return errors.length > 0 ? 1 : 0
  })

const suitesExport: Run = (args) =>
  Effect.gen(function* () {
    const { positionals } = parse("suites export", args, {})
    const dir = path.resolve(requireArg(positionals[0], "a folder", "llp suites export DIR"))
    const store = yield* Store.Store
    const categories = yield* store.listCategories()
    for (const c of categories) {
      const suite = yield* store.exportSuite(c.key)
      const file = path.join(dir, `${c.key}.md`)
      yield* Effect.try(() => writeAtomic(file, formatSuite(suite)))
      process.stdout.write(`${file}\n`)
    }
  })

export const categories = group("categories", { list: categoriesList })
export const prompts = group("prompts", { list: promptsList, show: promptsShow, search: promptsSearch })
export const suites = group("suites", { load: suitesLoad, export: suitesExport })
