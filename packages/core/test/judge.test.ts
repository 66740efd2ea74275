import { describe, expect, it } from "vitest"
import {
  agreement,
  baseName,
  itemId,
  judgeableItems,
  judgeSeed,
  orderItems,
  parsePairVerdict,
  parseManualItems,
  parseVerdicts,
  resolveSwap,
  scoreVerdicts,
  sharedFamily,
  verdictSchema,
  type Bot,
  type Criterion,
  type RubricVerdict
} from "../src/index.js"
import { spearman } from "../src/judge/agreement.js"

const rubric: Array<Criterion> = [
  { points: 10, text: "Says 4." },
  { points: 6, text: "Shows the working." },
  { points: 4, text: "Is brief." }
]
const items = judgeableItems(rubric)
const answer = (verdicts: Record<string, unknown>) => JSON.stringify(verdicts)
const v = (verdict: string, extra: Record<string, unknown> = {}) => ({ verdict, reason: 'It says "2 + 2 = 4".', ...extra })

describe("judge: item order and schema", () => {
  it("orders the items from the run's seed: the same run and judge always get the same order, every item once", () => {
    const seed = judgeSeed(42, 7)
    expect(orderItems(items, seed)).toEqual(orderItems(items, judgeSeed(42, 7)))
    expect(orderItems(items, seed).map((i) => i.index).sort()).toEqual([0, 1, 2])
  })

  it("puts each item first about equally often over many runs (known truth: 1/3 each)", () => {
    const first = [0, 0, 0]
    const n = 6000
    for (let run = 1; run <= n; run++) first[orderItems(items, judgeSeed(run, 1))[0]!.index]!++
    for (const count of first) expect(Math.abs(count / n - 1 / 3)).toBeLessThan(0.03)
  })

  it("asks for one required object per item, in the order sent, with the three verdicts", () => {
    const ordered = orderItems(items, 3)
    const schema = verdictSchema(ordered) as { required: Array<string>; properties: Record<string, any>; additionalProperties: boolean }
    expect(schema.required).toEqual(ordered.map(itemId))
    expect(Object.keys(schema.properties)).toEqual(ordered.map(itemId))
    expect(schema.properties["item1"].properties.verdict.enum).toEqual(["met", "partly", "not met"])
    expect(schema.additionalProperties).toBe(false)
  })

  it("leaves the automatically scored items of the swe task to the scorer", () => {
    const swe: Array<Criterion> = [
      { points: 50, text: "Runnable on the first try (automatic; 10 instead if it needed a minor manual adjustment)" },
      { points: 250, text: "Correct code (automatic)" },
      { points: 120, text: "Test coverage (automatic)" },
      { points: 60, text: "Comprehensive explanation (manual)" },
      { points: 20, text: "Good improvement suggestions (manual)" }
    ]
    expect(judgeableItems(swe).map((i) => [i.index, i.points])).toEqual([[3, 60], [4, 20]])
  })
})

describe("judge: strict parsing and scoring", () => {
  it("sums the points of the verdicts, partly = half", () => {
    const parsed = parseVerdicts(answer({ item2: v("partly"), item1: v("met"), item3: v("not met") }), items)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.items.map((i) => [i.index, i.verdict, i.awarded])).toEqual([[0, "met", 10], [1, "partly", 3], [2, "not met", 0]])
    expect(scoreVerdicts(parsed.items, 20)).toBe(13)
  })

  it("ignores points the judge claims and never goes above the prompt's points", () => {
    const parsed = parseVerdicts(answer({ item1: v("met", { points: 1000 }), item2: v("met", { points: 1000 }), item3: v("met") }), items)
    expect(parsed.ok && scoreVerdicts(parsed.items, 20)).toBe(20)
    expect(parsed.ok && scoreVerdicts(parsed.items, 15)).toBe(15)
  })

  it.each([
    ["not JSON", '{"item1": {"verdict": "met"', /not JSON/],
    ["an item missing", answer({ item1: v("met"), item2: v("met") }), /missing item\(s\) item3/],
    ["an unknown item", answer({ item1: v("met"), item2: v("met"), item3: v("met"), item9: v("met") }), /unknown item\(s\) item9/],
    ["a verdict outside the three", answer({ item1: v("yes"), item2: v("met"), item3: v("met") }), /item1.verdict must be one of/],
    ["an empty reason", answer({ item1: { verdict: "met", reason: " " }, item2: v("met"), item3: v("met") }), /item1.reason/],
    ["an array", "[]", /not a JSON object/],
    ["prose", "The answer is good.", /not JSON/]
  ])("refuses %s, saying what is wrong", (_, text, error) => {
    const parsed = parseVerdicts(text, items)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toMatch(error)
  })

  it("accepts one code fence around the JSON, nothing else around it", () => {
    const json = answer({ item1: v("met"), item2: v("met"), item3: v("met") })
    expect(parseVerdicts("```json\n" + json + "\n```", items).ok).toBe(true)
    expect(parseVerdicts("Here you go: " + json, items).ok).toBe(false)
  })
})

describe("judge: agreement with the person's scores (hand-computed fixture)", () => {
  const m = (entries: Array<[number, RubricVerdict]>) => new Map(entries)
  const pairs = [
    { manual: 10, judge: 9, max: 10, manualItems: m([[0, "met"], [1, "not met"], [2, "met"]]), judgeItems: m([[0, "met"], [1, "met"], [2, "met"]]) },
    { manual: 5, judge: 12, max: 10 },
    { manual: 20, judge: 20, max: 20, manualItems: m([[0, "not met"], [1, "partly"]]), judgeItems: m([[0, "not met"], [1, "met"]]) },
    { manual: 0, judge: 3, max: 20 }
  ]
  const swaps = [{ consistent: true }, { consistent: false }, { consistent: true }, { consistent: true }]

  it("equals the values worked out by hand", () => {
    const a = agreement(pairs, swaps)
    expect(a.runs).toBe(4)
    // |diff| ≤ 10 % of the points: 1 ≤ 1 yes, 7 > 1 no, 0 yes, 3 > 2 no
    expect(a.within10).toBe(0.5)
    // ranks manual [3,2,4,1], judge [2,3,4,1]: Σd² = 2, ρ = 1 − 6·2 / (4·15)
    expect(a.spearman).toBeCloseTo(0.8, 12)
    // items (met,met) (not,met) (met,met) (not,not), partly left out: po = 3/4, pe = ½·¾ + ½·¼ = ½
    expect(a.kappaItems).toBe(4)
    expect(a.kappa).toBeCloseTo(0.5, 12)
    // (−1 + 7 + 0 + 3) / 4
    expect(a.meanSignedDiff).toBeCloseTo(2.25, 12)
    // (−0.1 + 0.7 + 0 + 0.15) / 4
    expect(a.meanSignedDiffShare).toBeCloseTo(0.1875, 12)
    expect(a.swapConsistency).toBe(0.75)
  })

  it("gives tied scores their average rank", () => {
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(3 / Math.sqrt(10), 12)
  })

  it("has nothing to say without data", () => {
    expect(agreement([])).toMatchObject({ runs: 0, within10: null, spearman: null, kappa: null, meanSignedDiff: null, swapConsistency: null })
  })
})

describe("judge: a person's per-item verdicts", () => {
  it("reads ITEM:VERDICT lists, numbered from 1, and says what is wrong", () => {
    expect(parseManualItems("3:not met, 1:MET,2:partly", 3)).toEqual({ ok: true, items: [{ index: 0, verdict: "met" }, { index: 1, verdict: "partly" }, { index: 2, verdict: "not met" }] })
    expect(parseManualItems("4:met", 3)).toMatchObject({ ok: false, error: "item 4 does not exist (the rubric has 3)" })
    expect(parseManualItems("1:yes", 3)).toMatchObject({ ok: false, error: expect.stringMatching(/"yes" is not one of met, partly, not met/) })
    expect(parseManualItems("1:met,1:partly", 3)).toMatchObject({ ok: false, error: "item 1 is given twice" })
    expect(parseManualItems("met", 3)).toMatchObject({ ok: false })
  })
})

describe("judge: pairwise swap", () => {
  it("counts a win only when it survives the swap, else a tie", () => {
    expect(resolveSwap("A", "B")).toEqual({ outcome: "first", consistent: true })
    expect(resolveSwap("B", "A")).toEqual({ outcome: "second", consistent: true })
    expect(resolveSwap("tie", "tie")).toEqual({ outcome: "tie", consistent: true })
    // a judge that always picks the first answer shown
    expect(resolveSwap("A", "A")).toEqual({ outcome: "tie", consistent: false })
    expect(resolveSwap("A", "tie")).toEqual({ outcome: "tie", consistent: false })
  })

  it("reads a pairwise answer strictly", () => {
    expect(parsePairVerdict('{"winner":"B","reason":"B is right."}')).toEqual({ ok: true, winner: "B", reason: "B is right." })
    expect(parsePairVerdict('{"winner":"C","reason":"x"}').ok).toBe(false)
    expect(parsePairVerdict("B").ok).toBe(false)
  })
})

describe("judge: family warning", () => {
  const bot = (model: string, meta: Bot["meta"] = {}): Bot => ({ id: 1, name: model, provider: "p", model, load: {}, sampling: {}, meta, notes: "", createdAt: "", updatedAt: "" })
  it("names what the judge and a contestant share", () => {
    expect(baseName("qwen/Qwen2.5-7B-Instruct-GGUF")).toBe("qwen")
    expect(baseName("llama3.1:8b")).toBe("llama")
    expect(sharedFamily(bot("qwen2.5-14b-instruct", { arch: "qwen2" }), bot("qwen2.5-7b-instruct", { arch: "qwen2" }))).toEqual(["same arch qwen2", "same base name qwen"])
    expect(sharedFamily(bot("gemma-3-12b", { publisher: "lmstudio-community" }), bot("phi-4", { publisher: "lmstudio-community" }))).toEqual(["same publisher lmstudio-community"])
    expect(sharedFamily(bot("gemma-3-12b", { arch: "gemma3" }), bot("llama-3.2-1b-instruct", { arch: "llama" }))).toEqual([])
  })
})

describe("judge: the demo provider", () => {
  it("answers a judge's schema with JSON the strict parser accepts", async () => {
    const { demoStructured, judgeMessage } = await import("../src/index.js")
    const ordered = orderItems(items, 11)
    const text = JSON.stringify(demoStructured(verdictSchema(ordered), judgeMessage("What is 2 + 2?", "It is 4.", ordered)))
    const parsed = parseVerdicts(text, ordered)
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(parsed.items[0]!.reason).toBe('The answer says "It is 4.".')
  })
})
