import * as Effect from "effect/Effect"
import { ArenaVerdict, arenaStanding, inert, signed, pickDuel, Store, voteOnDuel, type ArenaRatings, type Bot } from "@llp/core"
import { num, parse, requireArg, str } from "./args.js"
import { group, usage, type Run } from "./command.js"
import { checkCategory as categoryOf } from "./choices.js"
import { dateTime, fmt, printJson, table } from "./print.js"

const VERDICTS = ArenaVerdict.literals as ReadonlyArray<string>

const botNames = Effect.map(Effect.flatMap(Store.Store, (s) => s.listBots()), (bots: ReadonlyArray<Bot>) => new Map(bots.map((b) => [b.id, b.name])))

const ratingsJson = (r: ArenaRatings, names: ReadonlyMap<number, string>, styled: ArenaRatings | null) => {
  const styleOf = new Map((styled?.ratings ?? []).map((s) => [s.botId, s]))
  return r.ratings.map((x) => {
    const s = styleOf.get(x.botId)
    return {
      botId: x.botId,
      bot: names.get(x.botId) ?? null,
      rating: x.rating,
      low: x.low,
      high: x.high,
      ...(styled ? { style: s && s.rating !== null ? { rating: s.rating, low: s.low, high: s.high } : null } : {}),
      wins: x.wins,
      losses: x.losses,
      ties: x.ties,
      bothBad: x.bothBad
    }
  })
}

const ratings: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("arena ratings", args, {
      category: { type: "string" },
      style: { type: "boolean" },
      json: { type: "boolean" },
      seed: { type: "string" },
      rounds: { type: "string" },
      source: { type: "string" }
    })
    const category = yield* categoryOf(str(values, "category"))
    const source = str(values, "source")
    if (source !== undefined && source !== "manual" && source !== "judge") return yield* usage(`arena ratings: --source must be manual or judge, got "${source}"`)
    const seed = num(values, "seed", { int: true, min: 0 }) ?? 1
    const rounds = num(values, "rounds", { int: true, min: 0, max: 10_000 }) ?? 200
    const standing = yield* arenaStanding({ category, source, style: values.style === true, seed, rounds })
    const names = yield* botNames
    const { ratings: r, styled, agreement } = standing
    if (values.json) {
      return printJson({
        category: category ?? null,
        source: source ?? null,
        votes: r.votes,
        fitted: r.fitted,
        bothBad: r.bothBad,
        seed: r.seed,
        rounds: r.rounds,
        ratings: ratingsJson(r, names, styled),
        style: styled?.style ?? null,
        agreement: { kendallTau: agreement.tau, bots: agreement.bots }
      })
    }
    if (r.votes === 0) return void process.stdout.write(`No Arena votes${category ? ` in ${category}` : ""} yet. Vote in the Arena tab (F9) or with \`llp arena next\` and \`llp arena vote\`.\n`)
    const styleOf = new Map((styled?.ratings ?? []).map((s) => [s.botId, s]))
    const interval = (low: number | null, high: number | null) => (low === null || high === null ? null : `${low.toFixed(0)}–${high.toFixed(0)}`)
    process.stdout.write(
      `Arena${category ? ` (${category})` : ""}: ${r.votes} votes, ${r.bothBad} of them "both bad" (counted, not fitted). Bradley–Terry, Elo scale, mean 1000; 95 % intervals from ${r.rounds} bootstrap replicates (seed ${r.seed}).\n\n`
    )
    process.stdout.write(
      table(
        ["#", "BOT", "RATING", "95 %", ...(styled ? ["STYLE-CONTROLLED", "95 %"] : []), "WON", "LOST", "TIED", "BOTH BAD"],
        r.ratings.map((x, i) => {
          const s = styleOf.get(x.botId)
          return [
            i + 1,
            names.get(x.botId) ?? `bot ${x.botId}`,
            fmt(x.rating, 0),
            interval(x.low, x.high),
            ...(styled ? [fmt(s?.rating, 0), interval(s?.low ?? null, s?.high ?? null)] : []),
            x.wins,
            x.losses,
            x.ties,
            x.bothBad
          ]
        }),
        styled ? [0, 2, 4, 6, 7, 8, 9] : [0, 2, 4, 5, 6, 7]
      )
    )
    if (styled?.style) {
      process.stdout.write(
        `\nStyle effects per standard deviation: length ${signed(styled.style.length, 0)} Elo, Markdown density ${signed(styled.style.markdown, 0)} Elo.\n`
      )
    }
    process.stdout.write(
      agreement.tau === null
        ? `\nAgreement with the rubric points: needs two bots with both votes and scores (${agreement.bots} now).\n`
        : `\nAgreement with the rubric-points order: Kendall τ = ${agreement.tau.toFixed(2)} over ${agreement.bots} bots${agreement.tau < 0.5 ? " — the Arena and the rubric disagree" : ""}.\n`
    )
  })

const next: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("arena next", args, { category: { type: "string" }, json: { type: "boolean" } })
    const category = yield* categoryOf(str(values, "category"))
    const store = yield* Store.Store
    const votes = yield* store.listArenaVotes(category !== undefined ? { category } : {})
    const lastVote = votes[votes.length - 1]
    const last = lastVote ? { promptId: lastVote.promptId, botIds: [lastVote.leftBotId, lastVote.rightBotId] as const } : undefined
    const duel = yield* pickDuel({ category, last, seed: Date.now() % 2 ** 31 })
    if (!duel) {
      if (values.json) return printJson(null)
      process.stdout.write(
        last && (yield* pickDuel({ category, seed: 1 }))
          ? "No other duel: the only one left is the pair just voted on, on the same prompt (it does not come back right away).\n"
          : "No duel: the Arena needs complete answers from two bots to the same prompt. Run a tournament first.\n"
      )
      return
    }
    // No bot, model or run id here: the duel is blind until the vote.
    const out = {
      duel: duel.id,
      prompt: { id: duel.prompt.id, category: duel.prompt.category, title: duel.prompt.title, text: duel.prompt.text },
      left: { text: duel.left.output },
      right: { text: duel.right.output }
    }
    if (values.json) return printJson(out)
    process.stdout.write(
      [
        `Duel ${duel.id} — ${duel.prompt.category}: ${inert(duel.prompt.title)}`,
        "",
        inert(duel.prompt.text),
        "",
        "──── LEFT ────",
        inert(duel.left.output),
        "",
        "──── RIGHT ────",
        inert(duel.right.output),
        "",
        `Vote: llp arena vote ${duel.id} left|right|tie|bad`,
        ""
      ].join("\n")
    )
  })

const vote: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("arena vote", args, { json: { type: "boolean" }, judge: { type: "boolean" } })
    const use = "llp arena vote DUEL left|right|tie|bad"
    const duel = requireArg(positionals[0], "a duel id", use)
    const verdict = requireArg(positionals[1], "the verdict", use)
    if (!VERDICTS.includes(verdict)) return yield* usage(`arena vote: the verdict must be one of ${VERDICTS.join(", ")}, got "${verdict}"`)
    const result = yield* voteOnDuel(duel, verdict as ArenaVerdict, values.judge === true ? "judge" : "manual")
    const names = yield* botNames
    const left = names.get(result.vote.leftBotId) ?? `bot ${result.vote.leftBotId}`
    const right = names.get(result.vote.rightBotId) ?? `bot ${result.vote.rightBotId}`
    // the same verdict again is the key pressed twice; another verdict is a conflict the user must settle
    const conflicting = result.duplicate && result.vote.verdict !== verdict
    if (values.json) {
      printJson({ ...result.vote, leftBot: left, rightBot: right, duplicate: result.duplicate, conflict: conflicting })
      return conflicting ? 1 : 0
    }
    const said = { left: `left (${left}) is better`, right: `right (${right}) is better`, tie: `a tie`, bad: `both bad` }[result.vote.verdict]
    if (conflicting) {
      process.stderr.write(
        `llp: arena vote: duel ${duel} already has vote ${result.vote.id} (${said}); "${verdict}" was not stored. To change it: llp arena undo ${result.vote.id}, then vote again.\n`
      )
      return 1
    }
    process.stdout.write(
      result.duplicate
        ? `This duel already has a vote (${result.vote.id}): ${said}, left was ${left}, right was ${right}. Nothing stored.\n`
        : `Vote ${result.vote.id} stored: ${said}. Left was ${left}, right was ${right}.\n`
    )
  })

const list: Run = (args) =>
  Effect.gen(function* () {
    const { values } = parse("arena votes", args, { category: { type: "string" }, json: { type: "boolean" } })
    const category = yield* categoryOf(str(values, "category"))
    const votes = yield* (yield* Store.Store).listArenaVotes(category !== undefined ? { category } : {})
    if (values.json) return printJson(votes)
    const names = yield* botNames
    if (votes.length === 0) return void process.stdout.write("No Arena votes yet.\n")
    process.stdout.write(
      table(
        ["ID", "WHEN", "CATEGORY", "PROMPT", "LEFT", "RIGHT", "VERDICT", "SOURCE"],
        votes.map((v) => [v.id, dateTime(v.createdAt), v.category, v.promptId, names.get(v.leftBotId) ?? v.leftBotId, names.get(v.rightBotId) ?? v.rightBotId, v.verdict, v.source]),
        [0, 3]
      )
    )
  })

const undo: Run = (args) =>
  Effect.gen(function* () {
    const { values, positionals } = parse("arena undo", args, { json: { type: "boolean" } })
    const store = yield* Store.Store
    let id = positionals[0] === undefined ? undefined : Number(positionals[0])
    if (id !== undefined && (!Number.isInteger(id) || id < 1)) return yield* usage(`arena undo: "${positionals[0]}" is not a vote id (see llp arena votes)`)
    if (id === undefined) {
      const mine = yield* store.listArenaVotes({ source: "manual" })
      id = mine[mine.length - 1]?.id
      if (id === undefined) return yield* usage("arena undo: there is no manual vote to undo")
    }
    yield* store.removeArenaVote(id)
    if (values.json) return printJson({ removed: id })
    process.stdout.write(`Removed Arena vote ${id}.\n`)
  })

export const arena = group("arena", { ratings, next, vote, votes: list, undo })
