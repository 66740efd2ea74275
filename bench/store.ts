/**
 * Store benchmark: a workspace database at LLP's scale (1,000 bots × 100 prompts, one scored run each:
 * 100,000 runs with 1–8 KB outputs), then the leaderboard, full-text search and streaming updates.
 *
 *   npx tsx --conditions=source bench/store.ts            (from the repository root)
 *
 * Writes bench/results/store.json and bench/results/store.md. `benchStore()` is what the overall runner calls.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Store, type Suite } from "@llp/core"
import { SqliteStore, compileSearch } from "@llp/store-sqlite"
import { Effect } from "effect"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

export interface BenchStoreOptions {
  readonly bots?: number
  readonly promptsPerCategory?: number
  readonly categories?: number
  /** Write bench/results/store.{json,md}. Default true. */
  readonly write?: boolean
  /** Keep the database at this path and reuse it on the next run (skips the build; for working on queries). */
  readonly keep?: string
  readonly log?: (line: string) => void
}

// ------------------------------------------------------------------ text

const rng = (seed: number) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const ENGLISH =
  "the of and to a in is that for it as with was on be by this are or from at an which but not have has can will function model answer code value return data time first new use one two test example result string number list error type method class system because should would could translation poem story memory context token speed quantum light river mountain lantern archive pilgrimage resonance cascade nexus".split(
    " "
  )
const VIETNAMESE =
  "chào tiếng Việt những người được đã để đi đó của và là có không một này cho với trong các khi thì bạn tôi chúng ta rất đẹp lắm Đà Nẵng Hà Nội Sài Gòn sông núi ánh sáng dịch thơ câu chuyện Phật Xá Lợi Phất".split(" ")

/** A Zipf-like vocabulary (30,000 made-up words with real English words among the most frequent) and a document maker. */
const makeText = (seed: number) => {
  const r = rng(seed)
  const cons = "b c d f g h k l m n p r s t v z br kr st th tr ch sh ph".split(" ")
  const vow = "a e i o u ai ei ou ia io ea".split(" ")
  const seen = new Set([...ENGLISH, ...VIETNAMESE.map((w) => w.toLowerCase())])
  const made: Array<string> = []
  while (made.length < 30_000) {
    let w = ""
    const syllables = 1 + Math.floor(r() * 3)
    for (let i = 0; i < syllables; i++) w += cons[Math.floor(r() * cons.length)]! + vow[Math.floor(r() * vow.length)]!
    if (r() < 0.3) w += cons[Math.floor(r() * cons.length)]!
    if (!seen.has(w)) {
      seen.add(w)
      made.push(w)
    }
  }
  const words: Array<string> = []
  let e = 0
  for (let i = 0; i < made.length; i++) {
    if (e < ENGLISH.length && (i < ENGLISH.length * 2 ? i % 2 === 0 : r() < 0.01)) words.push(ENGLISH[e++]!)
    words.push(made[i]!)
  }
  const cdf = new Float64Array(words.length)
  let sum = 0
  for (let i = 0; i < words.length; i++) cdf[i] = sum += 1 / Math.pow(i + 1, 1.05)
  for (let i = 0; i < words.length; i++) cdf[i]! /= sum
  const pick = () => {
    const x = r()
    let lo = 0
    let hi = words.length - 1
    while (lo < hi) {
      const m = (lo + hi) >> 1
      if (cdf[m]! < x) lo = m + 1
      else hi = m
    }
    return words[lo]!
  }
  const doc = (minBytes: number, maxBytes: number): string => {
    const target = minBytes + Math.floor(r() * (maxBytes - minBytes))
    const vietnamese = r() < 0.1
    const parts: Array<string> = []
    let length = 0
    let sentence = 0
    while (length < target) {
      let w = vietnamese && r() < 0.5 ? VIETNAMESE[Math.floor(r() * VIETNAMESE.length)]! : pick()
      if (sentence === 0) w = w[0]!.toUpperCase() + w.slice(1)
      parts.push(w)
      length += w.length + 1
      sentence++
      if (sentence > 6 && r() < 0.12) {
        parts[parts.length - 1] += r() < 0.2 ? ".\n\n" : "."
        sentence = 0
      }
    }
    return parts.join(" ")
  }
  return { doc, random: r, words, rareWord: words[20_000]! }
}

// ------------------------------------------------------------------ measuring

const stats = (samples: ReadonlyArray<number>) => {
  const s = [...samples].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!
  const round = (x: number) => Math.round(x * 100) / 100
  return { p50: round(q(0.5)), p95: round(q(0.95)), min: round(s[0]!), max: round(s[s.length - 1]!), n: s.length }
}

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const cpu = process.cpuUsage()
    const start = performance.now()
    const value = yield* effect
    const wall = performance.now() - start
    const used = process.cpuUsage(cpu)
    return [wall, value, (used.user + used.system) / 1000] as const
  })

/** Wall-clock figures, plus the median CPU time of this process: on a shared machine the gap is time spent waiting for a core. */
const repeat = <A, E, R>(times: number, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    yield* effect // warm-up
    const samples: Array<number> = []
    const cpu: Array<number> = []
    let last: A | undefined
    for (let i = 0; i < times; i++) {
      const [ms, value, cpuMs] = yield* timed(effect)
      samples.push(ms)
      cpu.push(cpuMs)
      last = value
    }
    return { ...stats(samples), cpuP50: stats(cpu).p50, last: last as A }
  })

const fileSize = (path: string) => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10

// ------------------------------------------------------------------ the benchmark

const ARCHES = ["llama", "qwen2", "gemma2", "command-r", "phi3", "mistral", "deepseek2", "internlm2", "stablelm", "granite"]
const QUANTS = ["Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0", "IQ4_XS", "IQ2_M"]

const program = (options: Required<Omit<BenchStoreOptions, "write" | "log" | "keep">>, file: string, log: (line: string) => void, reuse: boolean) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const sql = yield* SqlClient.SqlClient
    const text = makeText(20_261_127)
    const r = text.random

    type Built = { total: number; insertMs: number; botsMs: number; outputBytes: number; dbBytes: number; objects: ReadonlyArray<{ name: string; bytes: number }> }
    const existing = (yield* sql<{ n: number }>`SELECT count(*) AS n FROM runs`)[0]!.n
    let built: Built
    if (reuse && existing > 0 && existsSync(`${file}.built.json`)) {
      built = JSON.parse(readFileSync(`${file}.built.json`, "utf8")) as Built
      log(`reusing ${file}: ${existing} runs`)
    } else {
      // suites: categories × prompts
      for (let c = 0; c < options.categories; c++) {
        const key = `cat-${c + 1}`
        const suite: Suite = {
          category: { key, title: `Category ${c + 1}`, systemPrompt: "You are an expert.", temperature: 0.5, order: c },
          prompts: Array.from({ length: options.promptsPerCategory }, (_, i) => {
            const points = 5 * (1 + Math.floor(r() * 20))
            return {
              category: key,
              slug: `p-${i + 1}`,
              order: i + 1,
              title: `Prompt ${i + 1}: ${text.doc(20, 40)}`,
              text: text.doc(200, 800),
              points,
              useSystemPrompt: true,
              rubric: [{ points, text: text.doc(20, 80) }]
            }
          })
        }
        yield* store.loadSuite(suite)
      }
      const prompts = yield* store.listPrompts()

      // bots
      const botsStart = performance.now()
      const bots = yield* sql.withTransaction(
        Effect.forEach(Array.from({ length: options.bots }, (_, i) => i), (i) => {
          const arch = ARCHES[i % ARCHES.length]!
          return store.createBot({
            name: `${arch}-${i + 1}`,
            provider: i % 3 === 0 ? "ollama" : "lmstudio",
            model: `${arch}-${(i % 70) + 1}b-instruct-${QUANTS[i % QUANTS.length]!.toLowerCase()}`,
            load: { contextLength: 32768, batchSize: 512, threads: 16, flashAttention: true },
            sampling: { temperature: 0.1, topK: 16, topP: 0.95 },
            meta: { arch, quantization: QUANTS[i % QUANTS.length]!, publisher: "lmstudio-community", format: "gguf" },
            notes: i % 10 === 0 ? text.doc(40, 200) : ""
          })
        })
      )
      const botsMs = performance.now() - botsStart

      // runs: one scored run per bot × prompt, through the Store API, 1,000 per transaction
      const total = bots.length * prompts.length
      let outputBytes = 0
      const insertStart = performance.now()
      const pairs: Array<[number, number, number]> = []
      for (const bot of bots) for (const p of prompts) pairs.push([bot.id, p.id, p.points])
      for (let at = 0; at < pairs.length; at += 1000) {
        yield* sql.withTransaction(
          Effect.forEach(
            pairs.slice(at, at + 1000),
            ([botId, promptId, max]) =>
              Effect.gen(function* () {
                const output = text.doc(1024, 8192)
                outputBytes += output.length
                const run = yield* store.addManualRun({
                  botId,
                  promptId,
                  output,
                  tokensPerSecond: 2 + r() * 80,
                  ttftMs: 50 + r() * 5000,
                  completionTokens: Math.round(output.length / 4)
                })
                yield* store.scoreRun({ runId: run.id, points: Math.round(r() * max) })
                if (r() < 0.01) yield* store.pinRun(run.id, true)
              }),
            { discard: true }
          )
        )
        if ((at / 1000) % 10 === 9) log(`  ${at + 1000} runs, ${Math.round(((at + 1000) / (performance.now() - insertStart)) * 1000)} runs/s`)
      }
      const insertMs = performance.now() - insertStart
      yield* sql`PRAGMA wal_checkpoint(TRUNCATE)`
      const dbBytes = fileSize(file) + fileSize(`${file}-wal`)
      const objects = yield* sql<{ name: string; bytes: number }>`
        SELECT CASE WHEN name LIKE 'runs_fts%' THEN 'runs_fts (index)' WHEN name IN ('runs', 'sqlite_autoindex_runs_1') THEN 'runs (rows)'
          WHEN name LIKE 'runs_%' THEN 'runs indexes' WHEN name LIKE 'scores%' OR name = 'sqlite_autoindex_scores_1' THEN 'scores + indexes' ELSE 'other' END AS name,
          sum(pgsize) AS bytes FROM dbstat GROUP BY 1 ORDER BY 2 DESC`
      log(`inserted ${total} runs in ${(insertMs / 1000).toFixed(1)} s; database ${mb(dbBytes)} MB`)
      built = { total, insertMs, botsMs, outputBytes, dbBytes, objects }
      if (reuse) writeFileSync(`${file}.built.json`, JSON.stringify(built))
    }
    const { total, insertMs, botsMs, outputBytes, dbBytes, objects } = built
    const bots = yield* store.listBots()
    const prompts = yield* store.listPrompts()

    // leaderboard
    const board = yield* repeat(20, store.leaderboard())
    log(`leaderboard: median ${board.p50} ms over ${board.n} (cpu ${board.cpuP50} ms)`)
    // for comparison: the same figures counted from scratch in one query over the covering indexes
    const scratch = yield* repeat(
      5,
      sql`WITH counted AS (
            SELECT bot_id, category, points,
              row_number() OVER (PARTITION BY bot_id, prompt_id ORDER BY pinned DESC, run_id DESC) AS rn
            FROM scores
          ),
          per_bot AS (
            SELECT bot_id, json_group_object(category, points) AS points, sum(scored) AS scored FROM (
              SELECT bot_id, category, sum(points) AS points, count(*) AS scored FROM counted WHERE rn = 1 GROUP BY bot_id, category
            ) GROUP BY bot_id
          ),
          run_stats AS (
            SELECT bot_id, count(*) AS runs, avg(CASE WHEN status = 'complete' THEN tokens_per_second END) AS tps,
              avg(CASE WHEN status = 'complete' THEN ttft_ms END) AS ttft
            FROM runs GROUP BY bot_id
          )
          SELECT b.id, pb.points, pb.scored, rs.runs, rs.tps, rs.ttft FROM bots b
          LEFT JOIN per_bot pb ON pb.bot_id = b.id LEFT JOIN run_stats rs ON rs.bot_id = b.id`
    )
    log(`leaderboard counted from scratch (window over scores_counted + runs_bot_stats): median ${scratch.p50} ms (cpu ${scratch.cpuP50} ms)`)

    // output search
    const queries: ReadonlyArray<[label: string, query: string]> = [
      ["rare word", text.rareWord],
      ["common word (47% of outputs)", "function"],
      ["stop word (every output)", "the"],
      ["two common words", "river mountain"],
      ["3-letter prefix", "pil*"],
      ["5-letter prefix", "pilgr*"],
      ["phrase", '"model answer"'],
      ["phrase of stop words", '"of the"'],
      ["negation", "lantern -river"],
      ["Vietnamese", "tiếng Việt"],
      ["Vietnamese without diacritics", "da nang"],
      ["hostile", `'; DROP TABLE bots; -- NEAR(" foo*`]
    ]
    const searches: Array<Record<string, unknown>> = []
    for (const [label, query] of queries) {
      const compiled = compileSearch(query, { implicitPrefix: "none", minPrefix: 2 })
      const matches = compiled === null ? 0 : ((yield* sql<{ n: number }>`SELECT count(*) AS n FROM runs_fts WHERE runs_fts MATCH ${compiled.match}`)[0]?.n ?? 0)
      const s = yield* repeat(20, store.searchOutputs(query))
      let plan = "none"
      if (compiled !== null) {
        const [probe] = yield* sql<{ newest: number | null; kth: number | null }>`
          SELECT (SELECT max(id) FROM runs) AS newest,
            (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ${compiled.match} ORDER BY rowid DESC LIMIT 1 OFFSET ${SqliteStore.SEARCH_CANDIDATES}) AS kth`
        const chosen = SqliteStore.searchPlan(compiled.costly, probe?.newest ?? null, probe?.kth ?? null)
        plan = chosen === "recent" ? "newest first" : chosen === "all" ? "bm25 over all matches" : `bm25 over newest ${SqliteStore.SEARCH_CANDIDATES}`
      }
      searches.push({ label, query, match: compiled?.match ?? null, matches, plan, p50: s.p50, p95: s.p95, max: s.max, cpuP50: s.cpuP50, hits: s.last.length, top: s.last[0]?.snippet.slice(0, 100) ?? null })
      log(`search ${label.padEnd(30)} p50 ${s.p50} ms  p95 ${s.p95} ms  cpu ${s.cpuP50} ms  (${matches} matches, ${plan})`)
    }

    // bot and prompt search
    const botSearches: Array<Record<string, unknown>> = []
    for (const query of ["qwen", "q4_k_m", "llama 21b", "gemma2-1", "lmstudio-community gguf"]) {
      const s = yield* repeat(20, store.searchBots(query))
      botSearches.push({ query, p50: s.p50, p95: s.p95, cpuP50: s.cpuP50, hits: s.last.length })
    }
    const promptSearches: Array<Record<string, unknown>> = []
    for (const query of ["function", text.rareWord, "prompt 5", '"model answer"', "pil"]) {
      const s = yield* repeat(20, store.searchPrompts(query))
      promptSearches.push({ query, p50: s.p50, p95: s.p95, cpuP50: s.cpuP50, hits: s.last.length })
    }

    // a run streaming into the full database: one updateRun a second, output growing to ~32 KB
    const bot = bots[0]!
    const prompt = prompts[0]!
    const run = yield* store.startRun({ botId: bot.id, promptId: prompt.id, provider: bot.provider, model: bot.model, demo: false, request: { llp: { prompt: prompt.text } }, startedAt: new Date().toISOString() })
    const grow: Array<number> = []
    const same: Array<number> = []
    let output = ""
    for (let i = 0; i < 128; i++) {
      output += text.doc(240, 260) + " "
      const [ms] = yield* timed(store.updateRun(run.id, { status: "streaming", output, reasoning: "", totalMs: i * 1000, tokensPerSecond: 30 }))
      grow.push(ms)
      const [ms2] = yield* timed(store.updateRun(run.id, { status: "streaming", output, reasoning: "", totalMs: i * 1000 + 500, tokensPerSecond: 31 }))
      same.push(ms2)
    }
    const streaming = {
      updates: grow.length,
      finalOutputBytes: output.length,
      outputChanged: stats(grow),
      outputUnchanged: stats(same),
      last16OutputChanged: stats(grow.slice(-16))
    }
    log(`updateRun while streaming: output grows p50 ${streaming.outputChanged.p50} ms (last 16, ~30 KB: ${streaming.last16OutputChanged.p50} ms); unchanged ${streaming.outputUnchanged.p50} ms`)

    return {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100) },
      scale: { bots: bots.length, prompts: prompts.length, runs: total, outputMB: mb(outputBytes) },
      insert: {
        runsPerSecond: Math.round((total / insertMs) * 1000),
        seconds: Math.round(insertMs / 100) / 10,
        botsPerSecond: Math.round((bots.length / botsMs) * 1000),
        note: "each run: addManualRun + scoreRun through the Store (FTS indexing included), 1,000 per transaction"
      },
      database: { MB: mb(dbBytes), breakdownMB: Object.fromEntries(objects.map((o) => [o.name, mb(o.bytes)])) },
      leaderboardMs: { median: board.p50, p95: board.p95, min: board.min, max: board.max, cpuMedian: board.cpuP50, bots: board.last.length },
      leaderboardFromScratchMs: { median: scratch.p50, cpuMedian: scratch.cpuP50, note: "the same figures counted in one query over the covering indexes, without the trigger-kept tables" },
      outputSearch: searches,
      botSearch: botSearches,
      promptSearch: promptSearches,
      streamingUpdateMs: streaming,
      targets: {
        leaderboardMs: 50,
        outputSearchP95Ms: 20,
        leaderboardMet: board.p50 <= 50,
        outputSearchP95Worst: Math.max(...searches.map((s) => s.p95 as number))
      }
    }
  })

const markdown = (result: Record<string, any>): string => {
  const lines: Array<string> = []
  lines.push(`# Store benchmark`, "")
  lines.push(`Machine: ${result.machine.cpus} cores (${result.machine.cpu}), Node ${result.machine.node}, shared (load average ${result.machine.loadAverageAfter.join(" / ")} after the run). Generated by \`npx tsx --conditions=source bench/store.ts\`.`, "")
  lines.push(
    `Workspace database: ${result.scale.bots} bots × ${result.scale.prompts} prompts, one scored run each = **${result.scale.runs.toLocaleString("en")} runs** with 1–8 KB outputs (${result.scale.outputMB} MB of text, Zipf-like vocabulary of 30,000 made-up words plus English and Vietnamese words).`,
    ""
  )
  lines.push(`| figure | value | target |`, `|---|---|---|`)
  lines.push(`| insert (addManualRun + scoreRun, FTS included) | ${result.insert.runsPerSecond} runs/s (${result.insert.seconds} s) | |`)
  lines.push(`| database size | ${result.database.MB} MB | |`)
  lines.push(`| leaderboard (one query, ${result.leaderboardMs.bots} bots), median of 20 | **${result.leaderboardMs.median} ms** (p95 ${result.leaderboardMs.p95}, CPU ${result.leaderboardMs.cpuMedian}) | ≤ 50 ms |`)
  lines.push(`| (comparison) the same figures counted from scratch in one query over covering indexes | ${result.leaderboardFromScratchMs.median} ms (CPU ${result.leaderboardFromScratchMs.cpuMedian}) | |`)
  lines.push(`| updateRun while streaming, output growing to ${Math.round(result.streamingUpdateMs.finalOutputBytes / 1000)} KB | p50 ${result.streamingUpdateMs.outputChanged.p50} ms, p95 ${result.streamingUpdateMs.outputChanged.p95} ms (last 16 updates: p50 ${result.streamingUpdateMs.last16OutputChanged.p50}) | |`)
  lines.push(`| updateRun, output unchanged (no reindex) | p50 ${result.streamingUpdateMs.outputUnchanged.p50} ms | |`, "")
  lines.push(`Size by object (MB): ${Object.entries(result.database.breakdownMB).map(([k, v]) => `${k} ${v}`).join(", ")}.`, "")
  lines.push(`## Output search (searchOutputs, 20 results with snippets; 20 timed runs each)`, "")
  lines.push(`| query | typed | matches | plan | p50 ms | p95 ms | CPU p50 ms |`, `|---|---|---|---|---|---|---|`)
  for (const s of result.outputSearch) lines.push(`| ${s.label} | \`${String(s.query).replace(/\|/g, "\\|")}\` | ${s.matches} | ${s.plan} | ${s.p50} | ${s.p95} | ${s.cpuP50} |`)
  lines.push("", `## Bot and prompt search`, "", `| table | query | hits | p50 ms | p95 ms | CPU p50 ms |`, `|---|---|---|---|---|---|`)
  for (const s of result.botSearch) lines.push(`| bots | \`${s.query}\` | ${s.hits} | ${s.p50} | ${s.p95} | ${s.cpuP50} |`)
  for (const s of result.promptSearch) lines.push(`| prompts | \`${s.query}\` | ${s.hits} | ${s.p50} | ${s.p95} | ${s.cpuP50} |`)
  lines.push(
    "",
    `## Design notes`,
    "",
    `- No leaderboard figure is read from a run row (the output text stays out of it): scores carry their run's bot, prompt and category, and run statistics come from the covering index \`runs_bot_stats (bot_id, status, tokens_per_second, ttft_ms)\`.`,
    `- Output search: bm25 counts, for every phrase of the query, the documents that contain it over the whole index, so its cost grows with how common the words are and does not stop at LIMIT (the stack baseline: 50–108 ms for common words). The store picks a plan per query: a phrase or a prefix, or words found in more than half of the newest outputs (bm25's IDF is then 0: it has nothing to rank by), are listed newest first with no bm25 (FTS5 walks rowids backwards and stops at LIMIT); other queries first find the 1,000th newest match (cheap, rowid order): with fewer matches all are ranked by bm25 (ORDER BY rank, sorted inside FTS5), with more, the newest 1,000 are.`,
    `- Snippets are made only for the rows returned (each tokenizes its output again: about 0.1–0.3 ms per 5 KB hit).`,
    `- \`prefix='2 3'\` on runs_fts: 2- and 3-letter prefixes read a prefix index instead of merging thousands of terms; 1-letter prefixes are searched as words. \`detail=full\` is kept: phrases need positions (\`detail=column\`/\`none\` refuse phrase queries, and a hyphenated word is a phrase).`,
    `- \`PRAGMA cache_size = -65536\` (64 MiB) keeps the doclists of common words in memory between searches.`,
    `- Leaderboard: \`leaderboard_points\` (bot × category) and \`leaderboard_runs\` (bot) are kept by triggers that re-count the key they touch from the base tables (an index seek per prompt of the category; the bot's entries of \`runs_bot_stats\`), so the query reads ~1,000 + 5,000 small rows whatever the number of runs.`,
    `- The machine is shared: wall-clock and CPU medians are both given; where they differ, the process was waiting for a core.`
  )
  return lines.join("\n") + "\n"
}

/** Builds the database in a temp folder, measures, removes it; returns the figures (and writes them unless write: false). */
export async function benchStore(options: BenchStoreOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? ((line: string) => console.log(line))
  const settings = { bots: options.bots ?? 1000, promptsPerCategory: options.promptsPerCategory ?? 20, categories: options.categories ?? 5 }
  const dir = options.keep === undefined ? mkdtempSync(join(tmpdir(), "llp-bench-store-")) : undefined
  const file = options.keep ?? join(dir!, "llp.sqlite")
  try {
    const result = await Effect.runPromise(program(settings, file, log, options.keep !== undefined).pipe(Effect.provide(SqliteStore.layerWithClient(file))))
    if (options.write ?? true) {
      const out = join(dirname(fileURLToPath(import.meta.url)), "results")
      mkdirSync(out, { recursive: true })
      writeFileSync(join(out, "store.json"), JSON.stringify(result, null, 2) + "\n")
      writeFileSync(join(out, "store.md"), markdown(result))
    }
    return result
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // LLP_BENCH_BOTS=20: a small run (results not written); LLP_BENCH_KEEP=/path/db.sqlite: keep and reuse the database
  const scale = process.env.LLP_BENCH_BOTS ? { bots: Number(process.env.LLP_BENCH_BOTS) } : {}
  const keep = process.env.LLP_BENCH_KEEP ? { keep: process.env.LLP_BENCH_KEEP } : {}
  benchStore({ ...scale, ...keep, write: scale.bots === undefined }).then(
    () => undefined,
    (error) => {
      console.error(error)
      process.exit(1)
    }
  )
}
