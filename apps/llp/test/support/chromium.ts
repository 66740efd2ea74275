import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { Readable, Writable } from "node:stream"

/** Chromium's binary: $LLP_CHROMIUM, else Debian's /usr/bin/chromium, else one on PATH; null when there is none. */
export const findChromium = (): string | null => {
  const candidates = [process.env.LLP_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) candidates.push(path.join(dir, "chromium"))
  return candidates.find((c): c is string => c !== undefined && c !== "" && fs.existsSync(c)) ?? null
}

interface Message {
  readonly id?: number
  readonly method?: string
  readonly params?: any
  readonly result?: any
  readonly error?: { readonly message: string }
  readonly sessionId?: string
}

/**
 * A headless Chromium driven over the DevTools protocol on --remote-debugging-pipe (fd 3 in, fd 4
 * out, one JSON message per NUL-terminated frame): Node's built-ins only, no npm dependency.
 */
export class Browser {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>()
  private readonly listeners: Array<(m: Message) => void> = []
  private buffer = ""
  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string
  ) {
    const out = child.stdio[4] as Readable
    out.setEncoding("utf8")
    out.on("data", (chunk: string) => {
      this.buffer += chunk
      let end: number
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message
        this.buffer = this.buffer.slice(end + 1)
        if (message.id !== undefined) {
          const p = this.pending.get(message.id)
          this.pending.delete(message.id)
          if (message.error) p?.reject(new Error(`${p.method}: ${message.error.message}`))
          else p?.resolve(message.result)
        } else for (const l of this.listeners) l(message)
      }
    })
  }

  static launch(binary: string): Browser {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "llp-chromium-"))
    const child = spawn(
      binary,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        `--user-data-dir=${profile}`,
        "--remote-debugging-pipe",
        "about:blank"
      ],
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] }
    )
    child.stderr!.resume()
    return new Browser(child, profile)
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<any> {
    const id = this.nextId++
    const frame = JSON.stringify(sessionId === undefined ? { id, method, params } : { id, method, params, sessionId })
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method })
      ;(this.child.stdio[3] as Writable).write(`${frame}\0`)
    })
  }

  on(listener: (m: Message) => void) {
    this.listeners.push(listener)
  }

  /** Resolves with the first event of that method (in that session) that passes the test. */
  waitFor(method: string, sessionId: string, timeoutMs = 30_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs)
      this.on((m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer)
          resolve(m.params)
        }
      })
    })
  }

  /** A new page, attached: its session id. */
  async page(): Promise<string> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" })
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true })
    return sessionId as string
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => undefined)
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve()
      const timer = setTimeout(() => {
        this.child.kill("SIGKILL")
        resolve()
      }, 5000)
      this.child.on("exit", () => {
        clearTimeout(timer)
        resolve()
      })
    })
    fs.rmSync(this.profile, { recursive: true, force: true })
  }
}

export interface PageVisit {
  readonly requests: ReadonlyArray<string>
  readonly errors: ReadonlyArray<string>
  readonly session: string
}

/** Opens a URL and records every request the page makes and every console error or exception, until it has loaded. */
export const visit = async (browser: Browser, url: string): Promise<PageVisit> => {
  const session = await browser.page()
  const requests: Array<string> = []
  const errors: Array<string> = []
  browser.on((m) => {
    if (m.sessionId !== session) return
    if (m.method === "Network.requestWillBeSent") requests.push(m.params.request.url)
    if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert")) errors.push(`console.${m.params.type}: ${JSON.stringify(m.params.args.map((a: any) => a.value ?? a.description))}`)
    if (m.method === "Runtime.exceptionThrown") errors.push(`exception: ${m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text}`)
    if (m.method === "Log.entryAdded" && m.params.entry.level === "error") errors.push(`log: ${m.params.entry.text} ${m.params.entry.url ?? ""}`)
  })
  await Promise.all([browser.send("Page.enable", {}, session), browser.send("Network.enable", {}, session), browser.send("Runtime.enable", {}, session), browser.send("Log.enable", {}, session)])
  const loaded = browser.waitFor("Page.loadEventFired", session)
  await browser.send("Page.navigate", { url }, session)
  await loaded
  return { requests, errors, session }
}
