import { frontier, frontierInputs, inert, TOTAL, type FrontierInput, type LeaderboardRow, nounCount } from "@llp/core"
import { colorOf } from "./mermaid.js"
import { type CategorySummary, exportRows, maxTotal, plainNumber, starsText } from "./rows.js"

/** One answer as the report shows it: the bot's latest complete run of a prompt, with its counted score. */
export interface ReportAnswer {
  readonly botId: number
  readonly promptId: number
  readonly category: string
  readonly prompt: string
  readonly max: number
  /** null: not scored. */
  readonly points: number | null
  readonly note: string
  readonly output: string
  readonly tokensPerSecond: number | null
}

export interface ReportData {
  readonly rows: ReadonlyArray<LeaderboardRow>
  readonly categories: ReadonlyArray<CategorySummary>
  readonly answers: ReadonlyArray<ReportAnswer>
  readonly generatedAt: string
  /** Points intervals, by bot id and category key ("total" too), where the statistics give them. */
  readonly interval?: (botId: number, category: string) => { readonly low: number; readonly high: number } | null
}

/** Text as HTML that stays text: model output and names are untrusted. Control characters go too. */
const htmlText = (text: string): string =>
  inert(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

const n = (x: number, digits = 1) => plainNumber(Math.round(x * 10 ** digits) / 10 ** digits)
const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`)

// ---------------------------------------------------------------- the scatter

const W = 640
const H = 360
const PAD = { left: 56, right: 16, top: 16, bottom: 44 }

/** Round ticks for 0 … top. */
const ticks = (top: number, count = 5): ReadonlyArray<number> => {
  if (top <= 0) return [0]
  const raw = top / count
  const p = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw
  const out: Array<number> = []
  for (let v = 0; v <= top + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6)
  return out
}

/**
 * Points against tok/s for one category as inline SVG: every bot a dot (frontier bots filled and
 * joined by the frontier's staircase, the others hollow), its name and figures in a tooltip.
 */
const frontierSvg = (id: string, title: string, inputs: ReadonlyArray<FrontierInput>, maxPoints: number): string => {
  const f = frontier(inputs, "tps")
  const placed = [...f.optimal, ...f.dominated]
  const xTop = Math.max(1, ...placed.map((e) => e.value)) * 1.08
  // scaled to the points there are, not to the most possible (bots far below it would sit on the axis)
  const best = Math.max(1, ...placed.map((e) => e.input.points))
  const yTop = Math.max(best, Math.min(maxPoints, best * 1.1))
  const x = (v: number) => PAD.left + (v / xTop) * (W - PAD.left - PAD.right)
  const y = (v: number) => H - PAD.bottom - (v / yTop) * (H - PAD.top - PAD.bottom)
  const parts: Array<string> = []
  for (const t of ticks(xTop)) parts.push(`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${PAD.top}" y2="${H - PAD.bottom}"/><text class="tick" x="${x(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${n(t)}</text>`)
  for (const t of ticks(yTop)) parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${n(t)}</text>`)
  parts.push(`<text class="axis" x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">tokens per second →</text>`)
  parts.push(`<text class="axis" transform="translate(14 ${(H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">points →</text>`)
  // the frontier as a staircase: fastest first, each step down to the next bot's points
  const steps = [...f.optimal].sort((a, b) => b.value - a.value)
  if (steps.length > 1) {
    const pts: Array<string> = []
    steps.forEach((e, i) => {
      if (i > 0) pts.push(`${x(e.value)},${y(steps[i - 1]!.input.points)}`)
      pts.push(`${x(e.value)},${y(e.input.points)}`)
    })
    parts.push(`<polyline class="staircase" points="${pts.join(" ")}"/>`)
  }
  for (const e of placed) {
    const on = e.dominatedBy.length === 0
    const tip = `${e.input.bot}: ${n(e.input.points, 2)} points, ${n(e.value)} tok/s${on ? " — on the frontier" : ` — dominated by ${e.dominatedBy.map((d) => d.bot).join(", ")}`}`
    parts.push(
      `<circle class="point ${on ? "optimal" : "dominated"}" cx="${x(e.value).toFixed(1)}" cy="${y(e.input.points).toFixed(1)}" r="6" data-bot="${htmlText(e.input.bot)}"><title>${htmlText(tip)}</title></circle>`
    )
    // a label near the right edge goes to the left of its dot, so that it stays inside the chart
    const right = x(e.value) > W * 0.65
    if (on) parts.push(`<text class="label" x="${(x(e.value) + (right ? -9 : 9)).toFixed(1)}" y="${(y(e.input.points) - 8).toFixed(1)}" text-anchor="${right ? "end" : "start"}">${htmlText(e.input.bot.length > 28 ? `${e.input.bot.slice(0, 27)}…` : e.input.bot)}</text>`)
  }
  const missing = f.unknown.length > 0 ? `<p class="muted">Not drawn (no tok/s yet): ${f.unknown.map((u) => htmlText(u.bot)).join(", ")}</p>` : ""
  const empty = placed.length === 0 ? `<p class="muted">No bot has points and a speed here yet.</p>` : ""
  return `<figure><svg id="${id}" class="frontier" data-category="${htmlText(title)}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${htmlText(`Points against tokens per second: ${title}`)}">${parts.join("")}</svg><figcaption>${htmlText(title)}: filled dots are on the frontier (no other bot has more points and more speed); hollow ones are dominated.</figcaption>${missing}${empty}</figure>`
}

// ---------------------------------------------------------------- bars

const bars = (rows: ReadonlyArray<LeaderboardRow>, category: CategorySummary, color: string): string => {
  const top = Math.max(1, category.points, ...rows.map((r) => r.points[category.key] ?? 0))
  return `<div class="bars">${rows
    .map((r) => {
      const v = r.points[category.key] ?? 0
      return `<div class="bar-row"><span class="bar-name">${htmlText(r.bot)}</span><span class="bar-track"><span class="bar" style="width:${((v / top) * 100).toFixed(2)}%;background:${color}"></span></span><span class="bar-value">${n(v, 2)}</span></div>`
    })
    .join("")}</div>`
}

// ---------------------------------------------------------------- the page

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--muted:#6e6e73;--line:#d2d2d7;--accent:#4e79a7}
@media (prefers-color-scheme:dark){:root{--fg:#f5f5f7;--bg:#1c1c1e;--muted:#a1a1a6;--line:#3a3a3c}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid var(--line);padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
th:nth-child(2),td:nth-child(2){text-align:left}td:nth-child(2){white-space:nowrap}
a{color:var(--accent)}.muted{color:var(--muted)}
.bars{display:grid;gap:4px;margin:8px 0 20px}.bar-row{display:grid;grid-template-columns:minmax(120px,260px) 1fr 70px;gap:8px;align-items:center}
.bar-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar-track{background:var(--line);height:14px;border-radius:3px}.bar{display:block;height:14px;border-radius:3px}.bar-value{text-align:right}
svg.frontier{width:100%;max-width:${W}px;height:auto;border:1px solid var(--line);border-radius:6px}
svg .grid{stroke:var(--line);stroke-width:1}svg .tick,svg .axis,svg .label{fill:var(--muted);font-size:11px}svg .label{fill:var(--fg)}
svg .staircase{fill:none;stroke:#e15759;stroke-width:2;stroke-dasharray:5 3}
svg .point.optimal{fill:#e15759;stroke:#e15759}svg .point.dominated{fill:none;stroke:var(--muted);stroke-width:2}
figure{margin:12px 0 24px}figcaption{color:var(--muted);font-size:13px}
details{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:6px 0}summary{cursor:pointer}
pre{white-space:pre-wrap;word-break:break-word;background:rgba(127,127,127,.08);padding:8px;border-radius:4px;max-height:480px;overflow:auto}
.score{font-weight:600}`

/** Clicking a bot's name in the leaderboard opens its answers (a link to a closed <details> would not). */
const SCRIPT = `document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest('a[href^="#bot-"]');if(!a)return;var d=document.getElementById(a.getAttribute("href").slice(1));if(d)d.open=true;});`

/**
 * The leaderboard as one self-contained HTML page: no request leaves it (a Content-Security-Policy
 * allows nothing but its own inline style and script), so it works from a file:// URL, offline and
 * as an e-mail attachment. It holds the leaderboard (with intervals where known), a bar chart per
 * category, the points-against-speed frontier per category, and every bot's answers and scores one
 * click away. Every name and answer is escaped: model output is untrusted.
 */
export const toHtml = (data: ReportData): string => {
  const { rows, categories } = data
  const byBot = new Map(rows.map((r) => [r.botId, r]))
  // the statistics' intervals (issue 12) where the leaderboard carries them
  const fromStats = (botId: number, key: string) => {
    const stats = byBot.get(botId)?.stats
    return stats === undefined ? null : key === TOTAL ? stats.total : (stats.points[key] ?? null)
  }
  const interval = data.interval ?? fromStats
  const table = exportRows(rows, categories)
  const range = (botId: number, key: string) => {
    const i = interval(botId, key)
    // no interval on a zero with no spread: a bot with nothing scored there has nothing to be unsure of
    return i === null || (i.low === 0 && i.high === 0) ? "" : ` <span class="muted">[${n(i.low)}–${n(i.high)}]</span>`
  }
  const head = ["#", "Bot", ...categories.map((c) => `${htmlText(c.title)} <span class="muted">(${plainNumber(c.points)})</span>`), `Total <span class="muted">(${plainNumber(maxTotal(categories))})</span>`, "★", "tok/s", "TTFT ms", "Scored"]
  const body = table.map((r, i) => {
    const row = rows[i]!
    return `<tr><td>${r.rank}</td><td><a href="#bot-${row.botId}">${htmlText(r.bot)}</a></td>${categories.map((c) => `<td>${plainNumber(r.points[c.key] ?? 0)}${range(row.botId, c.key)}</td>`).join("")}<td>${plainNumber(r.total)}${range(row.botId, TOTAL)}</td><td>${starsText(r.stars)}</td><td>${r.avgTokensPerSecond === null ? "—" : plainNumber(r.avgTokensPerSecond)}</td><td>${r.avgTtftMs === null ? "—" : plainNumber(r.avgTtftMs)}</td><td>${r.scored} / ${r.prompts}</td></tr>`
  })
  const withInterval = (key: string) => (i: FrontierInput): FrontierInput => ({ ...i, interval: interval(i.botId, key) })
  const scatters = [{ key: TOTAL, title: "Total", points: maxTotal(categories) }, ...categories.map((c) => ({ key: c.key, title: c.title, points: c.points }))].map((c) =>
    frontierSvg(`frontier-${slug(c.key)}`, c.title, frontierInputs(rows, c.key).map(withInterval(c.key)), c.points)
  )
  const titles = new Map(categories.map((c) => [c.key, c.title]))
  const answers = rows.map((row) => {
    const mine = data.answers.filter((a) => a.botId === row.botId)
    const items = mine.map(
      (a) =>
        `<details class="answer"><summary>${htmlText(titles.get(a.category) ?? a.category)} / ${htmlText(a.prompt)} — <span class="score">${a.points === null ? "not scored" : `${plainNumber(a.points)} of ${plainNumber(a.max)}`}</span>${a.tokensPerSecond === null ? "" : ` <span class="muted">${n(a.tokensPerSecond)} tok/s</span>`}</summary>${a.note === "" ? "" : `<p class="muted">${htmlText(a.note)}</p>`}<pre>${htmlText(a.output)}</pre></details>`
    )
    return `<details class="bot" id="bot-${row.botId}"><summary><strong>${htmlText(row.bot)}</strong> <span class="muted">${htmlText(row.provider)}: ${htmlText(row.model)} — ${plainNumber(row.total)} points, ${nounCount(mine.length, "answer")}</span></summary>${items.length === 0 ? `<p class="muted">No complete answers yet.</p>` : items.join("")}</details>`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LLP report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>LLP report</h1>
<p class="muted">Made ${htmlText(data.generatedAt)} by LLP, the Local LLM Playground. Tokens/s and time to first token are averages over complete runs.</p>
<h2>Leaderboard</h2>
${rows.length === 0 ? `<p class="muted">No bots on the leaderboard yet.</p>` : `<div style="overflow-x:auto"><table id="leaderboard"><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${body.join("")}</tbody></table></div>`}
<h2>Points per category</h2>
${categories.map((c, i) => `<h3>${htmlText(c.title)}</h3>${bars(rows, c, colorOf(i).hex)}`).join("\n")}
<h2>Quality against speed</h2>
<p class="muted">For each category: points (up) against tokens per second (right). A bot is on the frontier when no other bot has at least as many points and at least its speed, one of them more.</p>
${scatters.join("\n")}
<h2>Answers</h2>
${answers.join("\n")}
<script>${SCRIPT}</script>
</body>
</html>
`
}
