import * as Effect from "effect/Effect"
import {
  Archive,
  archiveEntry,
  conduct,
  gpuLine,
  inert,
  inertLine,
  joulesPerToken,
  manifestLine,
  phasesLine,
  Provider,
  speedLine,
  Store,
  Workspace,
  type Run as RunRow,
  type RunStatus
} from "@llp/core"
import { num, parse, requireArg, str } from "./args.js"
import { group, usage, type Run } from "./command.js"
import { dateTime, fmt, printJson, table, warn } from "./print.js"

const models: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("models", args, { provider: { type: "string" }, json: { type: "boolean" } })
    const registry = yield* Provider.Providers
    const names = str(values, "provider") !== undefined ? [str(values, "provider")!] : registry.list().filter((p) => p.kind !== "demo" || p.configured).map((p) => p.name)
    const out = []
    let failures = 0
    for (const name of names) {
      const got = yield* Effect.either(registry.get(name))
      if (got._tag === "Left" && names.length === 1) return yield* Effect.fail(got.left)
      const result = got._tag === "Left" ? got : yield* Effect.either(got.right.listModels())
      const baseUrl = registry.list().find((p) => p.name === name)?.baseUrl ?? ""
      if (result._tag === "Left") {
        failures++
        // one dead server among several is a normal condition: report it and go on
        if (names.length === 1) return yield* Effect.fail(result.left)
        out.push({ provider: name, baseUrl, error: result.left.message, models: [] })
        continue
      }
      out.push({ provider: name, baseUrl, models: result.right })
    }
    if (values.json) {
      printJson(out)
      return failures === names.length ? 1 : 0
    }
    for (const p of out) {
      process.stdout.write(`${p.provider} (${p.baseUrl})${"error" in p ? `: ${p.error}` : ""}\n`)
      if (p.models.length > 0) {
        process.stdout.write(
          table(
            ["MODEL", "TYPE", "ARCH", "QUANT", "CTX", "LOADED"],
            p.models.map((m) => [m.id, m.type, m.meta.arch ?? null, m.meta.quantization ?? null, m.meta.maxContext ?? null, m.loaded === undefined ? null : m.loaded ? "yes" : "no"]),
            [4]
          ).replace(/^(?=.)/gm, "  ")
        )
      }
    }
    return failures === names.length ? 1 : 0
  })


/** Sends one prompt to one bot: the answer on stdout, live speed on stderr, the run id at the end. */
const run: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("run", args, { bot: { type: "string" }, prompt: { type: "string" }, "no-save": { type: "boolean" }, json: { type: "boolean" } })
    const use = "llp run --bot NAME --prompt ID [--no-save] [--json]"
    const botName = requireArg(str(values, "bot"), "--bot", use)
    const promptId = num(values, "prompt", { int: true, min: 1 })
    if (promptId === undefined) return yield* usage(`missing --prompt; usage: ${use}`)
    const store = yield* Store.Store
    const ws = yield* Workspace.Workspace
    const bot = yield* store.findBot(botName)
    const prompt = yield* store.getPrompt(promptId)
    const category = yield* store.getCategory(prompt.category)
    const persist = values["no-save"] !== true
    const json = values.json === true
    const tty = process.stdout.isTTY === true
    const live = process.stderr.isTTY === true && !json
    let printed = 0
    const result = yield* conduct({
      bot,
      prompt,
      category,
      timeouts: ws.config.timeouts,
      persist,
      progressMs: 100,
      onProgress: (s) => {
        if (!json && s.output.length > printed) {
          const text = s.output.slice(printed)
          printed = s.output.length
          if (live) process.stderr.write("\r\x1b[2K")
          process.stdout.write(tty ? inert(text) : text)
        }
        if (live && s.status === "streaming") {
          const speed = s.tokensPerSecond === null ? "" : ` • ${s.tokensPerSecond.toFixed(1)} tok/s`
          const ttft = s.ttftMs === null ? " • waiting for the first token" : ` • ${(s.ttftMs / 1000).toFixed(2)}s to first token`
          process.stderr.write(`\n\x1b[2m${s.chunks} tokens${speed}${ttft} • ${(s.elapsedMs / 1000).toFixed(1)}s\x1b[0m\x1b[1A\r`)
        }
      }
    })
    if (live) process.stderr.write("\n\x1b[2K")
    const r = result.run
    // the provider could not even be reached for: no run was made
    if (persist && r.id === 0 && result.error !== null) return yield* Effect.fail(result.error)
    let archived: ReadonlyArray<string> = []
    if (persist && r.status === "complete") archived = yield* (yield* Archive.Archive).save(archiveEntry(r, bot, prompt))
    if (json) printJson({ ...r, archived, modelMismatch: result.modelMismatch })
    else {
      if (r.output !== "" && !r.output.endsWith("\n")) process.stdout.write("\n")
      // a run that failed before any text has no speed to tell
      if (r.output !== "" || r.reasoning !== "") process.stderr.write(`${speedLine(r)}${r.demo ? " • DEMO provider" : ""}\n`)
      if (result.modelMismatch) process.stderr.write(`llp: note: asked for ${bot.model}, but ${r.answeredModel} answered (the server ignores the model when one is loaded); the run records ${r.answeredModel}\n`)
      for (const f of archived) process.stderr.write(`saved ${f}\n`)
      process.stderr.write(persist ? `run ${r.id} (${r.status})\n` : `not saved (--no-save)\n`)
    }
    if (result.error !== null) {
      if (!json) warn("run", `${result.error.message} — ${result.error.hint}`)
      return 1
    }
    return r.status === "complete" ? 0 : 1
  })

const runRow = (r: RunRow) => [r.id, r.botId, r.promptId, r.status + (r.demo ? " (demo)" : ""), fmt(r.tokensPerSecond), r.ttftMs === null ? null : (r.ttftMs / 1000).toFixed(2), r.completionTokens, dateTime(r.startedAt)]

const runsList: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("runs list", args, { bot: { type: "string" }, category: { type: "string" }, status: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } })
    const store = yield* Store.Store
    const botName = str(values, "bot")
    const bot = botName === undefined ? undefined : yield* store.findBot(botName)
    const statusValue = str(values, "status")
    if (statusValue !== undefined && !["streaming", "complete", "cancelled", "failed"].includes(statusValue)) {
      return yield* usage(`runs list: --status must be streaming, complete, cancelled or failed, got "${statusValue}"`)
    }
    const runs = yield* store.listRuns({
      ...(bot ? { botId: bot.id } : {}),
      ...(str(values, "category") !== undefined ? { category: str(values, "category")! } : {}),
      ...(statusValue !== undefined ? { status: statusValue as RunStatus } : {}),
      limit: num(values, "limit", { int: true, min: 1 }) ?? 50
    })
    if (values.json) return printJson(runs.map(({ output, reasoning, ...rest }) => ({ ...rest, outputChars: output.length, reasoningChars: reasoning.length })))
    process.stdout.write(table(["RUN", "BOT", "PROMPT", "STATUS", "TOK/S", "TTFT S", "TOKENS", "STARTED"], runs.map(runRow), [0, 1, 2, 4, 5, 6]))
  })

const runsShow: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("runs show", args, { json: { type: "boolean" } })
    const id = Number(requireArg(positionals[0], "a run id", "llp runs show ID"))
    if (!Number.isInteger(id)) return yield* usage(`runs show: "${positionals[0]}" is not a run id`)
    const store = yield* Store.Store
    const r = yield* store.getRun(id)
    if (values.json) return printJson({ ...r, energyJPerToken: joulesPerToken(r) })
    const bot = yield* store.getBot(r.botId)
    const prompt = yield* store.getPrompt(r.promptId)
    const machine = r.machineId === null || r.machineId === undefined ? null : yield* Effect.orElseSucceed(store.getMachine(r.machineId), () => null)
    const out = process.stdout.isTTY ? inert(r.output) : r.output
    const extra = [phasesLine(r), gpuLine(r), manifestLine(r, machine), sentLine(r)].filter((l) => l !== "").map((l) => `${inertLine(l)}\n`).join("")
    process.stdout.write(
      `run ${r.id} • ${bot.name} • ${prompt.category}/${prompt.title} • ${r.status}${r.demo ? " (demo)" : ""}\n${speedLine(r)}\n${extra}${r.error ? `error: ${r.error}\n` : ""}\n${out}\n`
    )
  })

/**
 * The parameters exactly as sent: the run's `sentParams` where the run records them (issue 12), else the
 * wire body without the messages (which are the prompt).
 */
const sentLine = (run: RunRow): string => {
  const recorded = run.sentParams
  if (recorded !== undefined && recorded !== null) return `sent ${JSON.stringify(recorded)}`
  const request = run.request
  const wire = typeof request === "object" && request !== null ? (request as { wire?: unknown }).wire : undefined
  if (typeof wire !== "object" || wire === null) return ""
  const { messages: _m, input: _i, prompt: _p, system_prompt: _s, ...params } = wire as Record<string, unknown>
  return `sent ${JSON.stringify(params)}`
}

/** Writes a saved run's answer to llm_outputs/; a partial answer replaces a complete one only with --force. */
const runsSave: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("runs save", args, { force: { type: "boolean" }, json: { type: "boolean" } })
    const id = Number(requireArg(positionals[0], "a run id", "llp runs save ID [--force]"))
    if (!Number.isInteger(id) || id < 1) return yield* usage(`runs save: "${positionals[0]}" is not a run id (see llp runs list)`)
    const store = yield* Store.Store
    const r = yield* store.getRun(id)
    if (r.status === "streaming") return yield* usage(`runs save: run ${id} is still streaming (or its process was killed); nothing final to save`)
    const [bot, prompt] = [yield* store.getBot(r.botId), yield* store.getPrompt(r.promptId)]
    const archived = yield* (yield* Archive.Archive)
      .save(archiveEntry(r, bot, prompt), { force: values.force === true })
      .pipe(Effect.catchTag("ArchiveKeepsComplete", (e) => Effect.fail({ _tag: "ArchiveKeepsComplete", message: `${e.message} (add --force to replace it)` })))
    if (values.json) return printJson({ runId: id, status: r.status, archived })
    for (const f of archived) process.stdout.write(`${f}\n`)
  })

const search: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("search", args, { json: { type: "boolean" }, limit: { type: "string" } }, true)
    const query = requireArg(positionals.join(" "), "a query", "llp search QUERY")
    const hits = yield* (yield* Store.Store).searchOutputs(query, num(values, "limit", { int: true, min: 1 }) ?? 20)
    if (values.json) return printJson(hits)
    if (hits.length === 0) return void process.stdout.write(`No answer matches "${query}".\n`)
    process.stdout.write(table(["RUN", "BOT", "PROMPT", "MATCH"], hits.map((h) => [h.runId, h.bot, `${h.category}/${h.promptTitle}`, h.snippet]), [0]))
  })

export const runsCommands = { models, run, search, runs: group("runs", { list: runsList, show: runsShow, save: runsSave }) }
