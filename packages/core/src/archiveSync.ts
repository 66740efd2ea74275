import * as Effect from "effect/Effect"
import { archiveEntry, archiveSection, safeFileName } from "./archive.js"
import type { Bot } from "./domain/Bot.js"
import type { Run } from "./domain/Run.js"
import { Archive } from "./services/Archive.js"
import { Store } from "./services/Store.js"

export interface ArchiveSyncResult {
  /** Sections written: the answer was missing from llm_outputs/, or another one was there. */
  readonly written: number
  /** Sections that hold this answer already. */
  readonly unchanged: number
  readonly bots: number
  /** Files written (answers, and swe's .go and _test.go). */
  readonly files: ReadonlyArray<string>
}

/** Per prompt, the newest complete run (the answer a tournament would have left in llm_outputs/ last). Pure. */
export const newestCompletePerPrompt = (runs: ReadonlyArray<Run>): ReadonlyArray<Run> => {
  const newest = new Map<number, Run>()
  for (const r of runs) {
    if (r.status !== "complete") continue
    const had = newest.get(r.promptId)
    if (had === undefined || r.id > had.id) newest.set(r.promptId, r)
  }
  return [...newest.values()].sort((a, b) => a.promptId - b.promptId)
}

/**
 * `llp archive sync`: every bot's answers in the store (the shared one, on Postgres) into the local llm_outputs/
 * in the seed's layout, through the Archive service as a run's own save does. Only complete answers are
 * written, so a complete answer is never replaced by part of one; a section that holds the answer already is
 * not written again (running it twice writes nothing the second time).
 */
export const syncArchive = (options: { readonly bots?: ReadonlyArray<Bot>; readonly onBot?: (bot: Bot, written: number) => void } = {}) =>
  Effect.gen(function* () {
    const store = yield* Store
    const archive = yield* Archive
    const bots = options.bots ?? (yield* store.listBots())
    const prompts = new Map((yield* store.listPrompts()).map((p) => [p.id, p]))
    let written = 0
    let unchanged = 0
    const files: Array<string> = []
    for (const bot of bots) {
      const runs = newestCompletePerPrompt(yield* store.listRuns({ botId: bot.id, status: "complete" }))
      let wroteForBot = 0
      // one read of each category's file per bot
      const texts = new Map<string, string | null>()
      for (const run of runs) {
        const prompt = prompts.get(run.promptId)
        if (prompt === undefined) continue
        const entry = archiveEntry(run, bot, prompt)
        if (!texts.has(prompt.category)) texts.set(prompt.category, yield* archive.read(prompt.category, `${safeFileName(bot.name)}.md`))
        if (texts.get(prompt.category)?.includes(archiveSection(entry)) === true) {
          unchanged++
          continue
        }
        files.push(...(yield* archive.save(entry)))
        written++
        wroteForBot++
      }
      options.onBot?.(bot, wroteForBot)
    }
    return { written, unchanged, bots: bots.length, files: [...new Set(files)].sort() } satisfies ArchiveSyncResult
  })
