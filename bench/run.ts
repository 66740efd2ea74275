/**
 * `npm run bench`: the figures behind LLP's performance targets, measured on this machine and
 * written to bench/results/ (JSON for tools, README.md for people). Not a test: nothing here fails
 * a build; the report says which targets were met.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { benchArena } from "./arena.js"
import { benchPipeline } from "./pipeline.js"
import { benchStats } from "./stats.js"
import { benchStore } from "./store.js"
import { benchTui } from "./tui.js"
import { benchMachine } from "./machine.js"
import { benchPg } from "./pg.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const results = path.join(here, "results")
const bin = path.join(here, "..", "apps", "llp", "bin", "llp.cjs")

const percentile = (xs: Array<number>, p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

/** Wall time of a fresh `llp` process, from spawn to exit; `firstRun` empties V8's code cache before each. */
const coldStart = (args: Array<string>, options: { rounds?: number; firstRun?: boolean } = {}) => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "llp-bench-cache-"))
  const env = { ...process.env, XDG_CACHE_HOME: cache }
  const rounds = options.rounds ?? 15
  const times: Array<number> = []
  if (!options.firstRun) spawnSync(process.execPath, [bin, ...args], { env })
  for (let i = 0; i < rounds; i++) {
    if (options.firstRun) fs.rmSync(path.join(cache, "llp"), { recursive: true, force: true })
    const start = performance.now()
    // leaderboard --json at 1,000 bots with intervals is over spawnSync's default 1 MB of output
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 })
    times.push(performance.now() - start)
    if (r.status !== 0) throw new Error(`llp ${args.join(" ")} failed: ${r.error?.message ?? ""} ${r.stderr}`)
  }
  fs.rmSync(cache, { recursive: true, force: true })
  return { medianMs: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), rounds }
}

/** What any Node process costs here before LLP's first line runs. */
const bareNode = () => {
  const times: Array<number> = []
  for (let i = 0; i < 15; i++) {
    const start = performance.now()
    spawnSync(process.execPath, ["-e", ""])
    times.push(performance.now() - start)
  }
  return { medianMs: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), rounds: 15 }
}


type Cli = Record<"bareNode" | "version" | "botsListJson" | "botsListJsonFirstRun" | "leaderboardJson", { medianMs: number; p95Ms: number }>

/** bench/results/README.md from the figures; `npm run bench -- --report` rewrites it from the JSON files. */
const writeReport = (
  store: Record<string, unknown>,
  pipeline: Record<string, unknown>,
  cli: Cli,
  tui: Record<string, any>,
  arena: Record<string, any> | undefined,
  stats: Record<string, any> | undefined = readIf("stats.json"),
  pg: Record<string, any> | undefined = readIf("pg.json")
) => {
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} when it finished`
  const p = pipeline as { throughput: { llpTokensPerSecond: number; bareTokensPerSecond: number }; ttft: { llpMs: number; bareMs: number }; ttftDeltaMs: number }
  const s = store as Record<string, any>
  const ok = (b: boolean) => (b ? "✓" : "✗")
  fs.writeFileSync(
    path.join(results, "README.md"),
    [
      "# Benchmark results",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${machine}.`,
      "",
      "| what | measured | target | |",
      "|---|---|---|---|",
      `| leaderboard query, 1,000 bots × 100,000 runs | ${s.leaderboardMs.median} ms median, ${s.leaderboardMs.p95} ms p95 | ≤ 50 ms | ${ok(s.leaderboardMs.median <= 50)} |`,
      ...(stats
        ? [
            `| leaderboard with intervals (loadStatsBoard), 1,000 bots × 100,000 runs, intervals cached | ${stats.warmMs.median} ms median, ${stats.warmMs.p95} ms p95; CPU ${stats.warmMs.cpuMedian} ms (load average ${stats.loadAverage}) | ≤ 50 ms | ${ok(stats.warmMs.median <= 50)} |`,
            `| the same after one new score (that bot's bootstrap redone) | ${stats.afterOneScoreMs.median} ms median; CPU ${stats.afterOneScoreMs.cpuMedian} ms | ≤ 50 ms | ${ok(stats.afterOneScoreMs.median <= 50)} |`,
            `| the same with nothing cached (1,000 bootstraps of 2,000 resamples, once after an upgrade) | ${stats.coldMs} ms | | |`
          ]
        : []),
      ...(pg
        ? [
            `| Postgres (${pg.server}): leaderboard query, 1,000 bots × 100,000 runs | ${pg.leaderboardQueryMs.median} ms median, ${pg.leaderboardQueryMs.p95} ms p95 | ≤ 100 ms | ${ok(pg.leaderboardQueryMs.median <= 100)} |`,
            `| Postgres: leaderboard with intervals (loadStatsBoard), intervals cached | ${pg.warmMs.median} ms median, ${pg.warmMs.p95} ms p95; CPU ${pg.warmMs.cpuMedian} ms (load average ${pg.loadAverage}) | ≤ 100 ms | ${ok(pg.warmMs.median <= 100)} |`,
            `| Postgres: the same after one new score; with nothing cached | ${pg.afterOneScoreMs.median} ms median; ${pg.coldMs} ms | | |`
          ]
        : []),
      `| output search, worst p95 of the 10 queries | ${s.targets.outputSearchP95Worst} ms | ≤ 20 ms | ${ok(s.targets.outputSearchP95Worst <= 20)} |`,
      `| inserting runs (with FTS indexing) | ${s.insert.runsPerSecond} runs/s | | |`,
      `| database size | ${s.database.MB} MB | | |`,
      `| \`node -e ""\`, for scale: any Node process here | ${cli.bareNode.medianMs} ms | | |`,
      `| \`llp --version\`, cold process | ${cli.version.medianMs} ms (p95 ${cli.version.p95Ms}) | | |`,
      `| \`llp bots list --json\` (1,000 bots), cold process | ${cli.botsListJson.medianMs} ms (p95 ${cli.botsListJson.p95Ms}) | ≤ 300 ms | ${ok(cli.botsListJson.medianMs <= 300)} |`,
      `| the same, first run after installing (no V8 code cache yet) | ${cli.botsListJsonFirstRun.medianMs} ms (p95 ${cli.botsListJsonFirstRun.p95Ms}) | | |`,
      `| \`llp leaderboard --json\` (1,000 bots), cold process | ${cli.leaderboardJson.medianMs} ms | | |`,
      `| pipeline throughput, 50,000 tokens | ${p.throughput.llpTokensPerSecond.toLocaleString("en")} tok/s (bare reader ${p.throughput.bareTokensPerSecond.toLocaleString("en")}) | ≥ 20,000 tok/s | ${ok(p.throughput.llpTokensPerSecond >= 20_000)} |`,
      `| time to first token, LLP − bare reader (median of 100) | ${p.ttftDeltaMs.toFixed(2)} ms (${p.ttft.llpMs.toFixed(2)} vs ${p.ttft.bareMs.toFixed(2)}) | ≤ 2 ms | ${ok(p.ttftDeltaMs <= 2)} |`,
      `| TUI, 10,000 bots: key → screen while scrolling | ${tui.scrolling.keyToScreenMs.median} ms median, ${tui.scrolling.keyToScreenMs.max} ms max (frame draw ${tui.scrolling.frameDrawMs.median} ms median) | ≤ 100 ms | ${ok(tui.scrolling.keyToScreenMs.median <= 100)} |`,
      ...(tui.frontier ? [`| TUI, 500 bots, frontier view at 0 colours: key → screen, a category seen before (first visit) | ${tui.frontier.keyToScreenMs.median} ms median, ${tui.frontier.keyToScreenMs.max} ms max (first visit ${tui.frontier.firstVisitMs.median} ms median) | ≤ 100 ms | ${ok(tui.frontier.keyToScreenMs.median <= 100)} |`] : []),
      `| TUI, Conducer streaming 450 tokens: frames/s; a key answered | ${tui.streaming.framesPerSecond} fps; ${tui.streaming.keyWhileStreamingMs} ms | about 30 fps at most; ≤ 100 ms | ${ok(tui.streaming.framesPerSecond <= 31 && tui.streaming.keyWhileStreamingMs <= 100)} |`,
      ...(arena
        ? [
            `| Arena: Bradley–Terry fit, 100,000 votes × 100 bots | ${arena.fit100kVotes100BotsMs.median} ms median (max ${arena.fit100kVotes100BotsMs.max}, first round warms up) | ≤ 200 ms | ${ok(arena.fit100kVotes100BotsMs.median <= 200)} |`,
            `| Arena: the same with 200 bootstrap replicates; style control, 10,000 votes | ${arena.ratingsWithBootstrap200Ms} ms; ${arena.style10kVotes10BotsBootstrap200Ms} ms (τ with the truth ${arena.kendallTauWithTruth}, ${arena.trueValuesInsideInterval} true values inside their interval) | | |`
          ]
        : []),
      "",
      "Details: [store.md](store.md) (insert throughput, database size, every search query), `store.json`, `pipeline.json`, `cli.json`, `tui.json`. `npm run bench -- --only tui` (or `pipeline`, `arena`, `stats`, `pg`) measures that part again and rewrites this page.",
      ""
    ].join("\n")
  )
}

const save = (file: string, data: unknown) => fs.writeFileSync(path.join(results, file), JSON.stringify(data, null, 2) + "\n")
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(results, file), "utf8"))
const readIf = (file: string) => (fs.existsSync(path.join(results, file)) ? read(file) : undefined)
const report = () => writeReport(read("store.json"), read("pipeline.json"), read("cli.json"), read("tui.json"), readIf("arena.json"))

const main = async () => {
  if (process.argv.includes("--report")) {
    return report()
  }
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined
  if (only === "tui") return save("tui.json", await benchTui()), report()
  if (only === "pipeline") return save("pipeline.json", await benchPipeline()), report()
  if (only === "arena") return save("arena.json", benchArena()), report()
  if (only === "stats") return await benchStats({ write: true }), report()
  if (only === "machine") return save("machine.json", await benchMachine())
  // without LLP_TEST_PG_URL it says so and measures nothing; the report keeps the last pg.json
  if (only === "pg") return await benchPg({ write: true }), report()
  if (only !== undefined) throw new Error(`--only takes tui, pipeline, arena, stats, machine or pg, not ${only}`)
  fs.mkdirSync(results, { recursive: true })
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "llp-bench-ws-"))
  try {
    fs.mkdirSync(path.join(ws, "db"))
    fs.writeFileSync(path.join(ws, "llp.config.json"), '{ "providers": {} }\n')
    console.error("store: 1,000 bots × 100 prompts, 100,000 scored runs …")
    const store = await benchStore({ keep: path.join(ws, "db", "llp.sqlite"), write: true })
    console.error("stats: the leaderboard with intervals, 1,000 bots × 100,000 runs …")
    await benchStats({ write: true })
    console.error("pipeline: 50,000 tokens through LLP and through a bare reader …")
    const pipeline = await benchPipeline()
    save("pipeline.json", pipeline)
    console.error("tui: 10,000 bots scrolled, a fast stream drawn …")
    const tui = await benchTui()
    save("tui.json", tui)
    console.error("arena: Bradley–Terry on 100,000 votes …")
    const arena = benchArena()
    save("arena.json", arena)
    console.error("pg: the leaderboard on Postgres, 1,000 bots × 100,000 runs …")
    await benchPg({ write: true })
    console.error("machine: profile gathering and its cost to a run …")
    save("machine.json", await benchMachine())
    console.error("cli: cold processes …")
    const cli = {
      bareNode: bareNode(),
      version: coldStart(["--version"]),
      botsListJson: coldStart(["--workspace", ws, "bots", "list", "--json"]),
      botsListJsonFirstRun: coldStart(["--workspace", ws, "bots", "list", "--json"], { firstRun: true, rounds: 7 }),
      leaderboardJson: coldStart(["--workspace", ws, "leaderboard", "--json"], { rounds: 5 })
    }
    save("cli.json", cli)
    writeReport(store, pipeline, cli, tui, arena)
    console.error(`written to ${results}`)
  } finally {
    fs.rmSync(ws, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
