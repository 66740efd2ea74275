import type { RecordedRequest } from "./types.js"

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const contentText = (content: unknown): string => {
  if (typeof content === "string") return content
  if (!Array.isArray(content)) return ""
  return content
    .map((part) => (isObject(part) && typeof part["text"] === "string" ? part["text"] : typeof part === "string" ? part : ""))
    .join("")
}

/** The last user message of an OpenAI/Ollama `messages` body, an LM Studio v1 `input`, or a `prompt`. */
export const lastUserText = (body: unknown): string => {
  if (!isObject(body)) return ""
  const messages = body["messages"]
  if (Array.isArray(messages)) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m: unknown = messages[i]
      if (isObject(m) && m["role"] === "user") return contentText(m["content"])
    }
    return ""
  }
  const input = body["input"]
  if (typeof input === "string") return input
  if (Array.isArray(input)) {
    for (let i = input.length - 1; i >= 0; i--) {
      const item: unknown = input[i]
      if (typeof item === "string") return item
      if (isObject(item) && (item["type"] === "message" || item["type"] === "text")) return contentText(item["content"] ?? item["text"])
    }
    return ""
  }
  return typeof body["prompt"] === "string" ? body["prompt"] : ""
}

/** FNV-1a, 32 bits. */
export const hash = (text: string): number => {
  let h = 0x811c9dc5
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

const topicOf = (req: RecordedRequest): string => {
  const user = lastUserText(req.body).replace(/\s+/g, " ").trim()
  return user === "" ? "your message" : Array.from(user).slice(0, 40).join("")
}

/** Deterministic answer from the last user message: sentences, a fenced code block, Vietnamese and an emoji. */
export const defaultReply = (req: RecordedRequest): string => {
  const n = hash(lastUserText(req.body)) % 1000
  return [
    `Xin chào! You asked: "${topicOf(req)}".`,
    "Here is a short, deterministic answer 🚀 — nothing more.",
    "",
    "```ts",
    `export const answer = ${n}`,
    "```",
    "",
    "Cảm ơn, that is all."
  ].join("\n")
}

/** The default reply to a request whose last user message is `userMessage` (for asserting streamed text). */
export const replyFor = (userMessage: string): string =>
  defaultReply({ method: "POST", path: "", query: {}, headers: {}, body: { messages: [{ role: "user", content: userMessage }] }, rawBody: "", at: 0 })

/** Reasoning text for models with `reasoning: true`. */
export const defaultReasoning = (req: RecordedRequest): string =>
  `Okay, the user wrote "${topicOf(req)}". I should greet them and give a short code sample.`

/**
 * Split text into word pieces: leading whitespace stays with its word, long words are cut every 5 code points
 * (never inside a code point). `tokenize(t).join("") === t`.
 */
export const tokenize = (text: string): string[] => {
  const out: string[] = []
  for (const match of text.matchAll(/\s*\S+|\s+/gu)) {
    const chars = Array.from(match[0])
    const lead = chars.findIndex((c) => !/\s/u.test(c))
    let first = lead < 0 ? chars.length : lead + 5
    out.push(chars.slice(0, first).join(""))
    while (first < chars.length) {
      out.push(chars.slice(first, first + 5).join(""))
      first += 5
    }
  }
  return out
}

/** A rough prompt token count: word pieces of every message plus 3 per message for the chat template. */
export const promptTokenCount = (body: unknown): number => {
  if (!isObject(body)) return 1
  const texts: string[] = []
  const messages = body["messages"]
  if (Array.isArray(messages)) {
    for (const m of messages) if (isObject(m)) texts.push(contentText(m["content"]))
  }
  if (typeof body["system_prompt"] === "string") texts.push(body["system_prompt"])
  const input = body["input"]
  if (typeof input === "string") texts.push(input)
  else if (Array.isArray(input)) for (const i of input) texts.push(isObject(i) ? contentText(i["content"]) : String(i))
  if (typeof body["prompt"] === "string") texts.push(body["prompt"])
  return Math.max(1, texts.reduce((sum, t) => sum + tokenize(t).length + 3, 0))
}

/** The prompt as word pieces (used by the llama.cpp prompt-cache emulation). */
export const promptPieces = (body: unknown): string[] => {
  if (!isObject(body) || !Array.isArray(body["messages"])) return []
  return body["messages"].flatMap((m: unknown) =>
    isObject(m) ? [`<${String(m["role"])}>`, ...tokenize(contentText(m["content"]))] : []
  )
}

export { isObject }
