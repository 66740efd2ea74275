import type { ArenaVote } from "../domain/Arena.js"

/**
 * How a bot's deletion names the Arena votes that go with it (the votes cite its runs): "" when it has none,
 * else ", its 3 Arena votes", to follow "with its runs and scores".
 */
export const botVotesNote = (votes: ReadonlyArray<ArenaVote>, botId: number): string => {
  const n = votes.filter((v) => v.leftBotId === botId || v.rightBotId === botId).length
  return n === 0 ? "" : n === 1 ? ", its Arena vote" : `, its ${n} Arena votes`
}
