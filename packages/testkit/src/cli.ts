import { parseArgs } from "node:util"
import { judgeReply } from "./judge.js"
import { startSimulator } from "./server.js"
import type { Fault, SimKind, SimModel, SimOptions } from "./types.js"

const USAGE = `usage: llp-sim <lmstudio|ollama|openai|llamacpp> [options]

  --port N          listen on 127.0.0.1:N (default: a free port)
  --delay MS        delay between tokens (default 0)
  --tokens N        flood mode: stream N tokens as fast as possible
  --fault JSON      a fault, e.g. '{"kind":"stall","afterTokens":3,"ms":500}' (repeatable)
  --models JSON     the model list, a JSON array of {id, type?, arch?, quantization?, format?, maxContext?, sizeBytes?, loaded?}
  --api-key KEY     require "Authorization: Bearer KEY"
  --flat-errors     vLLM's older flat error shape (openai kind)
  --judge           answer like a judge model: schema-valid JSON verdicts to requests that carry a JSON schema
                    in the server's structured-output field (llp judge), ordinary answers otherwise
  --verbose         log each request to stderr

Prints the base URL on stdout, then serves until SIGINT/SIGTERM.
Faults can be changed while running: POST /__sim/faults with a JSON array of faults.`

const KINDS: readonly SimKind[] = ["lmstudio", "ollama", "openai", "llamacpp"]

const fail = (message: string): never => {
  process.stderr.write(`llp-sim: ${message}\n\n${USAGE}\n`)
  process.exit(2)
}

const json = <T>(text: string, what: string): T => {
  try {
    return JSON.parse(text) as T
  } catch {
    return fail(`--${what} is not valid JSON: ${text}`)
  }
}

const int = (text: string | undefined, what: string): number | undefined => {
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isInteger(n) && n >= 0 ? n : fail(`--${what} must be a non-negative integer`)
}

const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string" },
      delay: { type: "string" },
      tokens: { type: "string" },
      fault: { type: "string", multiple: true },
      models: { type: "string" },
      "api-key": { type: "string" },
      "flat-errors": { type: "boolean" },
      judge: { type: "boolean" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    }
  })
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const kind = positionals[0]
  if (kind === undefined || !KINDS.includes(kind as SimKind)) return fail(`unknown kind: ${kind ?? "(none)"}`)
  const options: SimOptions = { kind: kind as SimKind, control: true, faults: (values.fault ?? []).map((f) => json<Fault>(f, "fault")) }
  const port = int(values.port, "port")
  const delay = int(values.delay, "delay")
  const tokens = int(values.tokens, "tokens")
  if (port !== undefined) options.port = port
  if (delay !== undefined) options.tokenDelayMs = delay
  if (tokens !== undefined) options.tokens = tokens
  if (values.models !== undefined) options.models = json<SimModel[]>(values.models, "models")
  if (values["api-key"] !== undefined) options.apiKey = values["api-key"]
  if (values["flat-errors"] === true) options.flatErrors = true
  if (values.judge === true) options.reply = judgeReply()

  const sim = await startSimulator(options)
  process.stdout.write(`${sim.url}\n`)
  if (values.verbose === true) {
    const seen = { n: 0 }
    setInterval(() => {
      for (const r of sim.requests.slice(seen.n)) process.stderr.write(`${new Date(r.at).toISOString()} ${r.method} ${r.path}\n`)
      seen.n = sim.requests.length
    }, 100).unref()
  }
  const shutdown = (): void => {
    void sim.close().then(() => process.exit(0))
  }
  process.once("SIGINT", shutdown)
  process.once("SIGTERM", shutdown)
}

main().catch((error: unknown) => {
  process.stderr.write(`llp-sim: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
