import { bots } from "./bots.js"
import type { Command } from "./command.js"
import { init } from "./init.js"
import { runsCommands } from "./runs.js"
import { tournament } from "./tournament.js"
import { categories, prompts, suites } from "./suites.js"

export const commands: Record<string, Command> = {
  init: { run: init },
  bots: { run: bots },
  categories: { run: categories },
  prompts: { run: prompts },
  suites: { run: suites },
  models: { run: runsCommands.models },
  run: { run: runsCommands.run },
  runs: { run: runsCommands.runs },
  search: { run: runsCommands.search },
  tournament: { run: tournament }
}
