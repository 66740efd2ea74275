import { type LeaderboardTotals, rank } from "@llp/core"
import type { CategorySummary } from "../src/index.js"

/** One fixed leaderboard with every awkward name the exporters must survive. */
export const categories: ReadonlyArray<CategorySummary> = [
  { key: "booting", title: "Booting", points: 385 },
  { key: "programming", title: "Programming | Code & *more*", points: 1200 },
  { key: "dich-thuat", title: "Dịch thuật", points: 630 }
]

const bot = (botId: number, bot: string, provider: string, model: string, points: Record<string, number>, extra: Partial<LeaderboardTotals> = {}): LeaderboardTotals => ({
  botId,
  bot,
  provider,
  model,
  points,
  scored: Object.keys(points).length,
  runs: Object.keys(points).length + 1,
  avgTokensPerSecond: null,
  avgTtftMs: null,
  ...extra
})

export const totals: ReadonlyArray<LeaderboardTotals> = [
  bot(1, 'Llama "3.3", 70B', "lmstudio", "llama-3.3-70b-instruct", { booting: 300, programming: 910.5, "dich-thuat": 402 }, { avgTokensPerSecond: 17.256, avgTtftMs: 1234.4 }),
  bot(2, "Mô hình tiếng Việt 🦙", "ollama", "vinallama:7b", { booting: 250, "dich-thuat": 600 }, { avgTokensPerSecond: 51.43709529007664, avgTtftMs: 111 }),
  bot(3, '=HYPERLINK("http://x.example","click")', "openai", "+cmd|' /C calc'!A0", { booting: 40 }, { avgTokensPerSecond: 2.28, avgTtftMs: 69210 }),
  bot(4, "pipe | back\\slash `tick` <b>bold</b>", "lmstudio", "mlx-community/Qwen2.5:7b", { programming: 850 }, { avgTokensPerSecond: 33.3, avgTtftMs: 500 }),
  bot(5, "two\nlines ] [x] #1; 100% a:b", "tabby", "@sum(1)", { programming: 850 }),
  bot(6, "Zero, nothing yet", "lmstudio", "-2+3", {}, { runs: 0 })
]

export const promptCount = 40

export const rows = rank(totals, categories.map((c, order) => ({ key: c.key, title: c.title, systemPrompt: "", temperature: 0.5, order })), promptCount)

export const EXPORTED_AT = "2025-01-02T03:04:05.000Z"
