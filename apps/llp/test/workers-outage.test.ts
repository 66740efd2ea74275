import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import { createServer, connect, type Server, type Socket } from "node:net"
import * as path from "node:path"
import pg from "pg"
import { createTestDatabase, startSimulator, testPostgresUrl, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpSpawn, tempDir, writeConfig } from "./helpers.js"

const SUITE = `---
key: out
title: Outage
order: 1
temperature: 0.5
---

# System prompt

Be brief.

${Array.from({ length: 6 }, (_, i) => `# Prompt: Question ${i + 1}\npoints: 10\n\nWhat is ${i + 1} + ${i + 1}?\n\n## Rubric\n\n- [10] Says ${(i + 1) * 2}.\n`).join("\n")}`

/** A TCP relay in front of the real Postgres server on a fixed port: "the database" a worker sees, which a test can take down and bring back. */
const relayTo = (target: URL, port: number) => {
  let server: Server | null = null
  const sockets = new Set<Socket>()
  /** Added to each server reply: a link to a store on another machine. */
  let lagMs = 0
  return {
    lag: (ms: number) => void (lagMs = ms),
    up: () =>
      new Promise<void>((resolve, reject) => {
        server = createServer((inbound) => {
          const outbound = connect(Number(target.port || 5432), target.hostname)
          for (const s of [inbound, outbound]) {
            sockets.add(s)
            s.on("error", () => undefined)
            s.on("close", () => sockets.delete(s))
          }
          inbound.pipe(outbound)
          outbound.on("data", (d) => (lagMs === 0 ? inbound.write(d) : setTimeout(() => inbound.writable && inbound.write(d), lagMs)))
          outbound.on("end", () => inbound.end())
        })
        server.once("error", reject)
        server.listen(port, "127.0.0.1", () => resolve())
      }),
    down: () =>
      new Promise<void>((resolve) => {
        if (server === null) return resolve()
        server.close(() => resolve())
        server = null
        for (const s of sockets) s.destroy()
      })
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

interface Worker {
  readonly child: ChildProcess
  readonly events: Array<any>
  stderr: string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const startWorker = (ws: string, env: Record<string, string>, args: ReadonlyArray<string>): Worker => {
  const child = llpSpawn(ws, ["worker", "--providers", "lmstudio", "--json", ...args], env)
  const w: Worker = { child, events: [], stderr: "", exited: new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal }))) }
  let buffer = ""
  child.stdout!.on("data", (d) => {
    buffer += d
    const lines = buffer.split("\n")
    buffer = lines.pop()!
    for (const line of lines) if (line.startsWith("{")) w.events.push(JSON.parse(line))
  })
  child.stderr!.on("data", (d) => (w.stderr += d))
  return w
}

const until = async (what: string, check: () => boolean, ms = 90_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const admin = testPostgresUrl()

describe.skipIf(admin === undefined)("a worker and a Postgres store that is down", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let sim: Simulator
  let relay: ReturnType<typeof relayTo>
  let viaRelay: string
  const root = tempDir("llp-outage-")
  const ws = path.join(root, "ws")
  const children: Array<ChildProcess> = []

  beforeAll(async () => {
    db = await createTestDatabase(admin!)
    sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 20 })
    const port = await freePort()
    relay = relayTo(new URL(db.url), port)
    const u = new URL(db.url)
    u.host = `127.0.0.1:${port}`
    viaRelay = u.toString()
    writeConfig(ws, { store: { type: "postgres", url: "env:LLP_DATABASE_URL" }, providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 20_000, idleMs: 10_000 } })
    const suite = path.join(root, "out.md")
    fs.writeFileSync(suite, SUITE)
    const direct = { LLP_DATABASE_URL: db.url }
    expect((await llp(ws, ["suites", "load", suite], direct)).code).toBe(0)
    expect((await llp(ws, ["bots", "sync", "--provider", "lmstudio"], direct)).code).toBe(0)
  })
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL")
    await relay?.down()
    await sim?.close()
    await db?.drop()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it("at start: the worker waits for the store with back-off, one line per attempt, then serves; Ctrl+C quits at once meanwhile", async () => {
    const env = { LLP_DATABASE_URL: viaRelay }
    // Ctrl+C while waiting: the process ends, nothing to give back
    const quitter = startWorker(ws, env, ["--until-empty"])
    children.push(quitter.child)
    await until("the first wait line", () => quitter.stderr.includes("not answering yet"))
    quitter.child.kill("SIGINT")
    const quit = await quitter.exited
    expect(quit.code === 130 || quit.signal === "SIGINT", JSON.stringify(quit)).toBe(true)

    const queued = await llp(ws, ["tournament", "--bots", "qwen2.5-7b-instruct", "--category", "out", "--name", "start", "--distributed"], { LLP_DATABASE_URL: db.url })
    expect(queued.code, queued.stderr).toBe(0)
    const w = startWorker(ws, env, ["--until-empty"])
    children.push(w.child)
    await until("two wait lines", () => w.events.filter((e) => e.type === "store-wait").length >= 2)
    const lines = w.stderr.split("\n").filter((l) => l.includes("not answering yet"))
    expect(lines[0]).toMatch(/trying again in 1s .*Ctrl\+C quits/)
    expect(lines[1]).toMatch(/trying again in 2s/)
    expect(lines[0]).toContain(viaRelay.replace(/:[^:@/]*@/, "@").replace(/\/$/, ""))
    expect(w.stderr).not.toContain(":llp@")
    await relay.up()
    const done = await w.exited
    expect(done.code, w.stderr).toBe(0)
    expect(w.stderr).toContain("the Postgres store answers: starting")
    expect(w.events.filter((e) => e.type === "done")).toHaveLength(6)
  }, 120_000)

  it("during a run: the worker says the store is down and, once, that it answers again; nothing is lost or run twice", async () => {
    const env = { LLP_DATABASE_URL: viaRelay }
    const queued = await llp(ws, ["tournament", "--bots", "llama-3.2-1b-instruct", "--category", "out", "--name", "mid", "--distributed"], env)
    expect(queued.code, queued.stderr).toBe(0)
    const w = startWorker(ws, env, ["--until-empty", "--stale-after", "30"])
    children.push(w.child)
    // the store goes away in the middle of the second job's answer, for a few heartbeats
    await until("the second job to stream", () => w.events.filter((e) => e.type === "done").length >= 1 && w.events.at(-1)?.type === "claimed")
    await new Promise((r) => setTimeout(r, 200))
    await relay.down()
    await until("the worker to notice", () => w.events.some((e) => e.type === "store-down"))
    await new Promise((r) => setTimeout(r, 3000))
    await relay.up()
    const done = await w.exited
    expect(done.code, w.stderr).toBe(0)
    expect(w.events.filter((e) => e.type === "store-up"), w.stderr).toHaveLength(1)
    expect(w.stderr.split("\n").filter((l) => l.includes("answers again"))).toHaveLength(1)
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try {
      const jobs = (await c.query("SELECT status, run_id FROM jobs WHERE tournament = 'mid'")).rows
      expect(jobs.map((j) => j.status)).toEqual(Array(6).fill("done"))
      const dup = await c.query(`SELECT prompt_id FROM runs r JOIN bots b ON b.id = r.bot_id WHERE b.name = 'llama-3.2-1b-instruct' AND status = 'complete' GROUP BY prompt_id HAVING count(*) <> 1`)
      expect(dup.rows).toEqual([])
    } finally {
      await c.end()
    }
  }, 120_000)

  it("a run that fails at once through a slow store link fails its job, never an internal error", async () => {
    // through the relay the run's row is still being inserted when the server's error arrives: the insert
    // used to be cached by the fiber that the error interrupted, and the final save found no row
    const env = { LLP_DATABASE_URL: viaRelay }
    const queued = await llp(ws, ["tournament", "--bots", "openai/gpt-oss-20b", "--category", "out", "--name", "broken", "--distributed"], env)
    expect(queued.code, queued.stderr).toBe(0)
    sim.setFaults([{ kind: "mid-stream-error", afterTokens: 3 }])
    relay.lag(40)
    try {
      const w = startWorker(ws, env, ["--until-empty"])
      children.push(w.child)
      const done = await w.exited
      expect(w.stderr).not.toContain("internal error")
      expect(done.code, w.stderr).toBe(1)
      expect(w.events.filter((e) => e.type === "failed")).toHaveLength(6)
    } finally {
      sim.setFaults([])
      relay.lag(0)
    }
    // the failed jobs are the next test's
  }, 60_000)

  it("--status points failed jobs to --retry-failed, which queues them again; --forget-stopped tidies the workers list", async () => {
    const env = { LLP_DATABASE_URL: db.url }
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try {
      await c.query("UPDATE jobs SET status = 'failed', error = 'model not found' WHERE tournament = 'mid' AND id IN (SELECT id FROM jobs WHERE tournament = 'mid' ORDER BY id LIMIT 2)")
      await c.query("DELETE FROM jobs WHERE tournament = 'broken'")
      await c.query("INSERT INTO workers (id, host, machine, providers, heartbeat_at) VALUES ('old-box', 'old', 'x', 'lmstudio', now() - interval '3 days')")
      const status = await llp(ws, ["tournament", "--status", "--name", "mid"], env)
      expect(status.code, status.stderr).toBe(0)
      expect(status.stdout).toContain("model not found")
      expect(status.stdout).toContain("llp tournament --retry-failed --name mid queues the failed jobs again")
      expect(status.stdout).toMatch(/1 older worker not shown/)
      expect(status.stdout).not.toContain("old-box")
      // the workers of the earlier tests stopped cleanly: alive within their own stale-after, now stopped
      expect(status.stdout).toMatch(/STALE AFTER/)

      const retried = await llp(ws, ["tournament", "--retry-failed", "--name", "mid", "--json"], env)
      expect(retried.code, retried.stderr).toBe(0)
      expect(JSON.parse(retried.stdout)).toEqual({ type: "retried", tournament: "mid", jobs: 2 })
      expect(retried.stderr).toContain("queued 2 failed jobs again in tournament mid")
      expect((await c.query("SELECT count(*)::int AS n FROM jobs WHERE tournament = 'mid' AND status = 'waiting'")).rows[0].n).toBe(2)

      const forgot = await llp(ws, ["worker", "--forget-stopped", "--json"], env)
      expect(forgot.code, forgot.stderr).toBe(0)
      // the three workers of the tests above stopped (the one that quit while waiting never registered); the old box was silent for days
      expect(JSON.parse(forgot.stdout)).toEqual({ type: "forgotten", workers: 4 })
      const after = JSON.parse((await llp(ws, ["tournament", "--status", "--json"], env)).stdout)
      expect(after.workers).toEqual([])
      expect(after.hiddenWorkers).toBe(0)
      expect(Object.values(after.doneBy as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(10)
    } finally {
      await c.end()
    }
  }, 60_000)
})
