import * as fs from "node:fs"
import * as path from "node:path"

export interface FixtureBot {
  readonly name: string
  readonly tps: number | null
  readonly ttftMs?: number
  /** Points per category key (alpha, beta); each category has one prompt of 1000 points. */
  readonly points: Readonly<Record<string, number>>
  readonly output?: string
  /** The runs' GPU memory peak, GB (issue 15's measurement); none when absent. */
  readonly vramGb?: number
}

const CATEGORIES = ["alpha", "beta"]

/**
 * An LLP details export holding bots with known points and speeds, for `llp import`: one complete,
 * scored run per bot and category, so the leaderboard shows exactly these figures.
 */
export const writeFixture = (dir: string, bots: ReadonlyArray<FixtureBot>): string => {
  const file = path.join(dir, "frontier-fixture.json")
  const doc = {
    llp: "leaderboard",
    version: 1,
    exportedAt: "2026-01-01T00:00:00.000Z",
    categories: CATEGORIES.map((key, i) => ({ key, title: key.toUpperCase(), points: 1000, order: 100 + i, temperature: 0.5, systemPrompt: "" })),
    leaderboard: [],
    bots: bots.map((b) => ({ name: b.name, provider: "demo", model: "demo-fast-3b", load: {}, sampling: {}, meta: {}, notes: "" })),
    prompts: CATEGORIES.map((category) => ({
      category,
      slug: "only",
      order: 1,
      title: `The ${category} question`,
      text: `Answer the ${category} question.`,
      points: 1000,
      useSystemPrompt: false,
      rubric: [{ points: 1000, text: "all of it" }],
      edited: false
    })),
    runs: bots.flatMap((b, i) =>
      CATEGORIES.filter((c) => b.points[c] !== undefined).map((category) => ({
        bot: b.name,
        category,
        prompt: "only",
        startedAt: `2026-01-01T00:${String(i).padStart(2, "0")}:00.000Z`,
        provider: "demo",
        model: "demo-fast-3b",
        answeredModel: null,
        demo: false,
        status: "complete",
        request: {},
        output: b.output ?? `${b.name} answers ${category}.`,
        reasoning: "",
        error: null,
        endedAt: `2026-01-01T00:${String(i).padStart(2, "0")}:30.000Z`,
        ttftMs: b.ttftMs ?? 100,
        generationMs: 1000,
        totalMs: 1100,
        promptTokens: 10,
        completionTokens: 100,
        tokensPerSecond: b.tps,
        speedSource: b.tps === null ? null : "server",
        serverTtftMs: null,
        stopReason: "eosFound",
        serverStats: null,
        modelInfo: null,
        runtime: null,
        ...(b.vramGb !== undefined ? { peakVramMb: b.vramGb * 1024 } : {})
      }))
    ),
    scores: bots.flatMap((b, i) =>
      CATEGORIES.filter((c) => b.points[c] !== undefined).map((category) => ({
        bot: b.name,
        category,
        prompt: "only",
        startedAt: `2026-01-01T00:${String(i).padStart(2, "0")}:00.000Z`,
        points: b.points[category],
        note: `note on ${b.name}`,
        source: "manual",
        pinned: false,
        detail: null
      }))
    )
  }
  fs.writeFileSync(file, JSON.stringify(doc))
  return file
}

/** The core test's eight bots (points on alpha, tok/s), with other figures on beta. */
export const EIGHT: ReadonlyArray<FixtureBot> = [
  { name: "A", tps: 5, points: { alpha: 900, beta: 100 } },
  { name: "B", tps: 12, points: { alpha: 850, beta: 200 } },
  { name: "C", tps: 30, points: { alpha: 800, beta: 300 } },
  { name: "D", tps: 25, points: { alpha: 700, beta: 400 } },
  { name: "E", tps: 10, points: { alpha: 850, beta: 500 } },
  { name: "F", tps: 40, points: { alpha: 600, beta: 600 } },
  { name: "G", tps: 40, points: { alpha: 600, beta: 700 } },
  { name: "H", tps: 20, points: { alpha: 500, beta: 800 } }
]

/** The same eight with the core test's VRAM figures. */
export const EIGHT_VRAM: ReadonlyArray<FixtureBot> = EIGHT.map((b, i) => ({ ...b, vramGb: [20, 8, 6, 5, 9, 4, 4.5, 3][i]! }))
