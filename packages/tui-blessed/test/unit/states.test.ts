import { describe, expect, it } from "vitest"
import type { Bot, Category, LeaderboardTotals, Prompt, Run, ScoredRun } from "@llp/core"
import * as Bots from "../../src/tabs/bots/state.js"
import { paramsKey, planBotImport as planImport } from "@llp/core"
import { summarizeCategories } from "@llp/exporters"
import * as Con from "../../src/tabs/conducer/state.js"
import * as Eg from "../../src/tabs/egressor/state.js"
import * as Ex from "../../src/tabs/exporter/state.js"
import * as Ing from "../../src/tabs/ingressor/state.js"
import * as Lb from "../../src/tabs/leaderboard/state.js"
import * as Pm from "../../src/tabs/prompts/state.js"
import * as Fm from "../../src/widgets/form.js"

const cat = (key: string, order: number): Category => ({ key, title: key.toUpperCase(), systemPrompt: "", temperature: 0.5, order })
const prompt = (id: number, category: string, points: number, extra: Partial<Prompt> = {}): Prompt => ({
  id,
  category,
  slug: `p${id}`,
  order: id,
  title: `Prompt ${id}`,
  text: `text ${id}`,
  points,
  useSystemPrompt: true,
  rubric: [],
  edited: false,
  ...extra
})
const bot = (id: number, name: string, extra: Partial<Bot> = {}): Bot => ({ id, name, provider: "demo", model: `m${id}`, load: {}, sampling: {}, meta: {}, notes: "", createdAt: "", updatedAt: "", ...extra })
const run = (id: number, botId: number, promptId: number, extra: Partial<Run> = {}): Run => ({
  id, botId, promptId, provider: "demo", model: "m", answeredModel: null, demo: true, status: "complete", request: null, output: `out ${id}`, reasoning: "", error: null,
  startedAt: "2025-01-01T00:00:00Z", endedAt: null, ttftMs: 100, generationMs: null, totalMs: null, promptTokens: null, completionTokens: 10, tokensPerSecond: 20,
  speedSource: "server", serverTtftMs: null, stopReason: "stop", serverStats: null, modelInfo: null, runtime: null, ...extra
})
const scored = (r: Run, points: number, counted = true): ScoredRun => ({ run: r, counted, score: { id: r.id, runId: r.id, points, note: "", source: "manual", pinned: false, detail: null, createdAt: "" } })
const totals = (botId: number, bot: string, points: Record<string, number>, tps: number | null = null): LeaderboardTotals => ({ botId, bot, provider: "demo", model: `m-${bot}`, points, scored: Object.keys(points).length, runs: 1, avgTokensPerSecond: tps, avgTtftMs: null })
const key = (full: string) => ({ full, ch: full.length === 1 ? full : undefined })

describe("Leaderboard state", () => {
  // as core's loadLeaderboard gives them: the categories in order, with their points
  const data = {
    totals: [totals(1, "alpha", { a: 10 }, 50), totals(2, "bravo", { a: 5, b: 30 }, 20), totals(3, "charlie", {}, null)],
    categories: summarizeCategories([cat("b", 2), cat("a", 1)], [prompt(1, "a", 40), prompt(2, "b", 60)]),
    promptCount: 2
  }
  it("ranks by total, then sorts by any column and keeps the selected bot", () => {
    let s = Lb.loaded(Lb.init(), data, null, 10)
    expect(s.categories.map((c) => c.key)).toEqual(["a", "b"])
    expect(s.rows.map((r) => r.bot)).toEqual(["bravo", "alpha", "charlie"])
    s = Lb.move(s, 1, 10)
    expect(Lb.selectedRow(s)?.bot).toBe("alpha")
    s = Lb.moveSort(s, 1, 10) // total → stars
    s = Lb.moveSort(s, 1, 10) // → speed
    expect(s.sort).toBe("speed")
    expect(s.rows.map((r) => r.bot)).toEqual(["alpha", "bravo", "charlie"])
    expect(Lb.selectedRow(s)?.bot).toBe("alpha")
    s = Lb.toggleReverse(s, 10)
    expect(s.rows.map((r) => r.bot)).toEqual(["charlie", "bravo", "alpha"])
    expect(Lb.sortKeys(s.categories).map((k) => k.column)).toEqual(["bot", "category:a", "category:b", "total", "stars", "speed", "ttft", "scored", "runs"])
  })
  it("filters by typing, on bot, provider and model", () => {
    let s = Lb.loaded(Lb.init(), data, 3, 10)
    expect(Lb.selectedRow(s)?.bot).toBe("charlie")
    s = Lb.setFocus(s, "filter")
    for (const c of "m-al") s = Lb.editFilter(s, key(c), 10)!
    expect(s.rows.map((r) => r.bot)).toEqual(["alpha"])
    expect(s.rows[0]!.rank).toBe(2)
    expect(Lb.editFilter(s, key("up"), 10)).toBeUndefined()
    s = Lb.setFilter(s, "", 10)
    expect(s.rows).toHaveLength(3)
  })
})

describe("Ingressor state", () => {
  const base = () =>
    Ing.loaded(Ing.init(), {
      bot: bot(1, "alpha"),
      categories: [cat("a", 1), cat("b", 2)],
      prompts: [prompt(1, "a", 40, { rubric: [{ points: 40, text: "all" }] }), prompt(2, "a", 10), prompt(3, "b", 5)],
      scores: []
    })
  it("chooses the newest run, or a new run when there is none, and cycles through them", () => {
    let s = base()
    expect(Ing.selectedPrompt(s)?.id).toBe(1)
    s = Ing.runsLoaded(s, 1, [run(9, 1, 1), run(4, 1, 1)])
    expect(Ing.selectedRun(s)?.id).toBe(9)
    expect(s.form.fields.map((f) => f.id)).toEqual(["points", "note"])
    s = Ing.cycleRun(s, -1)
    expect(Ing.isNewRun(s)).toBe(true)
    expect(s.form.fields.map((f) => f.id)).toEqual(["points", "note", "tps", "ttft", "output"])
    expect(Ing.runsLoaded(s, 2, []).runsFor).toBe(1) // an answer for another prompt is dropped
  })
  it("checks points against the prompt's points, and the manual fields", () => {
    let s = Ing.runsLoaded(base(), 1, [])
    s = Ing.setFocus(s, "form", "points")
    for (const c of "41") s = Ing.editField(s, key(c))!
    let c = Ing.check(s)
    expect(c.ok).toBe(false)
    if (!c.ok) {
      expect(c.state.form.errors).toEqual({ points: "must be between 0 and 40", output: "paste the answer the bot gave" })
      s = c.state
    }
    s = { ...s, form: Fm.setValue(Fm.setValue(Fm.setValue(Fm.setValue(s.form, "points", "38.5"), "output", "answer"), "ttft", "1.25"), "tps", "abc") }
    c = Ing.check(s)
    expect(!c.ok && c.state.form.errors).toEqual({ tps: '"abc" is not a number' })
    s = { ...s, form: Fm.setValue(s.form, "tps", "12") }
    c = Ing.check(s)
    expect(c).toEqual({ ok: true, promptId: 1, runId: null, points: 38.5, note: "", manual: { output: "answer", tokensPerSecond: 12, ttftMs: 1250 } })
  })
  it("prefills the score of a scored run and counts per category", () => {
    const r = run(9, 1, 1)
    let s = Ing.scoresLoaded(base(), [scored(r, 30)])
    s = Ing.runsLoaded(s, 1, [r])
    expect(Fm.valueOf(s.form, "points")).toBe("30")
    expect(Ing.categoryTotal(s, "a")).toBe(30)
    expect(Ing.countedFor(s, 1)?.score.points).toBe(30)
  })
  it("counts a prompt and a category as the leaderboard and the Egressor do: the mean of the current-parameter repeats", () => {
    const b = bot(1, "alpha", { sampling: { temperature: 0.2 } })
    const now = paramsKey(b)
    const old = paramsKey({ load: {}, sampling: { temperature: 0.9 } })
    const runs = [run(1, 1, 1, { paramsKey: now }), run(2, 1, 1, { paramsKey: now }), run(3, 1, 1, { paramsKey: old }), run(4, 1, 2, { paramsKey: now })]
    // the store marks only the newest scored run per prompt as counted; the repeats count all the same
    const scores = [scored(runs[0]!, 20, false), scored(runs[1]!, 30), scored(runs[2]!, 40, false), scored(runs[3]!, 7)]
    const s = Ing.loaded(Ing.init(), { bot: b, categories: [cat("a", 1)], prompts: [prompt(1, "a", 40), prompt(2, "a", 10)], scores })
    expect(Ing.promptPoints(s, 1)).toBe(25)
    expect(Ing.promptPoints(s, 2)).toBe(7)
    expect(Ing.categoryTotal(s, "a")).toBe(32)
  })
  it("moves the focus around categories, prompts, bot, run and the fields", () => {
    let s = Ing.runsLoaded(base(), 1, [])
    const seen: Array<string> = []
    for (let i = 0; i < 10; i++) {
      seen.push(s.focus === "form" ? s.form.fields[s.form.focus]!.id : s.focus)
      s = Ing.moveFocus(s, 1)
    }
    expect(seen).toEqual(["categories", "prompts", "bot", "run", "points", "note", "tps", "ttft", "output", "categories"])
  })
})

describe("Egressor state", () => {
  it("has a row per prompt with its counted score and its shown run, and the run history", () => {
    const r1 = run(1, 1, 1)
    const r2 = run(2, 1, 1, { output: "newer" })
    const s = Eg.loaded(Eg.init(), { bot: bot(1, "a"), categories: [cat("a", 1)], prompts: [prompt(1, "a", 40), prompt(2, "a", 10)], runs: [r2, r1], scores: [scored(r1, 12)] })
    expect(s.rows.map((r) => [r.prompt.id, r.scored?.score.points, r.run?.id, r.runs])).toEqual([
      [1, 12, 1, 2],
      [2, undefined, undefined, 0]
    ])
    expect(Eg.history(s).map((r) => r.id)).toEqual([2, 1])
    expect(Eg.runToOpen(s)?.id).toBe(1)
    const h = Eg.move(Eg.setFocus(s, "runs"), 0, 5)
    expect(Eg.runToOpen(h)?.id).toBe(2)
    expect(Eg.setFocus(Eg.move(s, 1, 5), "runs").focus).toBe("prompts") // no runs: stays
  })

  it("scores a prompt by the mean of its repeats made with the bot's current parameters, marks it flaky, and a pin wins", () => {
    const b = bot(1, "a", { sampling: { temperature: 0.2 } })
    const now = paramsKey(b)
    const old = paramsKey({ load: {}, sampling: { temperature: 0.9 } })
    const runs = [run(1, 1, 1, { paramsKey: now }), run(2, 1, 1, { paramsKey: now }), run(3, 1, 1, { paramsKey: old }), run(4, 1, 2, { paramsKey: null })]
    const scores = [scored(runs[0]!, 4), scored(runs[1]!, 36), scored(runs[2]!, 40), scored(runs[3]!, 7)]
    let s = Eg.loaded(Eg.init(), { bot: b, categories: [cat("a", 1)], prompts: [prompt(1, "a", 40), prompt(2, "a", 10)], runs, scores })
    expect(s.rows.map((r) => [r.points, r.repeats, r.flaky])).toEqual([
      [20, 2, true], // 4 and 36 of 40 (the run with old parameters is left out); spread 32 > 40/3
      [7, 1, false] // made before LLP recorded parameters: counts
    ])
    expect([1, 2, 3, 4].map((id) => Eg.counts(s, id))).toEqual([true, true, false, true])
    const pinned = { ...scores[2]!, score: { ...scores[2]!.score, pinned: true } }
    s = Eg.loaded(s, { bot: b, categories: [cat("a", 1)], prompts: [prompt(1, "a", 40), prompt(2, "a", 10)], runs, scores: [scores[0]!, scores[1]!, pinned, scores[3]!] })
    expect(s.rows[0]).toMatchObject({ points: 40, repeats: 1, flaky: false })
  })
})

describe("Exporter state", () => {
  it("changes the default path with the format, but not a typed one", () => {
    let s = Ex.init()
    expect(Ex.pathOf(s)).toBe("exports/leaderboard.json")
    s = Ex.cycle(s, 1)
    expect(Ex.format(s)).toBe("CSV")
    expect(Ex.pathOf(s)).toBe("exports/leaderboard.csv")
    s = Ex.moveFocus(s, 1)
    s = Ex.edit(s, key("x"))!
    s = Ex.moveFocus(s, -1)
    s = Ex.cycle(s, 1)
    expect(Ex.pathOf(s)).toBe("exports/leaderboard.csvx")
    expect(Ex.withDetails(s)).toBe(false)
    s = Ex.moveFocus(Ex.moveFocus(s, 1), 1)
    expect(Ex.withDetails(Ex.cycle(Ex.cycle(s, 1), 0))).toBe(false) // Markdown has no details
  })
  it("needs a path", () => {
    const s = { ...Ex.init(), form: Fm.setValue(Ex.init().form, "path", " ") }
    expect(Ex.check(s)?.form.errors).toEqual({ path: "the path must not be empty" })
  })
})

describe("Bot Manager state", () => {
  const providers = ["lmstudio", "ollama", "demo"]
  it("checks every field with a message per field", () => {
    let s = Bots.newBot(Bots.init(providers), providers)
    s = { ...s, form: Fm.setValue(Fm.setValue(Fm.setValue(Fm.setValue(s.form, "name", " x"), "temperature", "3"), "topK", "1.5"), "contextLength", "0") }
    const c = Bots.check(s, [])
    expect(!c.ok && c.state.form.errors).toEqual({
      name: "no spaces at the start or end",
      model: "give the model id (as the server lists it)",
      contextLength: "must be 1 or more",
      temperature: "must be between 0 and 2",
      topK: "must be a whole number"
    })
    const dup = Bots.check({ ...s, form: Fm.setValue(Fm.setValue(Bots.newBot(s, providers).form, "name", "Alpha"), "model", "m") }, [{ id: 1, name: "alpha" }])
    expect(!dup.ok && dup.state.form.errors).toEqual({ name: 'a bot named "Alpha" exists already' })
  })
  it("builds the bot input from the fields", () => {
    let s = Bots.editBot(Bots.init(providers), bot(3, "b", { provider: "custom", load: { contextLength: 4096, flashAttention: true }, sampling: { temperature: 0.7 } }), providers)
    expect(Fm.valueOf(s.form, "provider")).toBe("custom")
    s = { ...s, form: Fm.setValue(s.form, "maxTokens", "-1") }
    const c = Bots.check(s, [{ id: 3, name: "b" }])
    expect(c.ok && JSON.parse(JSON.stringify(c.input))).toEqual({ name: "b", provider: "custom", model: "m3", load: { contextLength: 4096, flashAttention: true }, sampling: { temperature: 0.7, maxTokens: -1 }, notes: "" })
  })
  it("sends an emptied parameter of an edit as undefined, which removes it", () => {
    let s = Bots.editBot(Bots.init(providers), bot(3, "b", { load: { contextLength: 4096, threads: 8 } }), providers)
    s = { ...s, form: Fm.setValue(s.form, "contextLength", "") }
    const c = Bots.check(s, [])
    expect(c.ok && "contextLength" in c.input.load!).toBe(true)
    expect(c.ok && c.input.load).toMatchObject({ contextLength: undefined, threads: 8 })
  })
  it("plans an import like `llp bots sync`", () => {
    const plan = planImport(
      "lmstudio",
      [
        { id: "qwen", type: "llm", meta: { maxContext: 131072 } },
        { id: "nomic-embed", type: "embeddings", meta: {} },
        { id: "have", type: "llm", meta: {} },
        { id: "taken", type: "llm", meta: {} }
      ],
      [{ name: "have", provider: "lmstudio", model: "have" }, { name: "taken", provider: "ollama", model: "x" }]
    )
    expect(plan.skipped).toBe(1)
    expect(plan.inputs.map((i) => [i.name, i.load])).toEqual([["qwen", { contextLength: 32768 }], ["taken (lmstudio)", {}]])
  })
})

describe("Prompt Manager state", () => {
  const loaded = () => Pm.loaded(Pm.init(), [cat("a", 1)], [prompt(1, "a", 10, { rubric: [{ points: 10, text: "all" }] })])
  it("parses a rubric and says which line is wrong", () => {
    expect(Pm.parseRubric("[5] one\n- [3] two\n\n")).toEqual({ ok: true, rubric: [{ points: 5, text: "one" }, { points: 3, text: "two" }] })
    expect(Pm.parseRubric("[5] one\nfive points")).toEqual({ ok: false, error: 'line 2: write "[points] criterion", e.g. "[5] correct result"' })
    expect(Pm.rubricText([{ points: 5, text: "one" }])).toBe("[5] one")
  })
  it("creates a prompt with an id from its title, after the others", () => {
    let s = Pm.newPrompt(loaded())
    s = { ...s, form: Fm.setValue(Fm.setValue(Fm.setValue(s.form, "title", "Café Olé!"), "text", "Do it"), "rubric", "[10] done") }
    const c = Pm.checkPrompt(s)
    expect(c.ok && c.create).toEqual({ category: "a", slug: "cafe-ole", order: 2, title: "Café Olé!", text: "Do it", points: 10, useSystemPrompt: true, rubric: [{ points: 10, text: "done" }] })
  })
  it("edits a prompt as a patch and checks the fields", () => {
    let s = Pm.editPrompt(loaded(), prompt(1, "a", 10, { temperature: 0.2 }))
    s = { ...s, form: Fm.setValue(Fm.setValue(s.form, "temperature", ""), "points", "0") }
    let c = Pm.checkPrompt(s)
    expect(!c.ok && c.state.form.errors).toEqual({ points: "must be a whole number > 0" })
    s = { ...s, form: Fm.setValue(s.form, "points", "12") }
    c = Pm.checkPrompt(s)
    expect(c.ok && c.patch).toEqual({ title: "Prompt 1", text: "text 1", points: 12, temperature: null, useSystemPrompt: true, group: null, rubric: [] })
  })
  it("checks a new category's key", () => {
    let s = Pm.newCategory(loaded())
    s = { ...s, form: Fm.setValue(Fm.setValue(s.form, "key", "A b"), "title", "T") }
    const c = Pm.checkCategory(s)
    expect(!c.ok && c.state.form.errors).toEqual({ key: "lowercase letters, digits and - only" })
    const ok = Pm.checkCategory({ ...s, form: Fm.setValue(s.form, "key", "new-one") })
    expect(ok.ok && ok.category).toEqual({ key: "new-one", title: "T", order: 2, temperature: 0.5, systemPrompt: "" })
  })
  it("shows search hits instead of a category's prompts", () => {
    let s = loaded()
    expect(Pm.visiblePrompts(s)).toHaveLength(1)
    s = Pm.searched(s, "x", [])
    expect(Pm.visiblePrompts(s)).toEqual([])
  })
})

describe("Conducer state", () => {
  const data = { bots: [bot(1, "alpha"), bot(2, "bravo")], categories: [cat("a", 1), cat("b", 2)], prompts: [prompt(1, "a", 10), prompt(2, "b", 10)] }
  it("filters the lists by typing and resets the prompt when the category changes", () => {
    let s = Con.loaded(Con.init(), data, 2)
    expect(Con.selectedBot(s)?.name).toBe("bravo")
    for (const c of "alp") s = Con.editFilter(s, key(c))!
    expect(Con.botsShown(s).map((b) => b.name)).toEqual(["alpha"])
    s = Con.setFocus(s, "category")
    s = Con.move(s, 1, 5)
    expect(Con.selectedCategory(s)?.key).toBe("b")
    expect(Con.selectedPrompt(s)?.id).toBe(2)
  })
  it("drops the messages of an older run and keeps the partial text", () => {
    let s = Con.loaded(Con.init(), data, null)
    s = Con.started(s, { bot: data.bots[0]!, prompt: data.prompts[0]!, category: data.categories[0]!, demo: true, now: 0 })
    const snap = { runId: 7, status: "streaming" as const, output: "part", chunks: 1, elapsedMs: 10, ttftMs: 5, tokensPerSecond: null, error: null }
    expect(Con.progressed(s, s.token - 1, snap)).toBe(s)
    s = Con.progressed(s, s.token, snap)
    s = Con.progressed(s, s.token, { ...snap, status: "cancelled", output: "partial" })
    expect(s.answer).toMatchObject({ status: "cancelled", output: "partial", runId: 7, demo: true })
    expect(Con.isStreaming(s)).toBe(false)
  })
  it("warns on a model mismatch and follows the end unless scrolled up", () => {
    let s = Con.started(Con.loaded(Con.init(), data, null), { bot: data.bots[0]!, prompt: data.prompts[0]!, category: data.categories[0]!, demo: false, now: 0 })
    s = Con.finished(s, s.token, { run: run(3, 1, 1, { model: "m1", answeredModel: "other" }), error: null, mismatch: true })
    expect(s.answer.mismatch).toEqual({ asked: "m1", answered: "other" })
    expect(Con.scrollBy(s, -5, 100, 10).scroll).toBe(85)
    expect(Con.scrollBy(Con.scrollBy(s, -5, 100, 10), 50, 100, 10).scroll).toBeNull()
  })
})
