import * as Effect from "effect/Effect"
import { benchBot, benchLabel, formatMeanSd, MachineInfo, machineSummary, Provider, Store, Workspace, type BenchResult, type Bot } from "@llp/core"
import { num, numberList, parse, requireArg } from "./args.js"
import type { Run } from "./command.js"
import { dateTime, printJson, table } from "./print.js"

const USE = "llp bench BOT [--pp 512] [--tg 128] [--depth 0,4096] [--repeat 5] [--json] | llp bench BOT --history [--json]"

const SOURCES = "server: the server's own timings (llama.cpp timings.prompt_*/predicted_*, Ollama prompt_eval_*/eval_*, LM Studio stats); llp: LLP's clock (prompt tokens over time to first token, tokens over generation time)"

/** The figures of a bench result, one line per test, as llama-bench prints them. */
const benchRows = (b: BenchResult) =>
  b.depths.flatMap((d) => [
    [benchLabel("pp", b.pp, d.depth), formatMeanSd(d.ppMean === null ? null : { mean: d.ppMean, sd: d.ppSd, n: d.ppSamples.length }), d.ppSamples.length, d.ppSource],
    [benchLabel("tg", b.tg, d.depth), formatMeanSd(d.tgMean === null ? null : { mean: d.tgMean, sd: d.tgSd, n: d.tgSamples.length }), d.tgSamples.length, d.tgSource]
  ])

const printResult = (bot: Bot, b: BenchResult, machine: string) => {
  process.stdout.write(`${bot.name} (${bot.provider} ${bot.model}) • ${b.serverVersion ?? "server version unknown"} • ${dateTime(b.createdAt)}\n${machine}\n`)
  process.stdout.write(table(["TEST", "T/S (MEAN ± SD)", "N", "BY"], benchRows(b), [1, 2]))
}

/** `llp bench BOT`: a llama-bench-like probe of the bot's server, stored per bot and machine. */
export const bench: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("bench", args, {
      pp: { type: "string" },
      tg: { type: "string" },
      depth: { type: "string" },
      repeat: { type: "string" },
      history: { type: "boolean" },
      json: { type: "boolean" }
    })
    const store = yield* Store.Store
    const bot = yield* store.findBot(requireArg(positionals[0], "a bot", USE))
    const here = yield* (yield* MachineInfo.MachineInfo).current()
    if (values.history === true) {
      const results = yield* store.listBench({ botId: bot.id })
      if (values.json) return printJson(results)
      if (results.length === 0) return void process.stdout.write(`No bench results for ${bot.name} yet: llp bench ${JSON.stringify(bot.name)}\n`)
      const machines = new Map((yield* store.listMachines()).map((m) => [m.id, m]))
      for (const r of results) {
        const m = r.machineId === null ? undefined : machines.get(r.machineId)
        printResult(bot, r, m === undefined ? "machine unknown" : `machine ${m.id}${m.id === here.id ? " (this one)" : ""}: ${machineSummary(m)}`)
      }
      return void process.stdout.write(`${SOURCES}\n`)
    }
    const pp = num(values, "pp", { int: true, min: 1, max: 1_000_000 }) ?? 512
    const tg = num(values, "tg", { int: true, min: 2, max: 100_000 }) ?? 128
    const repeat = num(values, "repeat", { int: true, min: 1, max: 1000 }) ?? 5
    const depths = numberList(values, "depth", { int: true, min: 0 }) ?? [0]
    const provider = yield* (yield* Provider.Providers).get(bot.provider)
    if (provider.kind === "demo") process.stderr.write("llp: note: the demo provider makes its figures up; bench a real server for real ones\n")
    const ws = yield* Workspace.Workspace
    const live = process.stderr.isTTY === true && values.json !== true
    const depthsResult = yield* benchBot({
      bot,
      provider,
      pp,
      tg,
      depths,
      repeat,
      timeouts: ws.config.timeouts,
      onStep: (step) => {
        if (live) process.stderr.write(`\r\x1b[2K\x1b[2mbench ${bot.name}: ${step}\x1b[0m`)
      }
    })
    if (live) process.stderr.write("\r\x1b[2K")
    const server = provider.server === undefined ? null : yield* Effect.orElseSucceed(provider.server().pipe(Effect.timeout(2000)), () => null)
    const saved = yield* store.saveBench({
      botId: bot.id,
      machineId: here.id,
      serverVersion: server === null ? null : server.version === null ? server.name : `${server.name} ${server.version}`,
      pp,
      tg,
      repeat,
      depths: depthsResult,
      createdAt: new Date().toISOString()
    })
    if (values.json) return printJson({ ...saved, machine: here })
    printResult(bot, saved, `machine ${here.id}: ${machineSummary(here)}`)
    process.stdout.write(`${SOURCES}\nsaved as bench result ${saved.id}\n`)
  })
