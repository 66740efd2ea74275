import { type Bot, InvalidInput, type Prompt, type Run, Store, type StoreFailure } from "@llp/core"
import * as Effect from "effect/Effect"
import { type DetailedDocument, hasDetails, type LeaderboardDocument, promptKey, runKey } from "./document.js"
import { referenceIssues } from "./parse.js"
import { promptFields, runProgress } from "./json.js"
import { judgePairInput, judgeScoreInput } from "./judge.js"
import { runSpeed } from "./machine.js"

export interface ImportCount {
  /** Created in the workspace by this import. */
  readonly added: number
  /** Already there (matched), left as they are. */
  readonly matched: number
}

export interface ImportReport {
  readonly categories: ImportCount
  readonly prompts: ImportCount
  readonly bots: ImportCount
  readonly runs: ImportCount
  /** `matched`: the run already had a score in the workspace, which was kept. */
  readonly scores: ImportCount & { readonly pinned: number }
  /** `matched`: the same vote (duel id, or runs, verdict and time) was already here. */
  readonly arenaVotes: ImportCount
  /** `matched`: that judge already had a suggestion for that run here, which was kept. */
  readonly judgeScores: ImportCount
  /** `matched`: that judge's verdict on those two runs at that time was already here. */
  readonly judgePairs: ImportCount
  /** What could not be brought in, and why (e.g. a score above the workspace's own prompt's points). */
  readonly skipped: ReadonlyArray<string>
}

const promptInput = promptFields

/**
 * Merges a `--details` export into the workspace without duplicates; what is already there stays as it is.
 * Categories are matched by key (missing ones are loaded as a suite with their prompts), prompts by
 * (category, slug), bots by name, runs by (bot name, category, prompt slug, startedAt); missing runs are
 * written with all their fields, and their scores given in the document's order (so the same score counts)
 * and pinned where they were. A run that already has a score keeps it. Running it twice changes nothing.
 */
export const importDocument = (doc: LeaderboardDocument): Effect.Effect<ImportReport, StoreFailure, Store.Store> => {
  if (!hasDetails(doc))
    return Effect.fail(new InvalidInput({ field: "file", reason: "this export has no details (bots, prompts, runs, scores): export it with --details to import it" }))
  // parseDocument checks these too; a document made in code gets the same check here
  const issue = referenceIssues(doc)[0]
  if (issue) return Effect.fail(new InvalidInput({ field: issue.path || "file", reason: issue.reason }))
  return importDetails(doc)
}

const importDetails = (doc: DetailedDocument) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const skipped: Array<string> = []

    // categories, and the prompts of the ones that are new, as suites
    const haveCategories = new Set((yield* store.listCategories()).map((c) => c.key))
    let categoriesAdded = 0
    const loadedPrompts = new Set<string>()
    for (const c of doc.categories) {
      if (haveCategories.has(c.key)) continue
      const prompts = doc.prompts.filter((p) => p.category === c.key)
      yield* store.loadSuite({
        category: { key: c.key, title: c.title, systemPrompt: c.systemPrompt ?? "", temperature: c.temperature ?? 0.5, order: c.order ?? 0 },
        prompts: prompts.map(promptInput)
      })
      for (const p of prompts) loadedPrompts.add(promptKey(p))
      categoriesAdded++
    }

    // prompts
    const prompts = new Map<string, Prompt>()
    for (const p of yield* store.listPrompts()) prompts.set(promptKey(p), p)
    let promptsAdded = 0
    for (const p of doc.prompts) {
      const key = promptKey(p)
      let prompt = prompts.get(key)
      const isNew = loadedPrompts.has(key) || prompt === undefined
      if (prompt === undefined) {
        prompt = yield* store.createPrompt(promptInput(p))
        prompts.set(key, prompt)
      }
      if (isNew) {
        promptsAdded++
        // a person's edit in the other workspace stays protected from suite reloads here
        if (p.edited && !prompt.edited) prompts.set(key, yield* store.updatePrompt(prompt.id, {}))
      }
    }

    // bots
    const bots = new Map<string, Bot>()
    for (const b of yield* store.listBots()) if (!bots.has(b.name)) bots.set(b.name, b)
    let botsAdded = 0
    for (const b of doc.bots) {
      if (bots.has(b.name)) continue
      bots.set(b.name, yield* store.createBot({ name: b.name, provider: b.provider, model: b.model, load: b.load, sampling: b.sampling, meta: b.meta, notes: b.notes }))
      botsAdded++
    }

    // machines, by fingerprint: imported runs keep theirs, so another machine's speeds stay apart from this one's
    const machineIds = new Map<string, number>()
    for (const m of doc.machines ?? []) {
      const { fingerprint, ...profile } = m
      machineIds.set(fingerprint, (yield* store.saveMachine(profile)).id)
    }

    // runs
    const botNames = new Map([...bots.values()].map((b) => [b.id, b.name]))
    const promptsById = new Map([...prompts.values()].map((p) => [p.id, p]))
    const runs = new Map<string, Run>()
    for (const r of yield* store.listRuns()) {
      const bot = botNames.get(r.botId)
      const prompt = promptsById.get(r.promptId)
      if (bot !== undefined && prompt) runs.set(runKey({ bot, category: prompt.category, prompt: prompt.slug, startedAt: r.startedAt }), r)
    }
    let runsAdded = 0
    for (const r of doc.runs) {
      const key = runKey(r)
      if (runs.has(key)) continue
      const bot = bots.get(r.bot)!
      const prompt = prompts.get(promptKey({ category: r.category, slug: r.prompt }))!
      const run = yield* store.startRun({
        botId: bot.id,
        promptId: prompt.id,
        provider: r.provider,
        model: r.model,
        demo: r.demo,
        request: r.request,
        startedAt: r.startedAt,
        machineId: r.machine === undefined || r.machine === null ? null : (machineIds.get(r.machine) ?? null),
        // older exports have neither: the run then counts as made with the bot's parameters of now
        ...(r.sentParams === undefined ? {} : { sentParams: r.sentParams }),
        ...(r.paramsKey === undefined ? {} : { paramsKey: r.paramsKey })
      })
      const { machine: _machine, ...speed } = runSpeed(r, null)
      yield* store.updateRun(run.id, { ...runProgress(r), ...speed, answeredModel: r.answeredModel })
      runs.set(key, run)
      runsAdded++
    }

    // scores, in the document's order
    const scoredRuns = new Set((yield* store.listScores()).map((s) => s.run.id))
    let scoresAdded = 0
    let scoresMatched = 0
    let pinned = 0
    for (const s of doc.scores) {
      const run = runs.get(runKey(s))!
      if (scoredRuns.has(run.id)) {
        scoresMatched++
        continue
      }
      const prompt = promptsById.get(run.promptId) ?? prompts.get(promptKey({ category: s.category, slug: s.prompt }))!
      if (s.points > prompt.points) {
        skipped.push(
          `score of ${JSON.stringify(s.bot)} on "${s.category}/${s.prompt}" (run started ${s.startedAt}): ${s.points} points, but the prompt here is worth ${prompt.points}`
        )
        continue
      }
      yield* store.scoreRun({ runId: run.id, points: s.points, note: s.note, source: s.source, detail: s.detail })
      scoredRuns.add(run.id)
      scoresAdded++
      if (s.pinned) {
        yield* store.pinRun(run.id, true)
        pinned++
      }
    }

    // bench results, matched by (bot, machine, time) so that a second import adds none
    const benchKey = (bot: number, machine: number | null, at: string) => JSON.stringify([bot, machine, at])
    const haveBench = new Set((yield* store.listBench()).map((b) => benchKey(b.botId, b.machineId, b.createdAt)))
    for (const b of doc.bench ?? []) {
      const bot = bots.get(b.bot)
      if (bot === undefined) {
        skipped.push(`bench result of ${JSON.stringify(b.bot)} from ${b.createdAt}: no such bot in the file`)
        continue
      }
      const machineId = b.machine === null ? null : (machineIds.get(b.machine) ?? null)
      if (haveBench.has(benchKey(bot.id, machineId, b.createdAt))) continue
      yield* store.saveBench({ botId: bot.id, machineId, serverVersion: b.serverVersion, pp: b.pp, tg: b.tg, repeat: b.repeat, depths: b.depths, createdAt: b.createdAt })
      haveBench.add(benchKey(bot.id, machineId, b.createdAt))
    }

    // Arena votes: a duel id already here is the same vote (the store says so); without one, the same runs, verdict and time
    const haveVotes = new Set((yield* store.listArenaVotes()).map((v) => `${v.leftRunId}:${v.rightRunId}:${v.verdict}:${v.createdAt}`))
    let votesAdded = 0
    for (const v of doc.arenaVotes ?? []) {
      const left = runs.get(runKey(v.left))!
      const right = runs.get(runKey(v.right))!
      const key = `${left.id}:${right.id}:${v.verdict}:${v.createdAt}`
      if (haveVotes.has(key)) continue
      const { duplicate } = yield* store.addArenaVote({ duel: v.duel, leftRunId: left.id, rightRunId: right.id, verdict: v.verdict, source: v.source, createdAt: v.createdAt })
      haveVotes.add(key)
      if (!duplicate) votesAdded++
    }

    // judge suggestions: one per run and judge (a suggestion already here stays)
    const haveJudged = new Set((yield* store.listJudgeScores()).map((j) => `${j.judgeBotId}:${j.runId}`))
    let judgedAdded = 0
    let judgedSkipped = 0
    for (const j of doc.judgeScores ?? []) {
      const run = runs.get(runKey(j))
      const judge = bots.get(j.judge)
      if (run === undefined || judge === undefined) {
        skipped.push(`judge suggestion of ${JSON.stringify(j.judge)} on ${JSON.stringify(j.bot)}'s run of "${j.category}/${j.prompt}" (started ${j.startedAt}): ${run === undefined ? "no such run" : "no such judge bot"} in the file`)
        judgedSkipped++
        continue
      }
      if (haveJudged.has(`${judge.id}:${run.id}`)) continue
      yield* store.saveJudgeScore(judgeScoreInput(j, run.id, judge.id))
      haveJudged.add(`${judge.id}:${run.id}`)
      judgedAdded++
    }

    // pairwise verdicts: one per judge and pair of runs (a verdict already here stays)
    const pairKey = (judge: number, a: number, b: number) => `${judge}:${a}:${b}`
    const havePairs = new Set((yield* store.listJudgePairs()).map((p) => pairKey(p.judgeBotId, p.runA, p.runB)))
    let pairsAdded = 0
    let pairsSkipped = 0
    for (const p of doc.judgePairs ?? []) {
      const a = runs.get(runKey(p.a))
      const b = runs.get(runKey(p.b))
      const judge = bots.get(p.judge)
      if (a === undefined || b === undefined || judge === undefined) {
        skipped.push(`pairwise verdict of ${JSON.stringify(p.judge)} on "${p.a.category}/${p.a.prompt}" (${JSON.stringify(p.a.bot)} against ${JSON.stringify(p.b.bot)}): ${judge === undefined ? "no such judge bot" : "no such run"} in the file`)
        pairsSkipped++
        continue
      }
      const key = pairKey(judge.id, a.id, b.id)
      if (havePairs.has(key)) continue
      yield* store.saveJudgePair(judgePairInput(p, a.promptId, a.id, b.id, judge.id))
      havePairs.add(key)
      pairsAdded++
    }

    return {
      categories: { added: categoriesAdded, matched: doc.categories.length - categoriesAdded },
      prompts: { added: promptsAdded, matched: doc.prompts.length - promptsAdded },
      bots: { added: botsAdded, matched: doc.bots.length - botsAdded },
      runs: { added: runsAdded, matched: doc.runs.length - runsAdded },
      scores: { added: scoresAdded, matched: scoresMatched, pinned },
      arenaVotes: { added: votesAdded, matched: (doc.arenaVotes ?? []).length - votesAdded },
      judgeScores: { added: judgedAdded, matched: (doc.judgeScores ?? []).length - judgedAdded - judgedSkipped },
      judgePairs: { added: pairsAdded, matched: (doc.judgePairs ?? []).length - pairsAdded - pairsSkipped },
      skipped
    } satisfies ImportReport
  })
