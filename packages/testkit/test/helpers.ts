import { afterEach } from "vitest"
import { startSimulator } from "../src/index.js"
import type { SimOptions, Simulator } from "../src/index.js"

const open: Simulator[] = []

/** Start a simulator that is closed after the test. */
export const sim = async (options: SimOptions): Promise<Simulator> => {
  const s = await startSimulator(options)
  open.push(s)
  return s
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

export const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })

export const getJson = async (url: string): Promise<{ status: number; body: any }> => {
  const res = await fetch(url)
  return { status: res.status, body: await res.json() }
}

export interface Read {
  chunks: Uint8Array[]
  text: string
  /** The read error when the body did not end cleanly (e.g. a cut socket). */
  error: unknown
  /** ms between the request and each chunk. */
  times: number[]
}

/** Read a body chunk by chunk, keeping the raw pieces and any error. */
export const read = async (res: Response, start = performance.now()): Promise<Read> => {
  const chunks: Uint8Array[] = []
  const times: number[] = []
  let error: unknown = undefined
  const reader = res.body!.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      times.push(performance.now() - start)
    }
  } catch (e) {
    error = e
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks))
  return { chunks, text, error, times }
}

export interface SseEvent {
  event?: string
  /** The field name of the payload line: "data", or "error" (llama.cpp). */
  field: string
  data: string
}

/** A tiny SSE reader: events separated by blank lines, `:` comments dropped, CRLF or LF. */
export const parseSse = (text: string): { events: SseEvent[]; comments: number } => {
  const events: SseEvent[] = []
  let comments = 0
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === "") continue
    const e: SseEvent = { field: "data", data: "" }
    let payload = false
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(":")) {
        comments++
        continue
      }
      const i = line.indexOf(":")
      const name = i < 0 ? line : line.slice(0, i)
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "")
      if (name === "event") e.event = value
      else {
        e.field = name
        e.data = value
        payload = true
      }
    }
    if (payload) events.push(e)
  }
  return { events, comments }
}

/** JSON payloads of `data:` events, without `[DONE]`. */
export const dataJson = (events: SseEvent[]): any[] =>
  events.filter((e) => e.field === "data" && e.data !== "[DONE]").map((e) => JSON.parse(e.data))

/** The concatenated `delta.content` of OpenAI chunks. */
export const deltaText = (chunks: any[]): string => chunks.map((c) => c.choices?.[0]?.delta?.content ?? "").join("")

export const ndjson = (text: string): any[] =>
  text
    .split(/\r?\n/)
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l))

export const user = (content: string) => [{ role: "user", content }]
