import { describe, expect, it } from "vitest"
import { isSameSetup, loadKey, sweepVariants, type Bot } from "../src/index.js"

const base: Bot = {
  id: 1,
  name: "Qwen2.5 7B",
  provider: "lmstudio",
  model: "qwen2.5-7b-instruct",
  load: { contextLength: 4096, flashAttention: true },
  sampling: { temperature: 0.7, topK: 40 },
  meta: { quantization: "Q4_K_M" },
  notes: "",
  createdAt: "",
  updatedAt: ""
}

describe("sweepVariants", () => {
  it("makes one variant per combination, named after its values, load settings together", () => {
    const v = sweepVariants(base, { temperatures: [0.1, 0.5, 0.9], contextLengths: [8192, 32768], gpuLayers: [20, -1] })
    expect(v).toHaveLength(12)
    expect(v.map((x) => x.input.name).slice(0, 4)).toEqual(["Qwen2.5 7B · t0.1 · ctx8k · gpu20", "Qwen2.5 7B · t0.5 · ctx8k · gpu20", "Qwen2.5 7B · t0.9 · ctx8k · gpu20", "Qwen2.5 7B · t0.1 · ctx8k · gpu-all"])
    expect(new Set(v.map((x) => x.input.name)).size).toBe(12)
    const one = v.find((x) => x.input.name === "Qwen2.5 7B · t0.5 · ctx32k · gpu-all")!
    // the base's other parameters are kept
    expect(one.input).toMatchObject({ model: base.model, load: { contextLength: 32768, gpuLayers: -1, flashAttention: true }, sampling: { temperature: 0.5, topK: 40 }, meta: base.meta })
    // four load settings, each a run of three consecutive variants
    const keys = v.map((x) => loadKey({ ...base, ...x.input, load: x.input.load ?? {} }))
    expect(new Set(keys).size).toBe(4)
    for (let i = 0; i < 12; i += 3) expect(new Set(keys.slice(i, i + 3)).size).toBe(1)
  })

  it("sweeps models by the last part of their id, dropping the base's model facts for another model", () => {
    const v = sweepVariants(base, { models: ["lmstudio-community/qwen2.5-7b@q8_0", "qwen2.5-7b-instruct"], temperatures: [] })
    expect(v.map((x) => x.input.name)).toEqual(["Qwen2.5 7B · qwen2.5-7b@q8_0", "Qwen2.5 7B · qwen2.5-7b-instruct"])
    expect(v[0]!.input.meta).toEqual({})
    expect(v[1]!.input.meta).toEqual(base.meta)
  })

  it("ignores repeated values and tells a bot with the same setup", () => {
    const v = sweepVariants(base, { temperatures: [0.2, 0.2] })
    expect(v).toHaveLength(1)
    const stored: Bot = { ...base, id: 9, name: v[0]!.input.name, sampling: { temperature: 0.2, topK: 40 } }
    expect(isSameSetup(stored, v[0]!.input)).toBe(true)
    expect(isSameSetup({ ...stored, sampling: { temperature: 0.3, topK: 40 } }, v[0]!.input)).toBe(false)
  })
})
