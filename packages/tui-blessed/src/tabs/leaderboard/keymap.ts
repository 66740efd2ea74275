import { listNavigation } from "../../keys/common.js"
import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "leaderboard",
  title: "Leaderboard",
  summary: "A row per bot: points per category, the total of 5,000, stars, the Arena rating ± half its 95 % interval (once there are Arena votes), speed and runs. The selected row is the bot the Ingressor and the Egressor show.",
  bindings: [
    ...listNavigation("bot"),
    { keys: ["left"], action: "sortPrev", description: "Sort by the column to the left", short: "sort", tag: "actions", showInBar: true },
    { keys: ["right"], action: "sortNext", description: "Sort by the column to the right", tag: "actions" },
    { keys: ["r"], action: "reverse", description: "Reverse the order", tag: "actions" },
    { keys: ["w"], action: "toggleJudge", description: "Count the judge's suggested scores where you gave none (shown apart in a Judge column), or stop counting them", short: "judge", tag: "actions" },
    { keys: ["/"], action: "filter", description: "Filter the rows: type a bot, provider or model name (↑/↓ still move)", short: "filter", tag: "actions", showInBar: true },
    { keys: ["escape"], action: "clear", description: "Clear the filter and go back to the table", tag: "actions" },
    { keys: ["enter"], action: "open", description: "Open the selected bot in the Egressor", short: "details", tag: "actions", showInBar: true }
  ]
}
