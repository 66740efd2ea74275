import { type PromptInput, Store } from "@llp/core"
import { Effect } from "effect"

const prompt = (category: string, slug: string, order: number, points: number, extra: Partial<PromptInput> = {}): PromptInput => ({
  category,
  slug,
  order,
  title: `${slug} title`,
  text: `Do ${slug}.\nWith "quotes", commas, and Tiếng Việt.`,
  points,
  useSystemPrompt: true,
  rubric: [{ points, text: "all of it" }],
  ...extra
})

/** A small tournament with awkward names, every run status, re-scores and a pinned run, made through the Store contract. */
export const seedWorkspace = Effect.gen(function* () {
  const store = yield* Store.Store
  yield* store.loadSuite({
    category: { key: "booting", title: "Booting", systemPrompt: "You are helpful.", temperature: 0.5, order: 0 },
    prompts: [prompt("booting", "teaching", 1, 40), prompt("booting", "translating", 2, 45, { temperature: 0.1, group: "Prompt 4" })]
  })
  yield* store.loadSuite({
    category: { key: "dich-thuat", title: "Dịch thuật | \"VN\"", systemPrompt: "Bạn là một dịch giả.", temperature: 0.1, order: 1 },
    prompts: [prompt("dich-thuat", "kinh", 1, 170, { useSystemPrompt: false })]
  })
  const [teaching, translating, kinh] = yield* Effect.all([
    store.listPrompts("booting").pipe(Effect.map((ps) => ps.find((p) => p.slug === "teaching")!)),
    store.listPrompts("booting").pipe(Effect.map((ps) => ps.find((p) => p.slug === "translating")!)),
    store.listPrompts("dich-thuat").pipe(Effect.map((ps) => ps[0]!))
  ])
  yield* store.updatePrompt(translating.id, { title: "Translating, edited" })

  const llama = yield* store.createBot({
    name: 'Llama "3.3", 70B',
    provider: "lmstudio",
    model: "llama-3.3-70b-instruct",
    load: { contextLength: 32768, gpuLayers: -1, flashAttention: true },
    sampling: { temperature: 0.1, topK: 16 },
    meta: { arch: "llama", quantization: "IQ2_M" },
    notes: "line one\nline two"
  })
  const viet = yield* store.createBot({ name: "Mô hình tiếng Việt 🦙", provider: "ollama", model: "vinallama:7b" })
  const formula = yield* store.createBot({ name: "=cmd|' /C calc'!A0", provider: "openai", model: "gpt-x" })

  let minute = 0
  const run = (botId: number, promptId: number, status: "complete" | "failed" | "cancelled" | "streaming", tps: number | null, output: string) =>
    Effect.gen(function* () {
      const startedAt = new Date(Date.UTC(2025, 0, 1, 10, minute++)).toISOString()
      const r = yield* store.startRun({ botId, promptId, provider: "lmstudio", model: "m", demo: false, request: { messages: [{ role: "user", content: "hi" }] }, startedAt })
      yield* store.updateRun(r.id, {
        status,
        output,
        reasoning: status === "complete" ? "<think>hmm</think>" : "",
        error: status === "failed" ? "HTTP 500" : null,
        endedAt: status === "streaming" ? null : new Date(Date.UTC(2025, 0, 1, 10, minute, 30)).toISOString(),
        answeredModel: "m-answered",
        ttftMs: tps === null ? null : 1000 / tps,
        generationMs: 2000,
        totalMs: 2500,
        promptTokens: 12,
        completionTokens: 345,
        tokensPerSecond: tps,
        speedSource: tps === null ? null : "server",
        serverTtftMs: 111,
        stopReason: "eosFound",
        serverStats: { tokens_per_second: tps, nested: { a: [1, 2] } },
        modelInfo: { arch: "llama" },
        runtime: { name: "llama.cpp" }
      })
      return r
    })

  const a1 = yield* run(llama.id, teaching.id, "complete", 17.25, "Answer 1, with \"quotes\"\nand lines")
  const a2 = yield* run(llama.id, teaching.id, "complete", 18.5, "Answer 2")
  const a3 = yield* run(llama.id, kinh.id, "complete", 16, "Bản dịch tiếng Việt 🦙")
  const b1 = yield* run(viet.id, kinh.id, "complete", 51.43709529007664, "Dịch hay")
  const b2 = yield* run(viet.id, translating.id, "failed", null, "")
  yield* run(viet.id, teaching.id, "streaming", null, "partial")
  const c1 = yield* run(formula.id, teaching.id, "cancelled", 2.28, "half")

  yield* store.scoreRun({ runId: a1.id, points: 30, note: "good\nbut long", source: "manual" })
  yield* store.scoreRun({ runId: a2.id, points: 25, note: "", source: "judge", detail: { judge: "x", reasons: ["a", "b"] } })
  yield* store.pinRun(a1.id, true)
  yield* store.scoreRun({ runId: a3.id, points: 120.5, note: "ok", source: "manual" })
  yield* store.scoreRun({ runId: a3.id, points: 150, note: "re-scored", source: "manual" })
  yield* store.scoreRun({ runId: b1.id, points: 160, note: "tuyệt vời", source: "auto", detail: { coverage: 0.9 } })
  yield* store.scoreRun({ runId: b2.id, points: 0, note: "failed run", source: "manual" })
  yield* store.scoreRun({ runId: c1.id, points: 5, note: "=1+1", source: "manual" })
})
