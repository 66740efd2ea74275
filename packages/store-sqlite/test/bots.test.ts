import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { withStore } from "./helpers.js"

// what any store must do with bots is in the shared contract (@llp/testkit/store-contract, run by contract.test.ts)
describe("bots on SQLite", () => {
  it.effect("keeps every parameter in a real column SQL can filter on", () =>
    withStore(({ store, sql }) =>
      Effect.gen(function* () {
        yield* store.createBot({
          name: "Qwen Coder",
          provider: "lmstudio",
          model: "qwen2.5-coder-32b-instruct",
          load: { contextLength: 32768, flashAttention: true },
          meta: { quantization: "Q5_K_M" }
        })
        yield* store.createBot({ name: "Tiny", provider: "ollama", model: "llama3.2:1b", load: { contextLength: 32768 } })
        const big = yield* sql<{ name: string }>`SELECT name FROM bots WHERE context_length >= 32768 AND flash_attention = 1 AND quantization = 'Q5_K_M'`
        expect(big).toEqual([{ name: "Qwen Coder" }])
      })
    )
  )
})
