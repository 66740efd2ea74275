import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { botInput, withStore } from "./helpers.js"

describe("bots", () => {
  it.effect("round-trips every parameter group through real columns", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const created = yield* store.createBot({
          name: "Qwen Coder",
          provider: "lmstudio",
          model: "qwen2.5-coder-32b-instruct",
          load: { contextLength: 32768, gpuLayers: -1, gpuOffload: 0.75, batchSize: 512, threads: 16, flashAttention: true, mmap: true, mlock: false, keepAlive: "10m" },
          sampling: { temperature: 0.1, topK: 16, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, frequencyPenalty: 0, presencePenalty: 0, maxTokens: -1 },
          meta: { type: "llm", publisher: "lmstudio-community", arch: "qwen2", quantization: "Q5_K_M", format: "gguf", sizeBytes: 23260000000, maxContext: 131072 },
          notes: "fits in 9 GB with 15 layers"
        })
        expect(created.id).toBeGreaterThan(0)
        expect(created.load).toEqual({ contextLength: 32768, gpuLayers: -1, gpuOffload: 0.75, batchSize: 512, threads: 16, flashAttention: true, mmap: true, mlock: false, keepAlive: "10m" })
        expect(created.sampling).toEqual({ temperature: 0.1, topK: 16, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, frequencyPenalty: 0, presencePenalty: 0, maxTokens: -1 })
        expect(created.meta.quantization).toBe("Q5_K_M")
        expect(yield* store.getBot(created.id)).toEqual(created)
        // parameters are columns SQL can filter on
        const big = yield* sql<{ name: string }>`SELECT name FROM bots WHERE context_length >= 32768 AND flash_attention = 1 AND quantization = 'Q5_K_M'`
        expect(big).toEqual([{ name: "Qwen Coder" }])

        const minimal = yield* store.createBot({ name: "Tiny", provider: "ollama", model: "llama3.2:1b" })
        expect(minimal).toMatchObject({ load: {}, sampling: {}, meta: {}, notes: "" })
        expect((yield* store.listBots()).map((b) => b.name)).toEqual(["Qwen Coder", "Tiny"])
      })
    )
  )

  it.effect("finds a bot by exact name in any case, or by id when given digits", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const a = yield* store.createBot(botInput("Gemma 2 9B"))
        const digits = yield* store.createBot(botInput("2024"))
        expect((yield* store.findBot("gemma 2 9b")).id).toBe(a.id)
        expect((yield* store.findBot(" GEMMA 2 9B ")).id).toBe(a.id)
        expect((yield* store.findBot(String(a.id))).id).toBe(a.id)
        expect((yield* store.findBot("2024")).id).toBe(digits.id)
        const missing = yield* Effect.flip(store.findBot("gemma"))
        expect(missing).toMatchObject({ _tag: "StoreError", reason: "NotFound", detail: "no bot named gemma" })
        expect(yield* Effect.flip(store.findBot("999"))).toMatchObject({ reason: "NotFound", detail: "no bot with id or name 999" })
        expect(yield* Effect.flip(store.getBot(42))).toMatchObject({ reason: "NotFound", detail: "no bot with id 42" })
      })
    )
  )

  it.effect("refuses a duplicate name, whatever its case, as a Conflict", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        yield* store.createBot(botInput("Mistral Nemo"))
        const error = yield* Effect.flip(store.createBot(botInput("mistral nemo")))
        expect(error).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        expect(error.message).toBe("a bot named mistral nemo already exists")
        const other = yield* store.createBot(botInput("Phi 3"))
        const rename = yield* Effect.flip(store.updateBot(other.id, { name: "MISTRAL NEMO" }))
        expect(rename).toMatchObject({ reason: "Conflict", detail: "a bot named MISTRAL NEMO already exists" })
      })
    )
  )

  it.effect("refuses a name whose answer files would be another bot's (Good Bot/v1 and Good-Bot_v1 both save as Good-Bot_v1.md)", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const first = yield* store.createBot(botInput("Good Bot/v1"))
        const clash = yield* Effect.flip(store.createBot(botInput("good-bot_v1")))
        expect(clash).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        expect(clash.message).toBe("the name good-bot_v1 would share the answer files of the bot Good Bot/v1 in llm_outputs/ (both are saved as good-bot_v1.md); choose another name")
        const other = yield* store.createBot(botInput("Good Bot v2"))
        expect(yield* Effect.flip(store.updateBot(other.id, { name: "Good Bot\\v1" }))).toMatchObject({ reason: "Conflict" })
        // renaming a bot to a name of the same files is its own business; other fields change freely
        expect((yield* store.updateBot(first.id, { name: "Good Bot:v1" })).name).toBe("Good Bot:v1")
        expect((yield* store.updateBot(first.id, { notes: "x" })).notes).toBe("x")
      })
    )
  )

  it.effect("names the field of a bad value", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const cases: ReadonlyArray<[Parameters<typeof store.createBot>[0], string]> = [
          [botInput(""), "name"],
          [botInput(" padded "), "name"],
          [botInput("x".repeat(201)), "name"],
          [{ ...botInput("a"), provider: "" }, "provider"],
          [{ ...botInput("a"), model: "" }, "model"],
          [botInput("a", { load: { contextLength: 0 } }), "load.contextLength"],
          [botInput("a", { load: { gpuLayers: -2 } }), "load.gpuLayers"],
          [botInput("a", { load: { gpuOffload: 1.5 } }), "load.gpuOffload"],
          [botInput("a", { sampling: { temperature: 3 } }), "sampling.temperature"],
          [botInput("a", { sampling: { topK: 1.5 } }), "sampling.topK"],
          [botInput("a", { sampling: { maxTokens: -2 } }), "sampling.maxTokens"]
        ]
        for (const [input, field] of cases) {
          const error = yield* Effect.flip(store.createBot(input))
          expect(error, field).toMatchObject({ _tag: "InvalidInput", field })
        }
        expect(yield* store.listBots()).toEqual([])
      })
    )
  )

  it.effect("updates a bot field by field, merging parameter groups", () =>
    withStore(({ store }) =>
      Effect.gen(function* () {
        const bot = yield* store.createBot(botInput("Aya", { load: { contextLength: 8192, threads: 8 }, sampling: { temperature: 0.5 } }))
        const updated = yield* store.updateBot(bot.id, { load: { threads: 16 }, notes: "8k only" })
        expect(updated.load).toEqual({ contextLength: 8192, threads: 16 })
        expect(updated.sampling).toEqual({ temperature: 0.5 })
        expect(updated.notes).toBe("8k only")
        expect(updated.name).toBe("Aya")
        expect(yield* store.getBot(bot.id)).toEqual(updated)
        expect(yield* Effect.flip(store.updateBot(bot.id, { sampling: { topP: 2 } }))).toMatchObject({ _tag: "InvalidInput", field: "sampling.topP" })
        expect(yield* Effect.flip(store.updateBot(999, { notes: "x" }))).toMatchObject({ reason: "NotFound" })
      })
    )
  )

  it.effect("removes a bot with its runs and scores", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        const bot = yield* store.createBot(botInput("Gone"))
        yield* store.saveCategory({ key: "c", title: "C", systemPrompt: "", temperature: 0.1, order: 0 })
        const p = yield* store.createPrompt({ category: "c", slug: "p", order: 1, title: "P", text: "t", points: 10, useSystemPrompt: true, rubric: [] })
        const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "an answer to delete" })
        yield* store.scoreRun({ runId: run.id, points: 5 })
        yield* store.removeBot(bot.id)
        expect(yield* sql`SELECT count(*) AS n FROM runs`).toEqual([{ n: 0 }])
        expect(yield* sql`SELECT count(*) AS n FROM scores`).toEqual([{ n: 0 }])
        expect(yield* store.searchOutputs("answer")).toEqual([])
        expect(yield* store.searchBots("gone")).toEqual([])
        expect(yield* Effect.flip(store.removeBot(bot.id))).toMatchObject({ reason: "NotFound" })
      })
    )
  )
})
