import * as Effect from "effect/Effect"
import { Provider, Store, isSameSetup, sweepVariants, type Bot, nounCount } from "@llp/core"
import { commaList, numberList as numbers, parse, requireArg, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { printJson, table, warn } from "./print.js"

const USAGE = "llp bots sweep BASE [--temp X,Y] [--ctx N,M] [--gpu-layers N,M] [--model ID,ID] [--group NAME] [--json]"

/**
 * `llp bots sweep BASE --temp 0.1,0.5 --ctx 8192,32768`: one bot per combination, grouped as the
 * base's variants. Running it again adds none: a variant already in the group is kept as it is.
 */
export const sweep: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bots sweep", args, {
      temp: { type: "string" },
      ctx: { type: "string" },
      "gpu-layers": { type: "string" },
      model: { type: "string" },
      group: { type: "string" },
      json: { type: "boolean" }
    })
    const target = requireArg(positionals[0], "the base bot's name or id", USAGE)
    const axes = {
      temperatures: numbers(values, "temp", { min: 0, max: 2 }),
      contextLengths: numbers(values, "ctx", { int: true, min: 1 }),
      gpuLayers: numbers(values, "gpu-layers", { int: true, min: -1 }),
      models: str(values, "model") === undefined ? undefined : commaList(str(values, "model")!)
    }
    if (Object.values(axes).every((a) => a === undefined || a.length === 0)) return yield* usage(`bots sweep: give at least one of --temp, --ctx, --gpu-layers, --model; usage: ${USAGE}`)
    const store = yield* Store.Store
    const base = yield* store.findBot(target)
    yield* (yield* Provider.Providers).get(base.provider)
    const group = yield* store.ensureGroup(str(values, "group") ?? `${base.name} sweep`, base.id)
    const members = new Set(group.botIds)
    const created: Array<Bot> = []
    const kept: Array<Bot> = []
    const refused: Array<string> = []
    for (const variant of sweepVariants(base, axes)) {
      const existing = yield* Effect.either(store.findBot(variant.input.name))
      if (existing._tag === "Right") {
        // a bot of that name made by hand with other parameters is not taken over
        if (!members.has(existing.right.id) && !isSameSetup(existing.right, variant.input)) {
          refused.push(`${variant.input.name}: a bot of that name exists with other parameters (rename it or choose --group)`)
          continue
        }
        yield* store.addToGroup(group.id, existing.right.id)
        kept.push(existing.right)
        continue
      }
      const bot = yield* store.createBot(variant.input)
      yield* store.addToGroup(group.id, bot.id)
      created.push(bot)
    }
    const final = yield* store.findGroup(group.name)
    if (values.json === true) printJson({ group: final, base: { id: base.id, name: base.name }, created, kept: kept.map((b) => b.id), refused })
    else {
      process.stdout.write(`Group "${final.name}": ${nounCount(final.botIds.length, "variant")} of ${base.name}; ${created.length} added, ${kept.length} already there.\n`)
      if (created.length > 0) process.stdout.write(table(["ID", "NAME", "MODEL", "CTX", "GPU", "TEMP"], created.map((b) => [b.id, b.name, b.model, b.load.contextLength ?? null, b.load.gpuLayers ?? null, b.sampling.temperature ?? null]), [0, 3, 4, 5]))
      process.stdout.write(`Run them all: llp tournament --bots "${final.name}" --all\n`)
    }
    for (const r of refused) warn("bots sweep", r)
    return refused.length > 0 ? 1 : 0
  })

const groups: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("bots groups", args, { json: { type: "boolean" } })
    const store = yield* Store.Store
    const list = yield* store.listGroups()
    if (values.json === true) return printJson(list)
    if (list.length === 0) return void process.stdout.write("No groups yet. Make one with `llp bots sweep`.\n")
    const names = new Map((yield* store.listBots()).map((b) => [b.id, b.name]))
    process.stdout.write(table(["ID", "GROUP", "BASE", "BOTS"], list.map((g) => [g.id, g.name, g.baseBotId === null ? null : (names.get(g.baseBotId) ?? null), g.botIds.length]), [0, 3]))
  })

export const sweepCommands = { sweep, groups }
