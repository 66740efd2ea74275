/**
 * The Arena's fit: Bradley–Terry by maximum likelihood on 100,000 simulated votes among 100 bots
 * (target ≤ 200 ms), and the whole ratings call with its 200-replicate bootstrap, and style control on
 * 10,000 votes, for scale. Votes come from known strengths, so the run also reports how well they are recovered.
 */
import { seededRandom, arenaRatings, ELO_SCALE, fitBradleyTerry, kendallTau, type Comparison, type PairRow } from "@llp/core"

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const simulate = (bots: number, votes: number, seed: number) => {
  const random = seededRandom(seed)
  const raw = Array.from({ length: bots }, () => (random() - 0.5) * 800)
  const mean = raw.reduce((a, b) => a + b, 0) / bots
  const truth = raw.map((v) => 1000 + v - mean) // anchored as the ratings are: mean 1,000
  const comparisons: Array<Comparison> = []
  for (let k = 0; k < votes; k++) {
    const a = Math.floor(random() * bots)
    let b = Math.floor(random() * (bots - 1))
    if (b >= a) b++
    const p = 1 / (1 + Math.exp(-(truth[a]! - truth[b]!) / ELO_SCALE))
    // Ties where the bots are close, taken half from each side's win chance so the expected score stays p.
    const tie = 0.2 * Math.min(p, 1 - p)
    const u = random()
    comparisons.push({ left: a, right: b, verdict: u < tie ? "tie" : u < tie + p - tie / 2 ? "left" : "right", x: [random() - 0.5, random() - 0.5] })
  }
  return { truth, comparisons }
}

/** The votes as the fit takes them: wins per pair, ties half each way (what arenaRatings builds before fitting). */
const aggregate = (bots: number, comparisons: ReadonlyArray<Comparison>): Array<PairRow> => {
  const rows = new Map<number, { a: number; b: number; wins: number; total: number }>()
  for (const c of comparisons) {
    const a = Math.min(c.left, c.right)
    const b = Math.max(c.left, c.right)
    const row = rows.get(a * bots + b) ?? { a, b, wins: 0, total: 0 }
    const s = c.verdict === "left" ? 1 : c.verdict === "right" ? 0 : 0.5
    row.wins += c.left === a ? s : 1 - s
    row.total += 1
    rows.set(a * bots + b, row)
  }
  return [...rows.values()]
}

export const benchArena = () => {
  const { truth, comparisons } = simulate(100, 100_000, 13)
  const fitMs: Array<number> = []
  let tau = 0
  for (let round = 0; round < 7; round++) {
    const t = performance.now()
    const fit = fitBradleyTerry(100, aggregate(100, comparisons))
    fitMs.push(performance.now() - t)
    tau = kendallTau(truth, fit.beta)!
  }
  let t = performance.now()
  const full = arenaRatings(comparisons, { seed: 1, rounds: 200 })
  const ratingsMs = performance.now() - t
  const byBot = new Map(full.ratings.map((r) => [r.botId, r]))
  const covered = truth.filter((v, i) => byBot.get(i)!.low! <= v && v <= byBot.get(i)!.high!).length
  const small = simulate(10, 10_000, 14).comparisons
  t = performance.now()
  arenaRatings(small, { seed: 1, rounds: 200, style: true })
  const styleMs = performance.now() - t
  return {
    fit100kVotes100BotsMs: { median: Number(median(fitMs).toFixed(1)), max: Number(Math.max(...fitMs).toFixed(1)), rounds: fitMs.length },
    kendallTauWithTruth: Number(tau.toFixed(3)),
    ratingsWithBootstrap200Ms: Math.round(ratingsMs),
    trueValuesInsideInterval: `${covered}/100`,
    style10kVotes10BotsBootstrap200Ms: Math.round(styleMs)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchArena(), null, 2))
