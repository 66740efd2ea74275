import { describe, expect, it } from "vitest"
import * as F from "../../src/presentation/format.js"
import { botParams } from "../../src/presentation/bot.js"

describe("formatters", () => {
  it("formats points, speeds and times", () => {
    expect(F.points(30)).toBe("30")
    expect(F.points(12.25)).toBe("12.3")
    expect(F.points(null)).toBe("–")
    expect(F.tokensPerSecond(23.456)).toBe("23.5")
    expect(F.tokensPerSecond(909.1)).toBe("909")
    expect(F.tokensPerSecond(null)).toBe("–")
    expect(F.seconds(350)).toBe("0.35s")
    expect(F.seconds(69_210)).toBe("69.2s")
    expect(F.seconds(132_000)).toBe("132s")
    expect(F.elapsed(4100)).toBe("4.1s")
    expect(F.elapsed(65_000)).toBe("1m05s")
    expect(F.stars(4.25)).toBe("4.3")
    expect(F.starBar(3.4)).toBe("★★★☆☆")
    expect(F.when("2025-01-31T14:05:22.000Z")).toBe("2025-01-31 14:05")
  })

  it("summarises a bot's parameters", () => {
    const rows = botParams({
      id: 1,
      name: "b",
      provider: "lmstudio",
      model: "m",
      load: { contextLength: 32768, gpuLayers: -1, flashAttention: true },
      sampling: { temperature: 0.1, topK: 16 },
      meta: { quantization: "Q8_0", sizeBytes: 8_100_000_000 },
      notes: "",
      createdAt: "",
      updatedAt: ""
    })
    expect(Object.fromEntries(rows)).toEqual({
      Model: "lmstudio: m",
      Load: "ctx 32768 · gpu layers -1 · flash attn on",
      Sampling: "temp 0.1 · top-k 16",
      Meta: "quant Q8_0 · size 8.10 GB",
      Notes: "–"
    })
  })
})
