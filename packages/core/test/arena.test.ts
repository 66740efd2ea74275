import { describe, expect, it } from "vitest"
import {
  answerStyle,
  seededRandom,
  arenaRatings,
  decodeDuel,
  ELO_SCALE,
  encodeDuel,
  fitBradleyTerry,
  intervalOverlap,
  kendallTau,
  nextDuel,
  pairPromptKey,
  styleCovariates,
  type Random,
  type Comparison,
  type DuelAnswer
} from "../src/index.js"

/** Votes drawn from known Elo strengths (no ties: ties at a fixed rate would pull every rating to the mean). */
const simulate = (truth: ReadonlyArray<number>, votes: number, random: Random, effect?: (left: number, right: number) => number) => {
  const out: Array<Comparison> = []
  for (let k = 0; k < votes; k++) {
    const a = Math.floor(random() * truth.length)
    let b = Math.floor(random() * (truth.length - 1))
    if (b >= a) b++
    const shift = effect ? effect(a, b) : 0
    const p = 1 / (1 + Math.exp(-((truth[a]! - truth[b]!) / ELO_SCALE + shift)))
    out.push({ left: a, right: b, verdict: random() < p ? "left" : "right" })
  }
  return out
}

const truth10 = Array.from({ length: 10 }, (_, i) => 1000 + (i - 4.5) * 60)

const covered = (comparisons: ReadonlyArray<Comparison>, truth: ReadonlyArray<number>, seed: number) => {
  const fit = arenaRatings(comparisons, { seed, rounds: 200 })
  const byBot = new Map(fit.ratings.map((r) => [r.botId, r]))
  const inside = truth.filter((t, i) => byBot.get(i)!.low! <= t && t <= byBot.get(i)!.high!).length
  const tau = kendallTau(truth, truth.map((_, i) => byBot.get(i)!.rating!))!
  return { inside, tau, fit }
}

describe("Bradley–Terry ratings", () => {
  it("recovers 10 known strengths from 2,000 votes: τ ≥ 0.9 and ≥ 9 of 10 true values inside their 95 % interval", () => {
    const { inside, tau, fit } = covered(simulate(truth10, 2000, seededRandom(2026)), truth10, 11)
    expect(tau).toBeGreaterThanOrEqual(0.9)
    expect(inside).toBeGreaterThanOrEqual(9)
    const mean = fit.ratings.reduce((s, r) => s + r.rating!, 0) / 10
    expect(mean).toBeCloseTo(1000, 6)
  })

  it("has about 95 % coverage over many simulated data sets, not just one lucky seed", () => {
    let inside = 0
    let tauSum = 0
    const sets = 12
    for (let s = 0; s < sets; s++) {
      const r = covered(simulate(truth10, 2000, seededRandom(100 + s)), truth10, s + 1)
      inside += r.inside
      tauSum += r.tau
    }
    expect(inside / (sets * 10)).toBeGreaterThanOrEqual(0.88)
    expect(inside / (sets * 10)).toBeLessThanOrEqual(1)
    expect(tauSum / sets).toBeGreaterThanOrEqual(0.9)
  })

  it("intervals narrow as votes grow, roughly as 1/√n", () => {
    const width = (n: number) => {
      const fit = arenaRatings(simulate([1000, 1050], n, seededRandom(5)), { seed: 3 })
      return fit.ratings[0]!.high! - fit.ratings[0]!.low!
    }
    const w100 = width(100)
    const w1600 = width(1600)
    expect(w1600).toBeLessThan(w100 / 2.5)
    expect(w1600).toBeGreaterThan(w100 / 6)
  })

  it("counts a tie as half a win each way and leaves 'both bad' out of the fit while counting it", () => {
    const ties: Array<Comparison> = [
      { left: 1, right: 2, verdict: "left" },
      { left: 2, right: 1, verdict: "tie" },
      { left: 1, right: 2, verdict: "tie" },
      { left: 1, right: 2, verdict: "bad" },
      { left: 3, right: 1, verdict: "bad" }
    ]
    const halves: Array<Comparison> = [
      { left: 1, right: 2, verdict: "left" },
      { left: 1, right: 2, verdict: "left" },
      { left: 2, right: 1, verdict: "left" }
    ]
    const a = arenaRatings(ties, { rounds: 0 })
    const b = arenaRatings(halves, { rounds: 0 })
    expect(a.ratings[0]!.rating).toBeCloseTo(b.ratings[0]!.rating!, 9)
    // 2 of 3 expected: β gap ln 2 (less a hair of ridge)
    expect(a.ratings[0]!.rating! - a.ratings[1]!.rating!).toBeCloseTo(Math.LN2 * ELO_SCALE, -1)
    expect(a).toMatchObject({ votes: 5, fitted: 3, bothBad: 2 })
    const bot1 = a.ratings.find((r) => r.botId === 1)!
    expect(bot1).toMatchObject({ wins: 1, losses: 0, ties: 2, bothBad: 2 })
    expect(a.ratings.find((r) => r.botId === 3)).toMatchObject({ rating: null, bothBad: 1 })
  })

  it("is the same for the same seed and stays finite for an unbeaten bot", () => {
    const votes: Array<Comparison> = [
      { left: 1, right: 2, verdict: "left" },
      { left: 1, right: 2, verdict: "left" },
      { left: 2, right: 3, verdict: "right" }
    ]
    const a = arenaRatings(votes, { seed: 9 })
    expect(arenaRatings(votes, { seed: 9 })).toEqual(a)
    for (const r of a.ratings) expect(Number.isFinite(r.low!) && Number.isFinite(r.high!)).toBe(true)
    expect(a.ratings[2]!.botId).toBe(2)
  })

  it("fits the plain model by maximum likelihood: the gradient vanishes at the optimum", () => {
    const rows = [
      { a: 0, b: 1, wins: 7, total: 10 },
      { a: 1, b: 2, wins: 6, total: 10 },
      { a: 0, b: 2, wins: 8.5, total: 12 }
    ]
    const fit = fitBradleyTerry(3, rows, { ridge: 0 + 1e-12 })
    expect(fit.converged).toBe(true)
    const grad = [0, 0, 0]
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-(fit.beta[r.a]! - fit.beta[r.b]!)))
      grad[r.a] += r.wins - r.total * p
      grad[r.b] -= r.wins - r.total * p
    }
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8)
  })
})

describe("style control", () => {
  it("takes length's advantage away from a verbose bot that is no better", () => {
    const truth = [1000, 1000, 1000, 1000]
    const lengths = [4000, 1000, 1000, 1000] // bot 0 writes four times as much
    const styles = lengths.map((length) => ({ length, markdown: 0.1 }))
    const random = seededRandom(77)
    const raw = simulate(truth, 3000, random, (a, b) => 1.2 * styleCovariates(styles[a]!, styles[b]!)[0])
    const votes = raw.map((c) => ({ ...c, x: styleCovariates(styles[c.left]!, styles[c.right]!) }))
    const plain = arenaRatings(votes, { seed: 1, rounds: 50 })
    const styled = arenaRatings(votes, { seed: 1, rounds: 50, style: true })
    const bot0 = (r: typeof plain) => r.ratings.find((x) => x.botId === 0)!
    expect(bot0(plain).rating!).toBeGreaterThan(1080)
    expect(bot0(styled).low!).toBeLessThanOrEqual(1000 + 1e-9)
    expect(bot0(styled).high!).toBeGreaterThanOrEqual(1000 - 1e-9)
    expect(styled.style!.length).toBeGreaterThan(0)
    expect(plain.style).toBeNull()
  })

  it("measures Markdown density and length", () => {
    expect(answerStyle("plain text\nmore text")).toEqual({ length: 20, markdown: 0 })
    const md = answerStyle("# Title\n\n- one\n- **two**\n\nprose line")
    expect(md.markdown).toBeCloseTo(4 / 4, 9)
    expect(styleCovariates({ length: 300, markdown: 0 }, { length: 100, markdown: 0 })).toEqual([0.5, 0])
  })
})

describe("Kendall τ", () => {
  it("is 1, −1 and τ-b with ties", () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1)
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1)
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 9)
    expect(kendallTau([1, 2, 3], [1, 1, 2])).toBeCloseTo(2 / Math.sqrt(3 * 2), 9)
    expect(kendallTau([1], [1])).toBeNull()
  })
})

describe("next duel", () => {
  const answers = (bots: number, prompts: number): Array<DuelAnswer> =>
    Array.from({ length: bots * prompts }, (_, k) => ({ runId: k + 1, botId: (k % bots) + 1, promptId: Math.floor(k / bots) + 1 }))

  it("never shows the same pair on the same prompt twice in a row", () => {
    const random = seededRandom(3)
    let last: { promptId: number; botIds: readonly [number, number] } | undefined
    const votes = new Map<string, number>()
    for (let i = 0; i < 400; i++) {
      const duel = nextDuel({ answers: answers(2, 2), intervals: new Map(), votes, random, ...(last ? { last } : {}) })!
      const key = pairPromptKey(duel.left.botId, duel.right.botId, duel.promptId)
      if (last) expect(key).not.toBe(pairPromptKey(last.botIds[0], last.botIds[1], last.promptId))
      expect(duel.left.botId).not.toBe(duel.right.botId)
      expect(duel.left.promptId).toBe(duel.promptId)
      last = { promptId: duel.promptId, botIds: [duel.left.botId, duel.right.botId] }
    }
  })

  it("returns nothing when the only duel left is the one just shown, and nothing for one bot", () => {
    const one = answers(2, 1)
    expect(nextDuel({ answers: one, intervals: new Map(), votes: new Map(), random: seededRandom(1), last: { promptId: 1, botIds: [2, 1] } })).toBeUndefined()
    expect(nextDuel({ answers: answers(1, 5), intervals: new Map(), votes: new Map(), random: seededRandom(1) })).toBeUndefined()
  })

  it("prefers pairs whose intervals overlap, the prompt with the fewest votes of the pair, and both sides", () => {
    const intervals = new Map([
      [1, { low: 990, high: 1030 }],
      [2, { low: 995, high: 1035 }],
      [3, { low: 1300, high: 1340 }]
    ])
    const votes = new Map([
      [pairPromptKey(1, 2, 1), 3],
      [pairPromptKey(1, 2, 2), 1],
      [pairPromptKey(1, 2, 3), 2]
    ])
    const random = seededRandom(8)
    const counts = new Map<string, number>()
    let left1 = 0
    for (let i = 0; i < 300; i++) {
      const d = nextDuel({ answers: answers(3, 3), intervals, votes, random })!
      const pair = [d.left.botId, d.right.botId].sort().join("-")
      counts.set(pair, (counts.get(pair) ?? 0) + 1)
      if (pair === "1-2") expect(d.promptId).toBe(2)
      if (d.left.botId === 1) left1++
    }
    // weights 1.1/√7 against 0.1 for each separated pair: about two thirds
    expect(counts.get("1-2")!).toBeGreaterThan(160)
    expect(counts.get("1-3")! + counts.get("2-3")!).toBeGreaterThan(30)
    expect(left1).toBeGreaterThan(60)
    expect(left1).toBeLessThan(240)
    expect(intervalOverlap({ low: 0, high: 10 }, { low: 5, high: 25 })).toBeCloseTo(0.5, 9)
    expect(intervalOverlap(undefined, { low: 0, high: 1 })).toBe(1)
  })

  it("keeps to the answers it is given (the category filter is the caller's choice of answers)", () => {
    const only = answers(3, 4).filter((a) => a.promptId === 4)
    for (let i = 0; i < 20; i++) expect(nextDuel({ answers: only, intervals: new Map(), votes: new Map(), random: seededRandom(i) })!.promptId).toBe(4)
  })
})

describe("duel ids", () => {
  it("round-trip and reject what is not a duel id", () => {
    const key = { leftRunId: 42, rightRunId: 7, nonce: 123456 }
    const id = encodeDuel(key)
    expect(id).not.toContain("42")
    expect(decodeDuel(id)).toEqual(key)
    for (const bad of ["", "d-1-2", "x-1-2-3-4", "d-zz-!!-1-2", `${id}-1`, "d-zz-1-2-3"]) expect(decodeDuel(bad)).toBeUndefined()
    // a changed character is caught by the check part
    const forged = id.replace(/-([0-9a-z])([0-9a-z]*)-/, (_, c: string, rest: string) => `-${c === "a" ? "b" : "a"}${rest}-`)
    expect(forged).not.toBe(id)
    expect(decodeDuel(forged)).toBeUndefined()
  })
})
