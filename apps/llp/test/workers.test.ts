import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import pg from "pg"
import { createTestDatabase, startSimulator, testPostgresUrl, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpSpawn, tempDir, writeConfig } from "./helpers.js"

/** 20 short prompts, so that 3 bots make 60 jobs. */
const SUITE = `---
key: dist
title: Distributed
order: 1
temperature: 0.5
---

# System prompt

Be brief.

${Array.from({ length: 20 }, (_, i) => `# Prompt: Question ${i + 1}\npoints: 10\n\nWhat is ${i + 1} + ${i + 1}?\n\n## Rubric\n\n- [10] Says ${(i + 1) * 2}.\n`).join("\n")}`

const BOTS = "qwen2.5-7b-instruct,llama-3.2-1b-instruct,openai/gpt-oss-20b"

/** A worker process and its JSON event lines as they come. */
interface Worker {
  readonly child: ChildProcess
  readonly events: Array<any>
  stderr: string
  readonly exited: Promise<number | null>
}

const startWorker = (ws: string, env: Record<string, string>): Worker => {
  const child = llpSpawn(ws, ["worker", "--providers", "lmstudio", "--until-empty", "--stale-after", "3", "--json"], env)
  const w: Worker = { child, events: [], stderr: "", exited: new Promise((resolve) => child.on("close", (code) => resolve(code))) }
  let buffer = ""
  child.stdout!.on("data", (d) => {
    buffer += d
    const lines = buffer.split("\n")
    buffer = lines.pop()!
    for (const line of lines) if (line.startsWith("{")) w.events.push({ ...JSON.parse(line), seenAt: Date.now() })
  })
  child.stderr!.on("data", (d) => (w.stderr += d))
  return w
}

const until = async (what: string, check: () => boolean, ms = 120_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe("llp worker and tournament --distributed with a SQLite store", () => {
  it("say in one line that they need a Postgres store, exit 2", async () => {
    const ws = tempDir()
    writeConfig(ws, { providers: {} })
    for (const args of [["worker"], ["tournament", "--status"], ["tournament", "--bots", "x", "--all", "--distributed"]]) {
      const r = await llp(ws, args)
      expect(r.code, r.stderr).toBe(2)
      const lines = r.stderr.trim().split("\n")
      expect(lines.at(-1)).toMatch(/needs a Postgres store .*"store": \{"type": "postgres", "url": "env:LLP_DATABASE_URL"\}/)
    }
    fs.rmSync(ws, { recursive: true, force: true })
  })
})

const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("two workers on one Postgres queue", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let simA: Simulator
  let simB: Simulator
  const root = tempDir("llp-workers-")
  const workers: Array<Worker> = []

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    // each "machine" has its own server, slow enough that the tournament lasts some seconds
    simA = await startSimulator({ kind: "lmstudio", tokenDelayMs: 8 })
    simB = await startSimulator({ kind: "lmstudio", tokenDelayMs: 8 })
  })
  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL")
    await simA?.close()
    await simB?.close()
    await db?.drop()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it("3 bots × 20 prompts: every job completes exactly once, a killed worker's job is reclaimed and finished by the other", async () => {
    const env = { LLP_DATABASE_URL: db.url }
    const machine = (name: string, sim: Simulator) => {
      const ws = path.join(root, name)
      writeConfig(ws, { store: { type: "postgres", url: "env:LLP_DATABASE_URL" }, providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 20_000, idleMs: 10_000 } })
      return ws
    }
    const wsA = machine("a", simA)
    const wsB = machine("b", simB)
    const suite = path.join(root, "dist.md")
    fs.writeFileSync(suite, SUITE)
    expect((await llp(wsA, ["suites", "load", suite], env)).code).toBe(0)
    const sync = await llp(wsA, ["bots", "sync", "--provider", "lmstudio"], env)
    expect(sync.code, sync.stderr).toBe(0)

    const queued = await llp(wsA, ["tournament", "--bots", BOTS, "--category", "dist", "--distributed", "--json"], env)
    expect(queued.code, queued.stderr).toBe(0)
    const q = JSON.parse(queued.stdout.trim().split("\n")[0]!)
    expect(q).toMatchObject({ type: "queued", jobs: 60, added: 60, existing: 0 })
    expect(queued.stderr).toContain("llp worker --providers lmstudio")
    // the same command again queues nothing
    const again = JSON.parse((await llp(wsA, ["tournament", "--bots", BOTS, "--category", "dist", "--distributed", "--json"], env)).stdout.trim().split("\n")[0]!)
    expect(again).toMatchObject({ tournament: q.tournament, added: 0, existing: 60 })

    const started = Date.now()
    const one = startWorker(wsA, env)
    const two = startWorker(wsB, env)
    workers.push(one, two)

    // kill -9 the first worker in the middle of a job, once it has done a few
    await until("worker one to be running its sixth job", () => one.events.filter((e) => e.type === "done").length >= 5 && one.events.at(-1)?.type === "claimed")
    const victim = one.events.at(-1)
    await new Promise((r) => setTimeout(r, 150))
    one.child.kill("SIGKILL")
    const killedAt = Date.now()
    expect(await one.exited).toBe(null)

    expect(await two.exited, two.stderr).toBe(0)
    const took = Date.now() - started
    const reclaim = two.events.find((e) => e.type === "reclaimed" && e.requeued.includes(victim.jobId))
    expect(reclaim, two.stderr).toBeDefined()
    const id1 = one.events.find((e) => e.type === "registered").worker.id
    const id2 = two.events.find((e) => e.type === "registered").worker.id
    expect(two.events.at(-1)).toMatchObject({ type: "summary", failed: 0 })

    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try {
      const jobs = (await c.query("SELECT id, status, worker_id, run_id, bot_id, prompt_id, repeat_no, lease FROM jobs ORDER BY id")).rows
      expect(jobs).toHaveLength(60)
      expect(jobs.every((j) => j.status === "done")).toBe(true)
      // each job's run is complete, of its bot and prompt, and no run serves two jobs
      const bad = await c.query(`SELECT j.id FROM jobs j LEFT JOIN runs r ON r.id = j.run_id
        WHERE r.id IS NULL OR r.status <> 'complete' OR r.bot_id <> j.bot_id OR r.prompt_id <> j.prompt_id`)
      expect(bad.rows).toEqual([])
      expect(new Set(jobs.map((j) => String(j.run_id))).size).toBe(60)
      // no duplicate complete run: exactly one per bot × prompt (the tournament's repeat is 1)
      const dup = await c.query(`SELECT bot_id, prompt_id, count(*) AS n FROM runs WHERE status = 'complete' GROUP BY bot_id, prompt_id HAVING count(*) <> 1`)
      expect(dup.rows).toEqual([])
      expect(Number((await c.query(`SELECT count(*) AS n FROM runs WHERE status = 'complete'`)).rows[0].n)).toBe(60)
      // the killed worker's job: finished by the other under a later lease; its partial run kept as cancelled
      const v = jobs.find((j) => Number(j.id) === victim.jobId)!
      expect(v.worker_id).toBe(id2)
      expect(v.lease).toBeGreaterThan(victim.lease)
      const partial = await c.query(`SELECT status, error FROM runs WHERE bot_id = $1 AND prompt_id = $2 AND status <> 'complete'`, [v.bot_id, v.prompt_id])
      for (const r of partial.rows) expect(r.status).toBe("cancelled")
      // both machines did some, and their runs carry the machine they ran on
      const by = (await c.query(`SELECT worker_id, count(*) AS n FROM jobs GROUP BY worker_id ORDER BY worker_id`)).rows
      expect(by.map((r) => r.worker_id).sort()).toEqual([id1, id2].sort())
      expect(Number((await c.query(`SELECT count(*) AS n FROM runs WHERE status = 'complete' AND machine_id IS NULL`)).rows[0].n)).toBe(0)
    } finally {
      await c.end()
    }

    // each machine's llm_outputs/ holds the answers it ran
    const files = (ws: string) => (fs.existsSync(path.join(ws, "llm_outputs", "dist")) ? fs.readdirSync(path.join(ws, "llm_outputs", "dist")) : [])
    expect(files(wsA).length).toBeGreaterThan(0)
    expect(files(wsB).length).toBeGreaterThan(0)

    const status = await llp(wsA, ["tournament", "--status", "--name", q.tournament, "--json"], env)
    expect(status.code, status.stderr).toBe(0)
    const s = JSON.parse(status.stdout)
    expect(s.counts).toEqual({ waiting: 0, running: 0, done: 60, failed: 0, total: 60 })
    expect(Object.values(s.doneBy as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(60)
    expect(s.workers.find((w: any) => w.id === id2).stoppedAt).not.toBeNull()
    expect(s.workers.find((w: any) => w.id === id1).stoppedAt).toBeNull()

    // SIGTERM: the run in flight is kept as cancelled, its job goes back to the queue, the worker exits 0
    const term = await llp(wsB, ["tournament", "--bots", "qwen2.5-7b-instruct", "--category", "dist", "--rerun", "--name", "term", "--distributed"], env)
    expect(term.code, term.stderr).toBe(0)
    const three = startWorker(wsB, env)
    workers.push(three)
    await until("worker three to be running its second job", () => three.events.some((e) => e.type === "done") && three.events.at(-1)?.type === "claimed")
    const held = three.events.at(-1)
    await new Promise((r) => setTimeout(r, 150))
    three.child.kill("SIGTERM")
    expect(await three.exited, three.stderr).toBe(0)
    expect(three.events.find((e) => e.type === "released")).toMatchObject({ jobId: held.jobId })
    const t = new pg.Client({ connectionString: db.url })
    await t.connect()
    try {
      const [job] = (await t.query("SELECT status, worker_id, error FROM jobs WHERE id = $1", [held.jobId])).rows
      expect(job).toMatchObject({ status: "waiting", worker_id: null })
      expect(job.error).toContain("stopped")
      const id3 = three.events.find((e) => e.type === "registered").worker.id
      expect((await t.query("SELECT stopped_at FROM workers WHERE id = $1", [id3])).rows[0].stopped_at).not.toBeNull()
      const runs = (await t.query("SELECT r.status FROM runs r JOIN jobs j ON j.bot_id = r.bot_id AND j.prompt_id = r.prompt_id WHERE j.id = $1 ORDER BY r.id", [held.jobId])).rows
      expect(runs.at(-1).status).toBe("cancelled")
    } finally {
      await t.end()
    }

    // figures for people (not asserted: a loaded machine is slow)
    process.stderr.write(`\n  two workers: 60 jobs in ${(took / 1000).toFixed(1)}s; worker one killed ${((killedAt - started) / 1000).toFixed(1)}s in, its job reclaimed ${((reclaim.seenAt - killedAt) / 1000).toFixed(1)}s later (stale after 3s)\n`)
  }, 240_000)
})
