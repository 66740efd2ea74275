import { Effect } from "effect"
import { describe, expect } from "vitest"
import { botInput } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

export const botContract = (target: StoreTarget) =>
  describe(`Store contract (${target.name}): bots`, () => {
    const test = storeIt(target)

    test("round-trips every parameter group", (store) =>
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
        expect(created.meta).toEqual({ type: "llm", publisher: "lmstudio-community", arch: "qwen2", quantization: "Q5_K_M", format: "gguf", sizeBytes: 23260000000, maxContext: 131072 })
        expect(created.notes).toBe("fits in 9 GB with 15 layers")
        expect(yield* store.getBot(created.id)).toEqual(created)

        const minimal = yield* store.createBot({ name: "Tiny", provider: "ollama", model: "llama3.2:1b" })
        expect(minimal).toMatchObject({ load: {}, sampling: {}, meta: {}, notes: "" })
        expect((yield* store.listBots()).map((b) => b.name)).toEqual(["Qwen Coder", "Tiny"])
      })
    )

    test("lists bots by name ignoring case, then by id", (store) =>
      Effect.gen(function* () {
        for (const name of ["charlie", "Beta", "alpha", "Delta 2", "delta 10"]) yield* store.createBot(botInput(name))
        expect((yield* store.listBots()).map((b) => b.name)).toEqual(["alpha", "Beta", "charlie", "delta 10", "Delta 2"])
      })
    )

    test("finds a bot by exact name in any case, or by id when given digits", (store) =>
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

    test("refuses a duplicate name, whatever its case, as a Conflict", (store) =>
      Effect.gen(function* () {
        yield* store.createBot(botInput("Mistral Nemo"))
        const error = yield* Effect.flip(store.createBot(botInput("mistral nemo")))
        expect(error).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
        expect(error.message).toBe("a bot named mistral nemo already exists")
        const other = yield* store.createBot(botInput("Phi 3"))
        const rename = yield* Effect.flip(store.updateBot(other.id, { name: "MISTRAL NEMO" }))
        expect(rename).toMatchObject({ reason: "Conflict", detail: "a bot named MISTRAL NEMO already exists" })
        expect((yield* store.listBots()).map((b) => b.name)).toEqual(["Mistral Nemo", "Phi 3"])
      })
    )

    test("refuses a name whose answer files would be another bot's (Good Bot/v1 and Good-Bot_v1 both save as Good-Bot_v1.md)", (store) =>
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

    test("names the field of a bad value, and stores nothing", (store) =>
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

    test("updates a bot field by field, merging parameter groups", (store) =>
      Effect.gen(function* () {
        const bot = yield* store.createBot(botInput("Aya", { load: { contextLength: 8192, threads: 8 }, sampling: { temperature: 0.5 } }))
        const updated = yield* store.updateBot(bot.id, { load: { threads: 16 }, notes: "8k only" })
        expect(updated.load).toEqual({ contextLength: 8192, threads: 16 })
        expect(updated.sampling).toEqual({ temperature: 0.5 })
        expect(updated.notes).toBe("8k only")
        expect(updated.name).toBe("Aya")
        expect(yield* store.getBot(bot.id)).toEqual(updated)
        expect(yield* Effect.flip(store.updateBot(bot.id, { sampling: { topP: 2 } }))).toMatchObject({ _tag: "InvalidInput", field: "sampling.topP" })
        expect(yield* store.getBot(bot.id)).toEqual(updated)
        expect(yield* Effect.flip(store.updateBot(999, { notes: "x" }))).toMatchObject({ reason: "NotFound" })
      })
    )

    test("removes a bot with its runs and scores", (store) =>
      Effect.gen(function* () {
        const bot = yield* store.createBot(botInput("Gone"))
        const kept = yield* store.createBot(botInput("Kept"))
        yield* store.saveCategory({ key: "c", title: "C", systemPrompt: "", temperature: 0.1, order: 0 })
        const p = yield* store.createPrompt({ category: "c", slug: "p", order: 1, title: "P", text: "t", points: 10, useSystemPrompt: true, rubric: [] })
        const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: "an answer to delete" })
        yield* store.scoreRun({ runId: run.id, points: 5 })
        const other = yield* store.addManualRun({ botId: kept.id, promptId: p.id, output: "an answer to keep" })
        yield* store.scoreRun({ runId: other.id, points: 6 })
        yield* store.removeBot(bot.id)
        expect((yield* store.listRuns()).map((r) => r.id)).toEqual([other.id])
        expect((yield* store.listScores()).map((s) => s.run.id)).toEqual([other.id])
        expect(yield* Effect.flip(store.getRun(run.id))).toMatchObject({ reason: "NotFound" })
        expect((yield* store.searchOutputs("answer")).map((h) => h.runId)).toEqual([other.id])
        expect(yield* store.searchBots("gone")).toEqual([])
        expect((yield* store.leaderboard()).map((r) => r.bot)).toEqual(["Kept"])
        expect(yield* Effect.flip(store.getBot(bot.id))).toMatchObject({ reason: "NotFound" })
        expect(yield* Effect.flip(store.removeBot(bot.id))).toMatchObject({ reason: "NotFound" })
      })
    )
  })
