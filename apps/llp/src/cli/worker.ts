import * as os from "node:os"
import * as crypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import { Archive, DEFAULT_STALE_AFTER_MS, Jobs, MachineInfo, Provider, runWorker, Store, Workspace, nounCount, type Job, type WorkerEvent } from "@llp/core"
import { num, parse, str } from "./args.js"
import { usage, type Run } from "./command.js"
import { clock, jsonLine } from "./print.js"
import { requirePostgres, withJobs } from "./queue.js"
import { withServicesWhenStoreAnswers } from "./storeWait.js"
import { resolveBots, saveAnswer } from "./selection.js"

const USE = "llp worker [--providers lms,oll] [--bots A,B] [--once | --until-empty] [--stale-after SECONDS] [--json] | llp worker --forget-stopped"

const label = (j: Job) => `job ${j.id} ${j.bot} · ${j.prompt}${j.repeat > 1 ? ` #${j.repeat}` : ""}`

/** People read stderr; --json puts one JSON document a line on stdout (docs/cli-json.md). */
const printer = (json: boolean, counts: { done: number; failed: number; released: number; leaseLost: number }) => {
  const say = (text: string) => process.stderr.write(`${text}\n`)
  return (e: WorkerEvent) => {
    switch (e.type) {
      case "registered":
        if (json) jsonLine({ type: "registered", worker: e.worker })
        return say(`worker ${e.worker.id} on ${e.worker.host} (${e.worker.machine}) — providers ${e.worker.providers.join(", ")}`)
      case "models":
        if (json) jsonLine(e)
        return say(e.error === null ? `  ${e.provider}: ${nounCount(e.models ?? 0, "model")}` : `  ${e.provider}: not answering (${e.error}); asked again in a minute`)
      case "serving":
        if (json) jsonLine(e)
        return say(e.bots.length === 0 ? "  serving no bot: none of its providers lists a bot's model (llp bots list shows the bots' models)" : `  serving ${e.bots.join(", ")}`)
      case "reclaimed":
        if (json) jsonLine({ type: "reclaimed", requeued: e.report.requeued.map((j) => j.id), completed: e.report.completed.map((j) => j.id) })
        for (const j of e.report.requeued) say(`↺ ${label(j)}: ${j.error ?? "reclaimed"}`)
        for (const j of e.report.completed) say(`✓ ${label(j)}: ${j.error ?? "marked done"}`)
        return
      case "claimed":
        if (json) jsonLine({ type: "claimed", jobId: e.job.id, tournament: e.job.tournament, bot: e.job.bot, prompt: e.job.prompt, repeat: e.job.repeat, lease: e.lease })
        return say(`▶ ${label(e.job)} (tournament ${e.job.tournament}, lease ${e.lease})`)
      case "run": {
        const r = e.event
        if (r.type === "load") return say(r.report ? `  loaded${r.report.loadMs !== undefined ? ` in ${(r.report.loadMs / 1000).toFixed(1)}s` : ""}${r.report.ignored.length > 0 ? ` (not settable here: ${r.report.ignored.join(", ")})` : ""}` : `  ${r.note}`)
        if (r.type === "warm-up") return say(`  warm-up ${(r.ms / 1000).toFixed(1)}s (not counted)`)
        if (r.type === "waiting") {
          if (json) jsonLine({ type: "waiting", jobId: e.job.id, provider: r.bot.provider, error: r.error.message, retryInMs: r.retryInMs, waitedMs: r.waitedMs })
          return say(`  … ${r.bot.provider} is not answering (${r.error.reason}); retrying in ${clock(r.retryInMs)} (waited ${clock(r.waitedMs)}), holding the job`)
        }
        if (r.type === "run-end" && r.error !== null) return say(`  ✗ run ${r.run.id}: ${r.error.message}`)
        return
      }
      case "done":
        counts.done++
        if (json) jsonLine({ type: "done", jobId: e.job.id, runId: e.run.id, bot: e.job.bot, prompt: e.job.prompt, repeat: e.job.repeat, tokensPerSecond: e.run.tokensPerSecond, totalMs: e.run.totalMs })
        return say(`  ✓ run ${e.run.id} • ${e.run.tokensPerSecond?.toFixed(1) ?? "?"} tok/s • ${clock(e.run.totalMs ?? 0)}`)
      case "failed":
        counts.failed++
        if (json) jsonLine({ type: "failed", jobId: e.job.id, reason: e.reason })
        return say(`  ✗ ${label(e.job)} failed: ${e.reason}`)
      case "released":
        counts.released++
        if (json) jsonLine({ type: "released", jobId: e.job.id, reason: e.reason })
        return say(`  ↩ ${label(e.job)} back in the queue: ${e.reason}`)
      case "lease-lost":
        counts.leaseLost++
        if (json) jsonLine({ type: "lease-lost", jobId: e.job.id, runId: e.runId })
        return say(`  ⚠ ${label(e.job)}: this worker was silent too long and the job went to another; its run${e.runId === null ? "" : ` ${e.runId}`} is kept as cancelled, not counted`)
      case "store-down":
        if (json) jsonLine(e)
        return say(`  … the Postgres store is not answering (${e.error}); retrying in ${clock(e.retryInMs)}, nothing held is lost`)
      case "store-up":
        if (json) jsonLine(e)
        return say("  the Postgres store answers again")
      case "idle":
        if (json) jsonLine(e)
        return say(`  waiting for jobs (${e.waiting} waiting, ${e.running} running elsewhere)…`)
    }
  }
}

/** What a worker tells about its machine: the stored profile's id, and the CPU and GPUs for people. */
const describeMachine = Effect.gen(function* () {
  const info = yield* Effect.serviceOption(MachineInfo.MachineInfo)
  if (Option.isNone(info)) return { machineId: null, machine: os.cpus()[0]?.model ?? os.arch() }
  const m = yield* Effect.either(info.value.current())
  const profile = m._tag === "Right" ? m.right : yield* info.value.profile()
  const gpus = profile.gpus.map((g) => g.name).join(" + ")
  return { machineId: m._tag === "Right" ? m.right.id : null, machine: `${profile.cpu.model}${gpus === "" ? "" : `, ${gpus}`}` }
})

/** `llp worker --forget-stopped`: removes the workers that stopped (or went silent a day ago) and hold no job. */
const forgetStopped = (opened: Parameters<Run>[1], json: boolean) =>
  withJobs(
    opened,
    "llp worker --forget-stopped",
    Effect.gen(function* () {
      const forgotten = yield* (yield* Jobs.Jobs).forgetWorkers()
      if (json) jsonLine({ type: "forgotten", workers: forgotten })
      process.stderr.write(`forgot ${nounCount(forgotten, "worker")} that had stopped or been silent for a day (none holding a job); the jobs they did keep their worker's id\n`)
      return 0
    })
  )

/**
 * `llp worker`: runs a distributed tournament's jobs on this machine until stopped (or --once,
 * --until-empty). Ctrl+C or SIGTERM saves the run in flight as cancelled and gives its job back
 * to the queue, then exits 0; a second Ctrl+C exits at once.
 */
export const worker: Run = (args, opened) =>
  Effect.gen(function* () {
    const { values } = parse("worker", args, {
      providers: { type: "string" },
      bots: { type: "string" },
      once: { type: "boolean" },
      "until-empty": { type: "boolean" },
      "stale-after": { type: "string" },
      "forget-stopped": { type: "boolean" },
      json: { type: "boolean" }
    })
    yield* requirePostgres(opened, "llp worker")
    if (values["forget-stopped"] === true) return yield* forgetStopped(opened, values.json === true)
    if (values.once === true && values["until-empty"] === true) return yield* usage(`--once and --until-empty: choose one; usage: ${USE}`)
    const staleAfterS = num(values, "stale-after", { min: 0.5 })
    const staleAfterMs = staleAfterS === undefined ? DEFAULT_STALE_AFTER_MS : Math.round(staleAfterS * 1000)
    const json = values.json === true
    const say = (line: string) => {
      if (json) jsonLine({ type: "store-wait", message: line })
      process.stderr.write(`${line}\n`)
    }
    // opened here, not before the command: a store not up yet is waited for (commands.ts: bare)
    return yield* withServicesWhenStoreAnswers(opened, serve(opened, values, staleAfterMs, json), say)
  })

const serve = (opened: Parameters<Run>[1], values: Parameters<typeof str>[0], staleAfterMs: number, json: boolean) =>
  Effect.gen(function* () {
    const ws = yield* Workspace.Workspace
    const registry = yield* Provider.Providers
    const archive = yield* Archive.Archive
    const known = registry.list().map((p) => p.name)
    const providers = str(values, "providers")?.split(",").map((s) => s.trim()).filter((s) => s !== "") ?? known
    const unknown = providers.filter((p) => !known.includes(p))
    if (unknown.length > 0) return yield* usage(`--providers: no provider ${unknown.join(", ")} (known: ${known.join(", ")}; more in llp.config.json "providers")`)
    if (providers.length === 0) return yield* usage(`--providers: name at least one (known: ${known.join(", ")})`)
    const botList = str(values, "bots")
    const bots = botList === undefined ? undefined : (yield* resolveBots(botList)).map((b) => b.id)
    const counts = { done: 0, failed: 0, released: 0, leaseLost: 0 }

    return yield* withJobs(
      opened,
      "llp worker",
      Effect.gen(function* () {
        const machine = yield* describeMachine
        const host = os.hostname()
        const id = `${host}-${process.pid}-${crypto.randomBytes(2).toString("hex")}`
        const started = Date.now()
        const fiber = yield* Effect.fork(
          runWorker({
            worker: { id, host, ...machine, providers, staleAfterMs },
            ...(bots !== undefined ? { bots } : {}),
            mode: values.once === true ? "once" : values["until-empty"] === true ? "until-empty" : "forever",
            staleAfterMs,
            // three heartbeats within the threshold: one late beat never makes a live worker look dead
            heartbeatMs: Math.min(3000, Math.floor(staleAfterMs / 3)),
            pollMs: Math.min(2000, staleAfterMs),
            timeouts: ws.config.timeouts,
            retryForMs: ws.config.retryForMs,
            onEvent: printer(json, counts),
            onSaved: saveAnswer(archive, yield* Store.Store)
          })
        )
        let signals = 0
        const onSignal = (signal: string) => () => {
          if (++signals > 1) process.exit(signal === "SIGTERM" ? 143 : 130)
          process.stderr.write(`\n${signal}: stopping — the run in flight is kept as cancelled and its job goes back to the queue (again to quit at once)\n`)
          Effect.runFork(Fiber.interrupt(fiber))
        }
        const sigint = onSignal("SIGINT")
        const sigterm = onSignal("SIGTERM")
        process.on("SIGINT", sigint)
        process.on("SIGTERM", sigterm)
        const exit = yield* Fiber.await(fiber).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              process.off("SIGINT", sigint)
              process.off("SIGTERM", sigterm)
            })
          )
        )
        const stopped = Exit.isSuccess(exit) ? exit.value.stopped : Exit.isInterrupted(exit) ? "stopped by a signal" : null
        if (stopped === null) return yield* Exit.isFailure(exit) ? Effect.failCause(exit.cause) : Effect.succeed(1)
        const summary = { type: "summary", worker: id, ...counts, ms: Date.now() - started, stopped }
        if (json) jsonLine(summary)
        process.stderr.write(`■ ${stopped} — ${counts.done} done, ${counts.failed} failed, ${counts.released} given back${counts.leaseLost > 0 ? `, ${counts.leaseLost} lost to a reclaim` : ""} in ${clock(summary.ms)}\n`)
        return counts.failed > 0 ? 1 : 0
      })
    )
  })
