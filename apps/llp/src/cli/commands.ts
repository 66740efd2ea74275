import * as Effect from "effect/Effect"
import type { Command, Run } from "./command.js"

/** A command whose module is loaded only when it runs: a cold `llp bots list` initialises no exporter, scorer or TUI code. */
const lazy =
  (load: () => Promise<Run>): Run =>
  (args, ws) =>
    Effect.flatMap(
      Effect.promise(load),
      (run) => run(args, ws)
    )

export const commands: Record<string, Command> = {
  tui: { run: lazy(() => import("./tui.js").then((m) => m.tui)), handlesSignals: true },
  init: { run: lazy(() => import("./init.js").then((m) => m.init)) },
  bots: { run: lazy(() => import("./bots.js").then((m) => m.bots)) },
  categories: { run: lazy(() => import("./suites.js").then((m) => m.categories)) },
  prompts: { run: lazy(() => import("./suites.js").then((m) => m.prompts)) },
  suites: { run: lazy(() => import("./suites.js").then((m) => m.suites)) },
  models: { run: lazy(() => import("./runs.js").then((m) => m.runsCommands.models)) },
  run: { run: lazy(() => import("./runs.js").then((m) => m.runsCommands.run)) },
  runs: { run: lazy(() => import("./runs.js").then((m) => m.runsCommands.runs)) },
  search: { run: lazy(() => import("./runs.js").then((m) => m.runsCommands.search)) },
  tournament: { run: lazy(() => import("./tournament.js").then((m) => m.tournament)) },
  // bare: it opens its store itself, waiting for a Postgres server that is not up yet
  worker: { run: lazy(() => import("./worker.js").then((m) => m.worker)), handlesSignals: true, bare: true },
  score: { run: lazy(() => import("./scores.js").then((m) => m.score)) },
  leaderboard: { run: lazy(() => import("./scores.js").then((m) => m.leaderboard)) },
  compare: { run: lazy(() => import("./compare.js").then((m) => m.compare)) },
  export: { run: lazy(() => import("./scores.js").then((m) => m.exportCommand)) },
  import: { run: lazy(() => import("./scores.js").then((m) => m.importCommand)) },
  arena: { run: lazy(() => import("./arena.js").then((m) => m.arena)) },
  frontier: { run: lazy(() => import("./frontier.js").then((m) => m.frontier)) },
  regressions: { run: lazy(() => import("./compare.js").then((m) => m.regressions)) },
  report: { run: lazy(() => import("./report.js").then((m) => m.report)) },
  eval: { run: lazy(() => import("./eval.js").then((m) => m.evalCommand)) },
  judge: { run: lazy(() => import("./judge.js").then((m) => m.judge)) },
  machine: { run: lazy(() => import("./machine.js").then((m) => m.machine)) },
  bench: { run: lazy(() => import("./bench.js").then((m) => m.bench)) },
  archive: { run: lazy(() => import("./archive.js").then((m) => m.archive)) },
  store: { run: lazy(() => import("./store.js").then((m) => m.store)), bare: true }
}
