import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Ctx, findFault, SimState } from "./context.js"
import type { KindServer } from "./kind.js"
import { llamacpp } from "./llamacpp.js"
import { lmstudio } from "./lmstudio.js"
import { ollama } from "./ollama.js"
import { openai } from "./openai.js"
import type { Fault, RecordedRequest, SimKind, SimOptions, Simulator } from "./types.js"
import { structuredSchema } from "./structured.js"
import { Wire } from "./wire.js"

const KINDS: Record<SimKind, KindServer> = { lmstudio, ollama, openai, llamacpp }

const HOST = "127.0.0.1"

const record = async (req: IncomingMessage): Promise<RecordedRequest> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const rawBody = Buffer.concat(chunks).toString("utf8")
  const url = new URL(req.url ?? "/", `http://${HOST}`)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
  }
  let body: unknown = undefined
  if (rawBody.trim() !== "") {
    try {
      body = JSON.parse(rawBody)
    } catch {
      body = undefined
    }
  }
  return { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, rawBody, at: Date.now() }
}

/** Start a simulated local LLM server on 127.0.0.1. */
export const startSimulator = async (options: SimOptions): Promise<Simulator> => {
  const state = new SimState(options)
  const kind = KINDS[options.kind]
  const requests: RecordedRequest[] = []
  let port = options.port ?? 0
  let listening = false
  let stoppedByUser = false

  const control = async (rec: RecordedRequest, res: ServerResponse): Promise<boolean> => {
    if (options.control !== true || !rec.path.startsWith("/__sim/")) return false
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body))
    }
    if (rec.method === "POST" && rec.path === "/__sim/faults" && Array.isArray(rec.body)) {
      sim.setFaults(rec.body as Fault[])
      reply(200, { faults: state.faults })
    } else if (rec.method === "GET" && rec.path === "/__sim/faults") reply(200, { faults: state.faults })
    else if (rec.method === "GET" && rec.path === "/__sim/requests") reply(200, { requests })
    else reply(404, { error: "unknown control route" })
    return true
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rec = await record(req)
    if (await control(rec, res)) return
    const structured = structuredSchema(options.kind, rec.path, rec.body)
    if (structured !== undefined) rec.structured = structured
    requests.push(rec)
    const faults = [...state.faults]
    const wire = new Wire(res, {
      crlf: findFault(faults, "crlf") !== undefined,
      split: findFault(faults, "split-chunks") !== undefined,
      keepalive: findFault(faults, "keepalive-comments") !== undefined
    })
    const ctx = new Ctx(state, rec, res, wire, faults)
    try {
      if (findFault(faults, "http-500")) return await kind.serverError(ctx)
      const key = options.apiKey
      if (key !== undefined && rec.headers["authorization"] !== `Bearer ${key}` && kind.isPublic?.(rec.path) !== true) {
        return await kind.unauthorized(ctx)
      }
      if (!(await kind.route(ctx))) await kind.notFound(ctx)
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(`simulator error: ${String(error)}`)
      else res.destroy()
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (listening) return resolve()
      listening = true
      const fail = (error: Error): void => {
        listening = false
        reject(error)
      }
      server.once("error", fail)
      server.listen(port, HOST, () => {
        server.off("error", fail)
        port = (server.address() as AddressInfo).port
        resolve()
      })
    })

  const unlisten = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening) return resolve()
      listening = false
      server.closeAllConnections()
      server.close(() => resolve())
      state.wakeAll()
    })

  const sim: Simulator = {
    get url() {
      return `http://${HOST}:${port}`
    },
    get port() {
      return port
    },
    kind: options.kind,
    requests,
    setFaults(faults) {
      state.faults = [...faults]
      state.faultsSince = Date.now()
      const refuse = faults.some((f) => f.kind === "refuse")
      if (refuse) void unlisten()
      else if (!stoppedByUser) listen().catch(() => undefined)
    },
    close: () => {
      stoppedByUser = true
      return unlisten()
    },
    stop: () => {
      stoppedByUser = true
      return unlisten()
    },
    start: () => {
      stoppedByUser = false
      return listen()
    }
  }

  await listen()
  if (state.faults.some((f) => f.kind === "refuse")) await unlisten()
  return sim
}
