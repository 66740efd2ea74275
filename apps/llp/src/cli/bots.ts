import * as Effect from "effect/Effect"
import { Archive, botVotesNote, filesNote, Provider, Store, syncBots, updateBotAndFiles, type BotInput, type BotPatch, type Clearable, type LoadParams, type SamplingParams, nounCount } from "@llp/core"
import { bool, num, parse, requireArg, str, type Options } from "./args.js"
import { UsageError } from "./errors.js"
import { group, usage, type Run } from "./command.js"
import { fmt, printJson, table } from "./print.js"
import { sweepCommands } from "./sweep.js"

const PARAMS: Options = {
  ctx: { type: "string" },
  "gpu-layers": { type: "string" },
  "gpu-offload": { type: "string" },
  batch: { type: "string" },
  threads: { type: "string" },
  "flash-attn": { type: "string" },
  mmap: { type: "string" },
  mlock: { type: "string" },
  "keep-alive": { type: "string" },
  temp: { type: "string" },
  "top-k": { type: "string" },
  "top-p": { type: "string" },
  "min-p": { type: "string" },
  "repeat-penalty": { type: "string" },
  "frequency-penalty": { type: "string" },
  "presence-penalty": { type: "string" },
  "max-tokens": { type: "string" },
  notes: { type: "string" },
  name: { type: "string" },
  model: { type: "string" },
  provider: { type: "string" }
}

/** Drops the undefined fields, as exactOptionalPropertyTypes wants. */
const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }

const loadOf = (v: Record<string, unknown>): LoadParams =>
  defined({
    contextLength: num(v, "ctx", { int: true, min: 1 }),
    gpuLayers: num(v, "gpu-layers", { int: true, min: -1 }),
    gpuOffload: num(v, "gpu-offload", { min: 0, max: 1 }),
    batchSize: num(v, "batch", { int: true, min: 1 }),
    threads: num(v, "threads", { int: true, min: 1 }),
    flashAttention: bool(v, "flash-attn"),
    mmap: bool(v, "mmap"),
    mlock: bool(v, "mlock"),
    keepAlive: str(v, "keep-alive")
  })

/** `llp bots edit NAME --temp default`: the parameters to remove, so that the server's or the category's default applies. */
const LOAD_FLAGS: Record<string, keyof LoadParams> = {
  ctx: "contextLength",
  "gpu-layers": "gpuLayers",
  "gpu-offload": "gpuOffload",
  batch: "batchSize",
  threads: "threads",
  "flash-attn": "flashAttention",
  mmap: "mmap",
  mlock: "mlock",
  "keep-alive": "keepAlive"
}
const SAMPLING_FLAGS: Record<string, keyof SamplingParams> = {
  temp: "temperature",
  "top-k": "topK",
  "top-p": "topP",
  "min-p": "minP",
  "repeat-penalty": "repeatPenalty",
  "frequency-penalty": "frequencyPenalty",
  "presence-penalty": "presencePenalty",
  "max-tokens": "maxTokens"
}
const DEFAULT = "default"
const cleared = <A>(v: Record<string, unknown>, flags: Record<string, keyof A>): Clearable<A> =>
  Object.fromEntries(Object.entries(flags).filter(([flag]) => v[flag] === DEFAULT).map(([, field]) => [field, null])) as Clearable<A>
const withoutDefaults = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== DEFAULT))

const samplingOf = (v: Record<string, unknown>): SamplingParams =>
  defined({
    temperature: num(v, "temp", { min: 0, max: 2 }),
    topK: num(v, "top-k", { int: true, min: 0 }),
    topP: num(v, "top-p", { min: 0, max: 1 }),
    minP: num(v, "min-p", { min: 0, max: 1 }),
    repeatPenalty: num(v, "repeat-penalty", { min: 0, max: 5 }),
    frequencyPenalty: num(v, "frequency-penalty", { min: -2, max: 2 }),
    presencePenalty: num(v, "presence-penalty", { min: -2, max: 2 }),
    maxTokens: num(v, "max-tokens", { int: true, min: -1 })
  })

const list: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("bots list", args, { json: { type: "boolean" } })
    const store = yield* Store.Store
    const bots = yield* store.listBots()
    if (values.json) return printJson(bots)
    if (bots.length === 0) return void process.stdout.write("No bots yet. Add one with `llp bots add` or `llp bots sync`.\n")
    process.stdout.write(
      table(
        ["ID", "NAME", "PROVIDER", "MODEL", "CTX", "GPU", "TEMP", "NOTES"],
        bots.map((b) => [b.id, b.name, b.provider, b.model, b.load.contextLength ?? null, b.load.gpuLayers ?? null, fmt(b.sampling.temperature, 2), b.notes]),
        [0, 4, 5, 6]
      )
    )
  })

const search: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bots search", args, { json: { type: "boolean" } }, true)
    const query = requireArg(positionals.join(" "), "a query", "llp bots search QUERY")
    const hits = yield* (yield* Store.Store).searchBots(query)
    if (values.json) return printJson(hits.map((h) => ({ ...h.item, snippet: h.snippet, rank: h.rank })))
    if (hits.length === 0) return void process.stdout.write(`No bot matches "${query}".\n`)
    process.stdout.write(table(["ID", "NAME", "PROVIDER", "MODEL", "MATCH"], hits.map((h) => [h.item.id, h.item.name, h.item.provider, h.item.model, h.snippet]), [0]))
  })

const add: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bots add", args, { ...PARAMS, json: { type: "boolean" } })
    const usage = "llp bots add --name NAME --model ID [--provider NAME] [PARAMETERS]"
    const model = requireArg(str(values, "model") ?? positionals[0], "--model", usage)
    const input: BotInput = {
      name: str(values, "name") ?? model,
      provider: str(values, "provider") ?? "lmstudio",
      model,
      load: loadOf(values),
      sampling: samplingOf(values),
      notes: str(values, "notes") ?? ""
    }
    const store = yield* Store.Store
    yield* (yield* Provider.Providers).get(input.provider)
    const bot = yield* store.createBot(input)
    if (values.json) return printJson(bot)
    process.stdout.write(`Added bot ${bot.id} "${bot.name}" (${bot.provider}: ${bot.model}).\n`)
  })

const edit: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bots edit", args, { ...PARAMS, json: { type: "boolean" } })
    const target = requireArg(positionals[0], "the bot's name or id", "llp bots edit NAME [--name NEW] [PARAMETERS]")
    const store = yield* Store.Store
    const bot = yield* store.findBot(target)
    const load = { ...loadOf(withoutDefaults(values)), ...cleared<LoadParams>(values, LOAD_FLAGS) }
    const sampling = { ...samplingOf(withoutDefaults(values)), ...cleared<SamplingParams>(values, SAMPLING_FLAGS) }
    const patch: BotPatch = defined({
      name: str(values, "name"),
      provider: str(values, "provider"),
      model: str(values, "model"),
      notes: str(values, "notes"),
      load: Object.keys(load).length > 0 ? load : undefined,
      sampling: Object.keys(sampling).length > 0 ? sampling : undefined
    })
    if (Object.keys(patch).length === 0) return yield* usage("bots edit: nothing to change; give at least one of --name, --model, --provider or a parameter")
    if (patch.provider !== undefined) yield* (yield* Provider.Providers).get(patch.provider)
    // a new name takes the bot's files in llm_outputs/ along, or changes nothing when files are kept under it already
    const { bot: updated, files } = yield* updateBotAndFiles(bot.id, patch)
    if (values.json) printJson(updated)
    else process.stdout.write(`Updated bot ${updated.id} "${updated.name}"${files._tag === "Right" ? movedNote(files.right.length) : ""}.\n`)
    if (files._tag === "Left") {
      for (const m of files.left.moved) process.stderr.write(`moved ${m.from} -> ${m.to}\n`)
      return yield* Effect.fail({ _tag: "ArchiveMoveFailed", message: `its files in llm_outputs/ did not all move: ${files.left.message}` })
    }
    for (const m of files.right) process.stderr.write(`moved ${m.from} -> ${m.to}\n`)
  })

const movedNote = (n: number) => (n === 0 ? "" : `; moved its ${n === 1 ? "file" : `${n} files`} in llm_outputs/ to the new name`)

const rm: Run = (args) =>
  Effect.gen(function* () {
    const { positionals } = parse("bots rm", args, {})
    const target = requireArg(positionals[0], "the bot's name or id", "llp bots rm NAME")
    const store = yield* Store.Store
    const bot = yield* store.findBot(target)
    // the votes on its runs go too: say so, as for its runs and scores
    const what = `its runs and scores${botVotesNote(yield* store.listArenaVotes(), bot.id)}`
    yield* store.removeBot(bot.id)
    // the answers and score files go with the bot: a later bot of the same name would otherwise inherit them
    const archive = yield* Archive.Archive
    const removed = yield* Effect.either(archive.removeFiles(bot.name))
    if (removed._tag === "Left") {
      process.stdout.write(`Removed bot ${bot.id} "${bot.name}" with ${what}.\n`)
      return yield* Effect.fail({ _tag: "ArchiveError", message: `its files in llm_outputs/ were not removed: ${removed.left.message}` })
    }
    process.stdout.write(`Removed bot ${bot.id} "${bot.name}" with ${what}${filesNote(removed.right, archive.root)}.\n`)
    for (const f of removed.right) process.stderr.write(`removed ${f}\n`)
  })

const sync: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bots sync", args, { provider: { type: "string" }, json: { type: "boolean" } })
    if (positionals.length > 0) throw new UsageError(`bots sync: unexpected argument ${JSON.stringify(positionals[0])} (name the provider with --provider ${positionals[0]})`)
    const { provider, models, added, skipped } = yield* syncBots(str(values, "provider") ?? "lmstudio")
    if (values.json) return printJson({ provider, added, skippedEmbeddings: skipped, models })
    process.stdout.write(
      `${provider}: ${nounCount(models, "model")}; added ${nounCount(added.length, "bot")}${skipped > 0 ? `; skipped ${nounCount(skipped, "embedding model")}` : ""}.\n` +
        added.map((b) => `  + ${b.name}\n`).join("")
    )
  })

export const bots = group("bots", { list, search, add, edit, rm, sync, ...sweepCommands })
