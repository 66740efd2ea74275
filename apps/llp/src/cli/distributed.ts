import * as crypto from "node:crypto"
import * as Effect from "effect/Effect"
import { Jobs, jobsOfPlan, nounCount, planTournament, type Bot, type Job, type JobsStatus, type WorkerState } from "@llp/core"
import type { OpenedWorkspace } from "@llp/workspace"
import { clock, jsonLine, printJson, table } from "./print.js"
import { withJobs } from "./queue.js"

export interface DistributedOptions {
  readonly bots: ReadonlyArray<Bot>
  readonly categories: ReadonlyArray<string>
  readonly rerun: boolean
  readonly repeat: number
  readonly name: string | undefined
  readonly wait: boolean
  readonly json: boolean
}

/**
 * The default name of a distributed tournament: the same selection names the same tournament, so that the
 * same command run twice queues nothing twice; --rerun asks for new runs, so it is a new tournament each time.
 */
export const tournamentName = (bots: ReadonlyArray<Bot>, categories: ReadonlyArray<string>, repeat: number, rerun: boolean, now: number): string => {
  const key = JSON.stringify([bots.map((b) => b.id).sort((a, b) => a - b), [...categories].sort(), repeat, rerun ? now : null])
  return `t-${crypto.createHash("sha256").update(key).digest("hex").slice(0, 8)}`
}

/** `llp tournament … --distributed`: queues the plan's jobs in the shared store, says how to start workers. */
export const enqueueTournament = (ws: OpenedWorkspace, o: DistributedOptions) =>
  withJobs(
    ws,
    "llp tournament --distributed",
    Effect.gen(function* () {
      const jobs = yield* Jobs.Jobs
      const plan = yield* planTournament({ bots: o.bots, categories: o.categories, rerun: o.rerun, repeat: o.repeat })
      const name = o.name ?? tournamentName(o.bots, o.categories, o.repeat, o.rerun, Date.now())
      const specs = jobsOfPlan(name, plan.work)
      const queued = yield* jobs.enqueue(specs)
      const providers = [...new Set(o.bots.map((b) => b.provider))].join(",")
      if (o.json) jsonLine({ type: "queued", tournament: name, jobs: specs.length, added: queued.added, existing: queued.existing, skippedComplete: plan.skipped, bots: o.bots.map((b) => b.name), categories: o.categories })
      process.stderr.write(
        `tournament ${name}: queued ${nounCount(queued.added, "job")} (${nounCount(o.bots.length, "bot")} × ${nounCount(specs.length === 0 ? 0 : new Set(specs.map((s) => s.promptId)).size, "prompt")}${o.repeat > 1 ? ` × ${o.repeat} repeats` : ""})` +
          `${queued.existing > 0 ? `, ${queued.existing} already queued` : ""}${plan.skipped > 0 ? `, ${plan.skipped} already complete (skipped; --rerun to run them again)` : ""}\n` +
          `start a worker on each machine:   llp worker --providers ${providers} --until-empty\n` +
          `follow it:                        llp tournament --status --name ${name}\n`
      )
      if (!o.wait) return 0
      return yield* follow(jobs, name, o.json)
    })
  )

/** --wait: a line of progress every 2 s until no job is waiting or running; 1 when some failed. */
const follow = (jobs: Jobs.Service, name: string, json: boolean) =>
  Effect.gen(function* () {
    const tty = process.stderr.isTTY === true
    const started = Date.now()
    let last = ""
    while (true) {
      const s = yield* jobs.status(name)
      const c = s.counts
      const line = `${c.done}/${c.total} done, ${c.running} running, ${c.waiting} waiting, ${c.failed} failed • ${nounCount(s.workers.filter((w) => w.stoppedAt === null && !w.silent).length, "worker")} alive • ${clock(Date.now() - started)}`
      if (line !== last) {
        if (json) jsonLine({ type: "progress", tournament: name, ...c })
        process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`)
        last = line
      }
      if (c.waiting === 0 && c.running === 0) {
        if (tty) process.stderr.write("\n")
        if (json) jsonLine({ type: "summary", ...statusJson(s) })
        for (const f of s.failed) process.stderr.write(`  ✗ job ${f.id} ${f.bot} · ${f.prompt}: ${f.error ?? "?"}\n`)
        if (s.failed.length > 0) process.stderr.write(`  ${retryHint(name)}\n`)
        return c.failed > 0 ? 1 : 0
      }
      yield* Effect.sleep(2000)
    }
  })

/** Alive or silent by the worker's own stale-after (the database says which: its clock decides). */
const workerState = (w: WorkerState) => (w.stoppedAt !== null ? "stopped" : w.silent ? `silent ${clock(w.silentMs)}` : "alive")

const retryHint = (name: string | undefined) => `llp tournament --retry-failed${name === undefined ? "" : ` --name ${name}`} queues the failed jobs again`

/** The JSON of --status (docs/cli-json.md). */
const statusJson = (s: JobsStatus) => ({
  tournaments: s.tournaments,
  counts: s.counts,
  running: s.running.map((j) => ({ ...jobJson(j), worker: workerOf(s, j) })),
  failed: s.failed.map(jobJson),
  doneBy: s.doneBy,
  workers: s.workers.map((w) => ({ ...w, state: workerState(w).split(" ")[0] })),
  hiddenWorkers: s.hiddenWorkers
})

const jobJson = (j: Job) => ({ id: j.id, tournament: j.tournament, bot: j.bot, botId: j.botId, prompt: j.prompt, promptId: j.promptId, repeat: j.repeat, status: j.status, lease: j.lease, workerId: j.workerId, runId: j.runId, error: j.error, queuedAt: j.queuedAt, claimedAt: j.claimedAt, finishedAt: j.finishedAt })

const workerOf = (s: JobsStatus, j: Job) => {
  const w = s.workers.find((x) => x.id === j.workerId)
  return w === undefined ? null : { id: w.id, host: w.host, machine: w.machine, machineId: w.machineId }
}

/** `llp tournament --retry-failed [--name NAME]`: the failed jobs back to waiting under a new lease. */
export const retryFailed = (ws: OpenedWorkspace, name: string | undefined, json: boolean) =>
  withJobs(
    ws,
    "llp tournament --retry-failed",
    Effect.gen(function* () {
      const n = yield* (yield* Jobs.Jobs).retryFailed(name)
      if (json) jsonLine({ type: "retried", tournament: name ?? null, jobs: n })
      process.stderr.write(n === 0 ? `no failed job${name === undefined ? "" : ` in tournament ${name}`} to queue again\n` : `queued ${nounCount(n, "failed job")} again${name === undefined ? "" : ` in tournament ${name}`}: workers take them as they come\n`)
      return 0
    })
  )

/** `llp tournament --status [--name NAME] [--json]`: jobs done, running (by which worker), waiting, failed. */
export const tournamentStatus = (ws: OpenedWorkspace, name: string | undefined, json: boolean) =>
  withJobs(
    ws,
    "llp tournament --status",
    Effect.gen(function* () {
      const jobs = yield* Jobs.Jobs
      const s = yield* jobs.status(name)
      if (json) {
        printJson(statusJson(s))
        return 0
      }
      const c = s.counts
      const what = name !== undefined ? `tournament ${name}` : s.tournaments.length === 1 ? `tournament ${s.tournaments[0]}` : `${nounCount(s.tournaments.length, "tournament")}`
      const out: Array<string> = [`${what}: ${nounCount(c.total, "job")} — ${c.done} done, ${c.running} running, ${c.waiting} waiting, ${c.failed} failed`]
      if (c.total === 0) out.push(name !== undefined ? `no job is queued under ${name} (llp tournament --status lists every tournament's)` : "no job is queued: llp tournament --bots … --all --distributed queues some")
      if (s.running.length > 0) {
        out.push("", "RUNNING")
        out.push(table(["JOB", "BOT", "PROMPT", "REPEAT", "WORKER", "HOST", "MACHINE", "SINCE"], s.running.map((j) => {
          const w = workerOf(s, j)
          return [j.id, j.bot, j.prompt, j.repeat, j.workerId, w?.host ?? null, w?.machine ?? null, j.claimedAt]
        }), [0, 3]).trimEnd())
      }
      if (s.failed.length > 0) {
        out.push("", "FAILED")
        out.push(table(["JOB", "BOT", "PROMPT", "REPEAT", "REASON"], s.failed.map((j) => [j.id, j.bot, j.prompt, j.repeat, j.error]), [0, 3]).trimEnd())
        out.push(retryHint(name))
      }
      if (s.workers.length > 0) {
        out.push("", "WORKERS")
        out.push(table(["WORKER", "HOST", "MACHINE", "PROVIDERS", "DONE", "LAST HEARTBEAT", "STALE AFTER", "STATE"], s.workers.map((w) => [w.id, w.host, w.machine, w.providers.join(","), s.doneBy[w.id] ?? 0, w.heartbeatAt, w.staleAfterMs === null ? null : clock(w.staleAfterMs), workerState(w)]), [4]).trimEnd())
      }
      if (s.hiddenWorkers > 0) out.push(`${nounCount(s.hiddenWorkers, "older worker")} not shown (silent for over a day, holding no job; llp worker --forget-stopped removes the stopped ones)`)
      process.stdout.write(out.join("\n") + "\n")
      return 0
    })
  )
