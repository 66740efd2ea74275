import * as fs from "node:fs"
import * as path from "node:path"
import { defaultReply, judgeReply, startSimulator, type JudgeAnswer, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpJsonAsync as llpJson, llpWatch, miniSuite, serverAway, tempDir, writeConfig } from "./helpers.js"

/** Four prompts of 10 points, each with a rubric of three items worth 5, 3 and 2. */
const SUITE = miniSuite(4, (n) => `What is ${n} + ${n}? Explain.\n\n## Rubric\n\n- [5] Says ${n * 2}.\n- [3] Shows the working.\n- [2] Is brief.`)

const JUDGE_MODEL = "qwen2.5-0.5b-instruct-q4_k_m.gguf"
const BOTS = "qwen2.5-7b-instruct,llama-3.2-1b-instruct"
/** item1 met (5), item2 partly (1.5), item3 not met (0): 6.5 of 10. */
const VERDICT = (id: string) => (id === "item1" ? "met" : id === "item2" ? "partly" : "not met") as "met" | "partly" | "not met"

let contestants: Simulator
const root = tempDir()
const judges: Array<Simulator> = []

/** A llama.cpp llama-server double as the judge, answering as scripted. */
const judgeSim = async (script: ReadonlyArray<JudgeAnswer> = [], tokenDelayMs = 0, pick?: (a: string, b: string) => "A" | "B" | "tie") => {
  const reply = judgeReply({ script, verdict: VERDICT, ...(pick ? { pick } : {}) })
  const sim = await startSimulator({ kind: "llamacpp", reply, tokenDelayMs })
  judges.push(sim)
  return { sim, reply }
}

const setup = async (name: string, judge: Simulator, suite: "mini" | "bundled" = "mini") => {
  const ws = path.join(root, name)
  writeConfig(ws, {
    providers: { lmstudio: { baseUrl: contestants.url }, llamacpp: { type: "openai-compatible", baseUrl: `${judge.url}/v1` } },
    timeouts: { firstTokenMs: 20_000, idleMs: 10_000 },
    judge: "Judge"
  })
  if (suite === "mini") {
    const file = path.join(root, `${name}-mini.md`)
    fs.writeFileSync(file, SUITE)
    expect((await llp(ws, ["suites", "load", file])).code).toBe(0)
  }
  await llp(ws, ["bots", "sync", "--provider", "lmstudio"])
  const added = await llp(ws, ["bots", "add", "--provider", "llamacpp", "--model", JUDGE_MODEL, "--name", "Judge"])
  expect(added.code, added.stderr).toBe(0)
  const t = await llp(ws, ["tournament", "--bots", BOTS, ...(suite === "mini" ? ["--category", "mini"] : ["--all"])])
  expect(t.code, t.stderr).toBe(0)
  return ws
}

const judgeChats = (sim: Simulator) => sim.requests.filter((r) => r.path.endsWith("/chat/completions"))

beforeAll(async () => {
  // the small model answers in one word, so that answers differ between bots
  contestants = await startSimulator({ kind: "lmstudio", reply: (req) => ((req.body as any)?.model === "llama-3.2-1b-instruct" ? "Four." : defaultReply(req)) })
})
afterAll(async () => {
  await contestants.close()
  for (const j of judges) await j.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("llp judge", () => {
  it("scores exact sums, retries an answer that does not parse once then records a failure, never above the prompt's points", async () => {
    // run 1 valid; run 2 invalid twice (failure); run 3 an item missing, then valid; run 4 points above the maximum
    const { sim } = await judgeSim(["valid", "invalid-json", "invalid-json", "missing-item", "valid", "over-max"])
    const ws = await setup("bars", sim)
    const r = await llp(ws, ["judge", "--bots", "qwen2.5-7b-instruct", "--category", "mini", "--json"])
    expect(r.code, r.stderr).toBe(1) // one judge failure
    expect(r.stderr).toMatch(/answer 1 did not parse .*asking once more/)
    expect(r.stderr).toMatch(/judge failure/)
    const scores = await llpJson<Array<any>>(ws, ["judge", "list"])
    expect(scores).toHaveLength(4)
    expect(scores.map((s) => [s.status, s.points])).toEqual([["scored", 6.5], ["failed", null], ["scored", 6.5], ["scored", 6.5]])
    expect(scores[1].raw).toHaveLength(2)
    expect(scores[1].error).toMatch(/answer 1: not JSON.*answer 2: not JSON/)
    expect(scores[2].raw).toHaveLength(2)
    expect(scores[2].error).toBeNull()
    expect(scores[0].items.map((i: any) => [i.index, i.verdict, i.awarded])).toEqual([[0, "met", 5], [1, "partly", 1.5], [2, "not met", 0]])
    expect(scores[0].items[0].reason).toMatch(/^The answer says "/)
    expect(scores.every((s) => s.source === "judge" && (s.points === null || s.points <= 10))).toBe(true)
    // 1 + 2 + 2 + 1 requests: the failure was asked twice, no more
    expect(judgeChats(sim)).toHaveLength(6)

    // the schema travelled in llama.cpp's own field, and the server read it from there
    const body = judgeChats(sim)[0]!.body as any
    expect(body.response_format.type).toBe("json_schema")
    expect(body.response_format.json_schema.schema).toEqual(judgeChats(sim)[0]!.structured)
    expect([...body.response_format.json_schema.schema.required].sort()).toEqual(["item1", "item2", "item3"])
    // items in the seeded order recorded with the score
    expect(body.response_format.json_schema.schema.required).toEqual(scores[0].order.map((i: number) => `item${i + 1}`))

    // suggestions are not counted unless asked, and a manual score wins
    const plain = await llpJson<any>(ws, ["leaderboard"])
    const qwen = (doc: any) => doc.leaderboard.find((row: any) => row.bot === "qwen2.5-7b-instruct")
    expect(qwen(plain).total).toBe(0)
    const first = scores[0].runId
    expect((await llp(ws, ["score", String(first), "9"])).code).toBe(0)
    const judged = await llpJson<any>(ws, ["leaderboard", "--with-judge"])
    // manual 9 + judge 6.5 + 6.5 (the failure counts nothing)
    expect(qwen(judged)).toMatchObject({ total: 22, scored: 3, judge: { total: 13, scored: 2 } })
    const text = await llp(ws, ["leaderboard", "--with-judge"])
    expect(text.stdout).toMatch(/OF WHICH JUDGE/)
    expect(text.stdout).toMatch(/13 \(2 prompts\)/)

    // judging again asks nothing: every run has this judge's result
    const again = await llp(ws, ["judge", "--bots", "qwen2.5-7b-instruct", "--category", "mini"])
    expect(again.stderr).toMatch(/0 runs to judge, 4 already judged/)
    expect(judgeChats(sim)).toHaveLength(6)
  })

  it("warns when the judge and a contestant share a model family", async () => {
    const { sim } = await judgeSim()
    const ws = await setup("family", sim)
    const r = await llp(ws, ["judge", "--judge", "Judge", "--bots", BOTS, "--category", "mini"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warning: the judge and qwen2.5-7b-instruct share a model family \(.*same base name qwen/)
    expect(r.stderr).not.toMatch(/the judge and llama-3.2-1b-instruct share/)

    // --bots takes a group's name, as llp tournament does: here a sweep's one variant, which has no run yet
    expect((await llp(ws, ["bots", "sweep", "llama-3.2-1b-instruct", "--temp", "0.3"])).code).toBe(0)
    const group = await llp(ws, ["judge", "--bots", "llama-3.2-1b-instruct sweep", "--category", "mini"])
    expect(group.code, group.stderr).toBe(0)
    expect(group.stderr).toMatch(/judge: 0 runs to judge, 4 prompts without a complete run/)
    const nobody = await llp(ws, ["judge", "--bots", "Nobody", "--category", "mini"])
    expect(nobody.stderr).toBe("llp: judge: no bot or group named Nobody (see llp bots list, llp bots groups)\n")
  })

  it("agreement with the person's scores equals the hand-computed figures", async () => {
    const { sim } = await judgeSim()
    const ws = await setup("agree", sim)
    expect((await llp(ws, ["judge", "--bots", BOTS, "--category", "mini"])).code).toBe(0)
    const scores = await llpJson<Array<any>>(ws, ["judge", "list"])
    expect(scores.every((s) => s.points === 6.5)).toBe(true)
    // manual 6.5, 7.5, 3, 10 against the judge's 6.5 each
    const manual = [6.5, 7.5, 3, 10]
    // per-item verdicts on the first two runs; the judge said met, partly, not met on every run
    const items = [["--items", "1:met,2:met,3:not met"], ["--items", "1:not met, 3:not met"], [], []]
    for (const [i, p] of manual.entries()) {
      const r = await llp(ws, ["score", String(scores[i].runId), String(p), ...items[i]!])
      expect(r.code, r.stderr).toBe(0)
    }
    const bad = await llp(ws, ["score", String(scores[0].runId), "5", "--items", "4:met"])
    expect(bad.stderr).toMatch(/--items: item 4 does not exist \(the rubric has 3\)/)
    const a = await llpJson<any>(ws, ["judge", "agreement"])
    expect(a).toMatchObject({ judge: "Judge", judged: 8, failures: 0, runs: 4 })
    // |diff| ≤ 1: 0 and 1 yes, 3.5 no: 2 of 4
    expect(a.within10).toBe(0.5)
    // the judge gives one score to all: no rank order to correlate
    expect(a.spearman).toBeNull()
    // (0 − 1 + 3.5 − 3.5) / 4
    expect(a.meanSignedDiff).toBeCloseTo(-0.25, 12)
    // pairs with partly left out: (met,met) (not,not) from run 1, (not,met) (not,not) from run 2
    // po = 3/4, pe = ¼·½ + ¾·½ = ½, κ = (¾ − ½) / ½
    expect(a.kappaItems).toBe(4)
    expect(a.kappa).toBeCloseTo(0.5, 12)
    const text = await llp(ws, ["judge", "agreement"])
    expect(text.stdout).toMatch(/agreement within 10 % of the points\s+50\.0 %/)
  })

  it("--pairwise asks both orders and counts a win only when it survives the swap", async () => {
    // a judge that always picks the first answer shown: every verdict flips when swapped
    const { sim } = await judgeSim([], 0, () => "A")
    const ws = await setup("pairwise", sim)
    const r = await llp(ws, ["judge", "--pairwise", "--bots", BOTS, "--category", "mini", "--json"])
    expect(r.code, r.stderr).toBe(0)
    const pairs = r.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.type === "pair")
    expect(pairs).toHaveLength(4)
    expect(pairs.every((p) => p.outcome === "tie" && p.consistent === false)).toBe(true)
    expect(judgeChats(sim)).toHaveLength(8)
    expect(r.stderr).toMatch(/swap consistency 0\.0 %/)
    const a = await llpJson<any>(ws, ["judge", "agreement"])
    expect(a).toMatchObject({ swapConsistency: 0, swapPairs: 4 })
    // each comparison is an Arena vote with source judge: the flipped ones ties
    const votes = await llpJson<Array<any>>(ws, ["arena", "votes"])
    expect(votes.map((v) => [v.source, v.verdict])).toEqual(Array(4).fill(["judge", "tie"]))

    // a judge that picks the longer answer in either position is consistent
    const { sim: fair } = await judgeSim([], 0, (x, y) => (x.length >= y.length ? "A" : "B"))
    writeConfig(ws, { providers: { lmstudio: { baseUrl: contestants.url }, llamacpp: { type: "openai-compatible", baseUrl: `${fair.url}/v1` } }, judge: "Judge" })
    const again = await llp(ws, ["judge", "--pairwise", "--rerun", "--bots", BOTS, "--category", "mini", "--json"])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/swap consistency 100\.0 %/)
    const fairPairs = again.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.type === "pair")
    // the longer answer (the first bot's) wins in both orders
    expect(fairPairs.map((p) => [p.a, p.outcome, p.consistent])).toEqual(Array(4).fill(["qwen2.5-7b-instruct", "a", true]))
    expect(await llpJson<any>(ws, ["judge", "agreement"])).toMatchObject({ swapConsistency: 1, swapPairs: 4 })
    // judged again: the same four votes, now wins of the first bot (left)
    const again4 = await llpJson<Array<any>>(ws, ["arena", "votes"])
    expect(again4.map((v) => [v.source, v.verdict])).toEqual(Array(4).fill(["judge", "left"]))
  })

  it("waits for a judge's server that went away and carries on when it is back", async () => {
    const { sim } = await judgeSim([], 20)
    const ws = await setup("away", sim)
    writeConfig(ws, {
      providers: { lmstudio: { baseUrl: contestants.url }, llamacpp: { type: "openai-compatible", baseUrl: `${sim.url}/v1` } },
      timeouts: { firstTokenMs: 20_000, idleMs: 10_000 },
      retryForMs: 20_000,
      judge: "Judge"
    })
    const j = llpWatch(ws, ["judge", "--bots", BOTS, "--category", "mini", "--json"])
    await j.lines("judged", 2)
    await serverAway(sim, 2500)
    const code = await j.exited
    const err = j.seen.err
    expect(err).toMatch(/the judge's server is not answering .* retrying in/)
    // the judgement that was cut was asked again once the server was back: nothing left undone
    expect(code, err).toBe(0)
    const scores = await llpJson<Array<any>>(ws, ["judge", "list"])
    expect(scores).toHaveLength(8)
    expect(scores.every((s) => s.status === "scored")).toBe(true)
  })

  it("says what is missing: no judge named, unknown bot", async () => {
    const { sim } = await judgeSim()
    const ws = path.join(root, "usage")
    writeConfig(ws, { providers: { llamacpp: { type: "openai-compatible", baseUrl: `${sim.url}/v1` } } })
    const none = await llp(ws, ["judge", "--bots", "x", "--all"])
    expect(none.code).not.toBe(0)
    expect(none.stderr).toMatch(/say which bot judges: --judge BOT, or "judge": "BOT" in llp.config.json/)
    const unknown = await llp(ws, ["judge", "--judge", "Nobody", "--bots", "x", "--all"])
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toMatch(/Nobody/)
    const category = await llp(ws, ["judge", "--bots", "x", "--category", "mini,nope"])
    expect(category.code).toBe(2)
    expect(category.stderr).toMatch(/^llp: judge: --category must be one of .*, got "mini"\n$/)
  })
})

describe("llp judge: a full judged tournament", () => {
  it("judges 2 bots × 95 prompts unattended and resumes after kill -9 without judging any run twice", async () => {
    const { sim } = await judgeSim([], 1)
    const ws = await setup("full", sim, "bundled")
    const runs = await llpJson<Array<any>>(ws, ["runs", "list", "--limit", "1000"])
    expect(runs.filter((r) => r.status === "complete")).toHaveLength(190)

    const j = llpWatch(ws, ["judge", "--bots", BOTS, "--all", "--json"])
    await j.lines("judged", 30)
    j.child.kill("SIGKILL")
    await j.exited
    const before = await llpJson<Array<any>>(ws, ["judge", "list"])
    expect(before.length).toBeGreaterThanOrEqual(30)
    expect(before.length).toBeLessThan(190)
    const asked = judgeChats(sim).length

    const r = await llp(ws, ["judge", "--bots", BOTS, "--all"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`${190 - before.length} runs? to judge, ${before.length} already judged`))
    const after = await llpJson<Array<any>>(ws, ["judge", "list"])
    expect(after).toHaveLength(190)
    expect(new Set(after.map((s) => s.runId)).size).toBe(190)
    expect(after.every((s) => s.status === "scored")).toBe(true)
    // what was judged before the kill is untouched, and was not asked again
    for (const old of before) expect(after.find((s) => s.runId === old.runId)).toEqual(old)
    // at most the one judgement in flight at the kill was asked twice
    expect(judgeChats(sim).length).toBeLessThanOrEqual(190 + 1)
    expect(judgeChats(sim).length - asked).toBe(190 - before.length)
    // the swe task: only its explanation and suggestions are the judge's
    const swe = after.filter((s) => s.category === "swe")
    expect(swe.length).toBe(2)
    expect(swe.every((s) => s.partial === true && s.maxPoints === 80 && s.points <= 80)).toBe(true)
    // no judge score above its prompt's points
    const prompts = new Map((await llpJson<Array<any>>(ws, ["prompts", "list"])).map((p) => [p.id, p.points]))
    expect(after.every((s) => s.points <= prompts.get(s.promptId)!)).toBe(true)
  }, 240_000)
})
