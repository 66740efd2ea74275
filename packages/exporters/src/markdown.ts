import { type ArenaRatings, inertLine, type LeaderboardRow } from "@llp/core"
import { arenaCells } from "./arena.js"
import { categoriesChart, colorOf, totalsChart } from "./mermaid.js"
import { type CategorySummary, exportRows, maxTotal, plainNumber, starsText } from "./rows.js"

/**
 * User text as inline Markdown that stays text: one line (newlines and tabs become spaces, control
 * characters go), and every character that GFM, GitHub, Obsidian or VS Code would read as markup
 * (`\` `` ` `` `*` `_` `[` `]` `<` `>` `|` `~` `&` `$` `%` `=`) escaped with a backslash, so a name
 * cannot split a table cell, open a link, a math span, an Obsidian comment or raw HTML; and the `:` of
 * `://` and the `.` of `www.` too, so that a URL in a name stays text instead of becoming a link.
 */
export const markdownText = (text: string): string =>
  inertLine(text)
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_[\]<>|~&$%=]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.")

const row = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`

const fence = (chart: string) => ["```mermaid", chart, "```"].join("\n")

/**
 * The leaderboard as Markdown: a title, a GFM table with every number the other formats have, then a
 * Mermaid bar chart of the totals and a stacked one of the points per category (see `totalsChart`
 * and `categoriesChart`).
 */
export const toMarkdown = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>, arena: ArenaRatings | null = null): string => {
  const data = exportRows(rows, categories)
  const out: Array<string> = ["# LLP leaderboard", ""]
  if (data.length === 0) {
    out.push("_No bots on the leaderboard yet._")
    return `${out.join("\n")}\n`
  }
  out.push(
    `Points per category and in total (most possible in brackets); stars are the total / 1000. Tokens/s and time to first token are averages over complete runs; — means none yet.`,
    ""
  )
  const header = [
    "#",
    "Bot",
    "Provider",
    "Model",
    ...categories.map((c) => `${markdownText(c.title)} (${plainNumber(c.points)})`),
    `Total (${plainNumber(maxTotal(categories))})`,
    "Stars",
    "Tokens/s",
    "TTFT (ms)",
    "Scored",
    "Runs"
  ]
  const align = ["--:", ":--", ":--", ":--", ...categories.map(() => "--:"), "--:", "--:", "--:", "--:", "--:", "--:"]
  out.push(row(header), row(align))
  for (const r of data) {
    out.push(
      row([
        String(r.rank),
        markdownText(r.bot),
        markdownText(r.provider),
        markdownText(r.model),
        ...categories.map((c) => plainNumber(r.points[c.key] ?? 0)),
        plainNumber(r.total),
        starsText(r.stars),
        r.avgTokensPerSecond === null ? "—" : plainNumber(r.avgTokensPerSecond),
        r.avgTtftMs === null ? "—" : plainNumber(r.avgTtftMs),
        `${r.scored} / ${r.prompts}`,
        String(r.runs)
      ])
    )
  }
  const totals = totalsChart(rows, categories)
  if (totals) out.push("", "## Total points", "", fence(totals))
  const perCategory = categoriesChart(rows, categories)
  if (perCategory) {
    const legend = categories.map((c, i) => `${markdownText(c.title)} (${colorOf(i).name})`).join(", ")
    out.push("", "## Points per category", "", `Each bar stacks the categories from left to right: ${legend}.`, "", fence(perCategory))
  }
  if (arena) out.push("", ...arenaSection(rows, arena))
  return `${out.join("\n")}\n`
}

/** The Arena's ratings with their intervals, best first; unrated bots (only "both bad" votes) last. */
const arenaSection = (rows: ReadonlyArray<LeaderboardRow>, arena: ArenaRatings): Array<string> => {
  const names = new Map(rows.map((r) => [r.botId, r.bot]))
  const cells = arenaCells(arena)
  const out = [
    "## Arena",
    "",
    `Bradley–Terry ratings from ${arena.votes} blind pairwise votes (${arena.bothBad} "both bad", counted but not fitted), on the Elo scale with the mean at 1000, and 95 % bootstrap intervals (${arena.rounds} replicates, seed ${arena.seed}).`,
    "",
    row(["#", "Bot", "Rating", "95 % interval", "Won", "Lost", "Tied", "Both bad"]),
    row(["--:", ":--", "--:", ":-:", "--:", "--:", "--:", "--:"])
  ]
  arena.ratings.forEach((r, i) => {
    const cell = cells.get(r.botId)
    out.push(
      row([
        String(i + 1),
        markdownText(names.get(r.botId) ?? `bot ${r.botId}`),
        cell ? plainNumber(cell.rating) : "—",
        cell ? `${plainNumber(cell.low)} – ${plainNumber(cell.high)}` : "—",
        String(r.wins),
        String(r.losses),
        String(r.ties),
        String(r.bothBad)
      ])
    )
  })
  return out
}
