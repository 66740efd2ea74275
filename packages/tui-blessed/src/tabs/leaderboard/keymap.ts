import { listNavigation } from "../../keys/common.js"
import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "leaderboard",
  title: "Leaderboard",
  summary:
    "A row per bot: points per category and the total of 5,000 (± half the 95 % interval; =3 for ranks shared by bots whose intervals overlap), stars, the Arena rating ± half its 95 % interval (once there are Arena votes), tok/s and TTFT (median, p10–p90) and runs. The selected row is the bot the Ingressor and the Egressor show.",
  bindings: [
    ...listNavigation("bot"),
    { keys: ["left"], action: "sortPrev", description: "Sort by the column to the left", short: "sort", tag: "actions", showInBar: true },
    { keys: ["right"], action: "sortNext", description: "Sort by the column to the right", tag: "actions" },
    { keys: ["r"], action: "reverse", description: "Reverse the order", tag: "actions" },
    { keys: ["w"], action: "toggleJudge", description: "Count the judge's suggested scores where you gave none (shown apart in a Judge column), or stop counting them", short: "judge", tag: "actions" },
    {
      keys: ["i"],
      action: "intervals",
      description: "Show the ± interval of every category (i again: only the total's); below 150 columns the speeds' p10–p90 and the model make room",
      short: "± each",
      tag: "actions"
    },
    { keys: ["/"], action: "filter", description: "Filter the rows: type a bot, provider or model name (↑/↓ still move)", short: "filter", tag: "actions", showInBar: true },
    { keys: ["escape"], action: "clear", description: "Clear the filter (or close the comparison) and go back to the table", tag: "actions" },
    { keys: ["m"], action: "mark", description: "Mark the selected bot for a comparison (again: unmark); a third mark replaces the oldest", short: "mark", tag: "actions" },
    {
      keys: ["c"],
      action: "compare",
      description: "Compare the two marked bots (or the marked one and the selected one): A − B per prompt, 95 % interval, p-value, better / worse / can't tell yet",
      short: "compare",
      tag: "actions",
      showInBar: true
    },
    { keys: ["enter"], action: "open", description: "Open the selected bot in the Egressor", short: "details", tag: "actions", showInBar: true },
    { keys: ["f"], action: "frontier", description: "Show the frontier: points against tok/s per category, frontier bots in red (f again: the table)", short: "frontier", tag: "actions", showInBar: true },
    { keys: ["]"], action: "frontierNext", description: "In the frontier view: the next category (the total first)", tag: "actions" },
    { keys: ["["], action: "frontierPrev", description: "In the frontier view: the previous category", tag: "actions" }
  ]
}
