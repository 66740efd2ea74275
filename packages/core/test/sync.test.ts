import { describe, expect, it } from "vitest"
import { planBotImport, type ModelEntry } from "../src/index.js"

const model = (id: string, type = "llm"): ModelEntry => ({ id, type, meta: {} }) as ModelEntry

describe("planBotImport", () => {
  it("skips embeddings and models already a bot, and names each new bot apart down to its answer file", () => {
    const bots = [
      { name: "qwen/qwen3-8b", provider: "lmstudio", model: "qwen/qwen3-8b" },
      { name: "gemma", provider: "ollama", model: "gemma:2b" }
    ]
    const models = [model("qwen/qwen3-8b"), model("nomic-embed-text", "embeddings"), model("Gemma"), model("qwen_qwen3-8b"), model("qwen:qwen3-8b")]
    const { inputs, skipped } = planBotImport("lmstudio", models, bots)
    expect(skipped).toBe(1)
    // "Gemma" is the name of a bot already; qwen_qwen3-8b and qwen:qwen3-8b would both be saved as qwen_qwen3-8b.md, like qwen/qwen3-8b
    expect(inputs.map((i) => i.name)).toEqual(["Gemma (lmstudio)", "qwen_qwen3-8b (lmstudio)", "qwen:qwen3-8b (lmstudio 2)"])
    expect(inputs.map((i) => i.model)).toEqual(["Gemma", "qwen_qwen3-8b", "qwen:qwen3-8b"])
  })
})
