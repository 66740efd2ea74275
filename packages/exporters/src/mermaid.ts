import { inertLine, type LeaderboardRow } from "@llp/core"
import { type CategorySummary, exportRows, maxTotal, plainNumber } from "./rows.js"

/**
 * How wide a label may be, in units of about 8 pixels at Mermaid's 14 px axis font. xychart-beta hides
 * every label of an axis when one does not fit (half the chart's width goes to the bars: about 340 px
 * are left for names in its default 700 px, 440 px in the 900 px asked for), and it measures a label
 * before it decodes its entity codes: `#34;` takes the room of 7 characters.
 */
export const LABEL_BUDGET = 44

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u

/** A label's tokens (an entity code or one character) and their widths. */
const tokenWidth = (token: string): number => {
  if (token.length > 1 && token.startsWith("#")) return token.length + 3 // ﬂ°° … ¶ß
  if (/[W@]/.test(token)) return 1.8
  if (/[Mmw%]/.test(token)) return 1.5
  if (/[A-Z]/.test(token)) return 1.2
  if (WIDE.test(token)) return 2
  return 1
}

/**
 * A name as the inside of a quoted Mermaid string, escaped as little as possible (every entity code
 * makes the label take more room):
 * - `"` would end the string: it becomes `#34;`, an entity code that Mermaid turns back into `"` when it draws;
 * - `#` followed by letters or digits and `;` would be read as an entity code: the `#` becomes `#35;`;
 * - `<` and `>` would go through Mermaid's HTML sanitizer: `#60;` and `#62;`; so would `&` before
 *   what reads as an HTML entity (`&amp;`): `#38;`;
 * - `%%` could start a directive (`%%{init: …}%%`) anywhere in the text: `#37;%`;
 * - "style" and "classDef" make Mermaid drop the last `;` of a line that has `:` and an entity code
 *   after them, so one of their letters becomes a code (`st#121;le`);
 * - control characters and terminal escapes go, newlines, tabs and other spaces become one space;
 * - a name wider than `budget` (see LABEL_BUDGET) is cut, with an ellipsis (the table keeps it whole).
 * Commas, brackets, `;`, `:`, `&`, backslashes and backticks are plain text inside the quotes.
 */
export const mermaidText = (text: string, budget: number = LABEL_BUDGET): string => {
  const clean = inertLine(text)
    .replace(/[\p{Z}\s]+/gu, " ")
    .replace(/\p{C}/gu, (c) => (c === "\u200d" ? c : ""))
    .trim()
  const escaped = clean
    .replace(/#(?=\w+;)/g, "#35;")
    .replace(/&(?=#?\w+;)/g, "#38;")
    .replace(/"/g, "#34;")
    .replace(/</g, "#60;")
    .replace(/>/g, "#62;")
    .replace(/%(?=%)/g, "#37;")
    .replace(/style/g, "st#121;le")
    .replace(/classDef/g, "class#68;ef")
  // every "#digits;" here is one of ours: a raw "#" before "digits;" was escaped above
  const tokens = escaped.match(/#\d+;|[\s\S]/gu) ?? []
  const widths = tokens.map(tokenWidth)
  const total = widths.reduce((a, b) => a + b, 0)
  let out = escaped
  if (total > budget) {
    let used = 1 // the ellipsis
    let n = 0
    while (n < tokens.length && used + widths[n]! <= budget) used += widths[n++]!
    out = `${tokens.slice(0, n).join("").trimEnd()}…`
  }
  return out === "" ? "#160;" : out
}

const quoted = (text: string) => `"${mermaidText(text)}"`

/** Tableau 10: distinct, readable on light and dark backgrounds. Named for the legend. */
export const PALETTE: ReadonlyArray<{ readonly name: string; readonly hex: string }> = [
  { name: "blue", hex: "#4e79a7" },
  { name: "orange", hex: "#f28e2b" },
  { name: "red", hex: "#e15759" },
  { name: "teal", hex: "#76b7b2" },
  { name: "green", hex: "#59a14f" },
  { name: "yellow", hex: "#edc948" },
  { name: "purple", hex: "#b07aa1" },
  { name: "pink", hex: "#ff9da7" },
  { name: "brown", hex: "#9c755f" },
  { name: "grey", hex: "#bab0ac" }
]
export const colorOf = (index: number) => PALETTE[index % PALETTE.length]!

/** Wide enough for 40-character names beside the bars, and a bar row of about 36 pixels per bot. */
export const chartSize = (bots: number) => ({ width: 900, height: Math.max(300, 120 + 36 * bots) })

const init = (bots: number, palette: ReadonlyArray<string>) => {
  const { width, height } = chartSize(bots)
  return `%%{init: {"xyChart": {"width": ${width}, "height": ${height}}, "themeVariables": {"xyChart": {"plotColorPalette": "${palette.join(", ")}"}}}}%%`
}

const axisTop = (categories: ReadonlyArray<CategorySummary>, values: ReadonlyArray<number>) =>
  Math.max(maxTotal(categories), ...values, 1)

const list = (values: ReadonlyArray<string>) => `[${values.join(", ")}]`

/**
 * The totals as a Mermaid xychart-beta bar chart, one horizontal bar per bot in the rows' order (the
 * first at the top, its name beside it: long names fit, where under vertical bars they overlap); the
 * axis goes to the most points there are. Null when there are no rows (an empty x axis does not parse).
 */
export const totalsChart = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>): string | null => {
  if (rows.length === 0) return null
  const data = exportRows(rows, categories)
  return [
    init(data.length, [colorOf(0).hex]),
    "xychart-beta horizontal",
    `  title ${quoted("Total points")}`,
    `  x-axis ${list(data.map((r) => quoted(r.bot)))}`,
    `  y-axis ${quoted("Points")} 0 --> ${plainNumber(axisTop(categories, data.map((r) => r.total)))}`,
    `  bar ${list(data.map((r) => plainNumber(r.total)))}`
  ].join("\n")
}

/**
 * Points per category per bot as one stacked bar per bot. xychart-beta draws the bars of every series
 * at the same place, later ones in front, so the series are the running sums over the categories,
 * the largest first: each visible segment is one category, in the color `colorOf(its index)`.
 * Null when there are no rows or no categories.
 */
export const categoriesChart = (rows: ReadonlyArray<LeaderboardRow>, categories: ReadonlyArray<CategorySummary>): string | null => {
  if (rows.length === 0 || categories.length === 0) return null
  const data = exportRows(rows, categories)
  const running = data.map((r) => {
    let sum = 0
    return categories.map((c) => (sum = Math.round((sum + (r.points[c.key] ?? 0)) * 100) / 100))
  })
  const series = categories.map((_, i) => i).reverse()
  return [
    init(data.length, series.map((i) => colorOf(i).hex)),
    "xychart-beta horizontal",
    `  title ${quoted("Points per category")}`,
    `  x-axis ${list(data.map((r) => quoted(r.bot)))}`,
    `  y-axis ${quoted("Points")} 0 --> ${plainNumber(axisTop(categories, data.map((r) => r.total)))}`,
    ...series.map((i) => `  bar ${list(running.map((sums) => plainNumber(sums[i]!)))}`)
  ].join("\n")
}
