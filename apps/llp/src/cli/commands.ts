import { bots } from "./bots.js"
import type { Command } from "./command.js"
import { evalCommand } from "./eval.js"
import { init } from "./init.js"
import { tui } from "./tui.js"
import { runsCommands } from "./runs.js"
import { tournament } from "./tournament.js"
import { exportCommand, importCommand, leaderboard, score } from "./scores.js"
import { categories, prompts, suites } from "./suites.js"

export const commands: Record<string, Command> = {
  tui: { run: tui, handlesSignals: true },
  init: { run: init },
  bots: { run: bots },
  categories: { run: categories },
  prompts: { run: prompts },
  suites: { run: suites },
  models: { run: runsCommands.models },
  run: { run: runsCommands.run },
  runs: { run: runsCommands.runs },
  search: { run: runsCommands.search },
  tournament: { run: tournament },
  score: { run: score },
  leaderboard: { run: leaderboard },
  export: { run: exportCommand },
  import: { run: importCommand },
  eval: { run: evalCommand }
}
