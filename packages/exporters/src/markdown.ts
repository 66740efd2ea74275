import { type ArenaRatings, inertLine, type LeaderboardRow, type Machine, machineSummary, pointsWithInterval, spreadText, ttftText } from "@llp/core"
import { arenaCells } from "./arena.js"
import { categoriesChart, colorOf, totalsChart } from "./mermaid.js"
import { frontierQuadrants } from "./quadrant.js"
import { type CategorySummary, exportRows, maxTotal, plainNumber, type PromptName, starsText } from "./rows.js"

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

/** The Mermaid charts under the table: totals, then points per category. */
const charts = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>): Array<string> => {
  const out: Array<string> = []
  const totals = totalsChart(rows, categories)
  if (totals) out.push("", "## Total points", "", fence(totals))
  const perCategory = categoriesChart(rows, categories)
  if (perCategory) {
    const legend = categories.map((c, i) => `${markdownText(c.title)} (${colorOf(i).name})`).join(", ")
    out.push("", "## Points per category", "", `Each bar stacks the categories from left to right: ${legend}.`, "", fence(perCategory))
  }
  const quadrants = frontierQuadrants(rows, categories)
  if (quadrants.length > 0) {
    out.push("", "## Quality against speed", "", "A bot is on the frontier when no other bot has at least as many points and at least its tokens/s, one of them more.")
    for (const q of quadrants) {
      out.push("", `### ${markdownText(q.title)}`, "", fence(q.chart), "", `On the frontier: ${q.frontier.map(markdownText).join(", ")}.`)
      if (q.unknown.length > 0) out.push(`Not drawn (no tokens/s yet): ${q.unknown.map(markdownText).join(", ")}.`)
    }
  }
  return out
}

/**
 * The leaderboard as Markdown: a title, a GFM table with every number the other formats have, then a
 * Mermaid bar chart of the totals and a stacked one of the points per category (see `totalsChart`
 * and `categoriesChart`).
 */
/** Says under the title whose runs the speed figures come from. */
const withSpeedsLine = (text: string, machine: Machine | null): string => {
  const line =
    machine === null
      ? "Speeds: every machine's runs; time to first token without model loads."
      : `Speeds: runs on ${markdownText(machineSummary(machine))} (machine fingerprint \`${machine.fingerprint}\`); time to first token without model loads.`
  return text.replace(/^# LLP leaderboard\n\n/, (head) => `${head}${line}\n\n`)
}

export const toMarkdown = (
  rows: ReadonlyArray<LeaderboardRow>,
  categories: ReadonlyArray<CategorySummary>,
  arena: ArenaRatings | null = null,
  names: ReadonlyMap<number, PromptName> = new Map(),
  /** The machine the speed figures are for (null: every machine's runs); undefined: not said. */
  machine?: Machine | null
): string => {
  if (machine !== undefined) return withSpeedsLine(toMarkdown(rows, categories, arena, names), machine)
  const data = exportRows(rows, categories, names)
  if (data.some((r) => r.stats !== undefined)) return statsMarkdown(rows, categories, data, arena)
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
  out.push(...charts(rows, categories))
  if (arena) out.push("", ...arenaSection(rows, arena))
  return `${out.join("\n")}\n`
}

/**
 * The leaderboard with intervals (issue 12): `2,310 ±48` (points with half their 95 % interval), `41.2 (38–44)`
 * (median tok/s with p10–p90), `=3` for a rank shared by bots whose total intervals overlap, and the flaky
 * prompts under the table. The charts follow as in the plain table.
 */
const statsMarkdown = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>, data: ReturnType<typeof exportRows>, arena: ArenaRatings | null): string => {
  const out: Array<string> = [
    "# LLP leaderboard",
    "",
    "Points per category and in total (most possible in brackets) as the mean of every scored repeat, ± half the 95 % interval; `=` marks bots whose total intervals overlap (tied). Tokens/s and time to first token: median over complete runs (p10–p90); — means none yet.",
    ""
  ]
  const header = ["#", "Bot", "Provider", "Model", ...categories.map((c) => `${markdownText(c.title)} (${plainNumber(c.points)})`), `Total (${plainNumber(maxTotal(categories))})`, "Stars", "Tokens/s", "TTFT", "Scored", "Runs"]
  out.push(row(header), row(["--:", ":--", ":--", ":--", ...categories.map(() => "--:"), "--:", "--:", "--:", "--:", "--:", "--:"]))
  const flaky: Array<string> = []
  data.forEach((r, i) => {
    const s = r.stats
    const source = rows[i]!
    out.push(
      row([
        s?.rank ?? String(r.rank),
        markdownText(r.bot),
        markdownText(r.provider),
        markdownText(r.model),
        ...categories.map((c) => pointsWithInterval(r.points[c.key] ?? 0, source.stats?.points[c.key])),
        pointsWithInterval(r.total, source.stats?.total),
        starsText(r.stars),
        spreadText(source.stats?.tokensPerSecond ?? null),
        ttftText(source.stats?.ttftMs ?? null),
        `${r.scored} / ${r.prompts}${s ? ` (${s.repeats} runs)` : ""}`,
        String(r.runs)
      ])
    )
    if (s && s.flaky.length > 0) flaky.push(`- ${markdownText(r.bot)}: ${s.flaky.map((f) => markdownText(`${f.category}/${f.prompt}`)).join(", ")}`)
  })
  if (flaky.length > 0) out.push("", "## Flaky prompts", "", "Scores that spread over more than a third of the prompt's points across repeats:", "", ...flaky)
  out.push(...charts(rows, categories))
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
