import { arenaContract } from "./arena.js"
import { botContract } from "./bots.js"
import { cascadeContract } from "./cascades.js"
import { concurrencyContract } from "./concurrency.js"
import { domainContract } from "./domain.js"
import { edgesContract } from "./edges.js"
import { groupContract } from "./groups.js"
import type { StoreTarget } from "./harness.js"
import { judgeContract } from "./judge.js"
import { leaderboardContract } from "./leaderboard.js"
import { machineContract } from "./machines.js"
import { partialContract } from "./partial.js"
import { promptContract } from "./prompts.js"
import { runContract } from "./runs.js"
import { searchContract } from "./search.js"
import { statsContract } from "./stats.js"

export type { StoreTarget } from "./harness.js"
export { onFreshStore } from "./harness.js"
export { botInput, lcg, prompt, runStart, seed, suite } from "./fixtures.js"
export { churn } from "./churn.js"
export { HOSTILE_QUERIES, SYNTAX_ALPHABET } from "./hostile.js"

/**
 * The Store contract as vitest tests: every store (SQLite, Postgres) runs this same suite, each test on a fresh
 * empty store from `target.open()`. It talks only to the Store service, never to SQL or files.
 */
export const storeContract = (target: StoreTarget): void => {
  botContract(target)
  groupContract(target)
  promptContract(target)
  runContract(target)
  leaderboardContract(target)
  searchContract(target)
  statsContract(target)
  partialContract(target)
  arenaContract(target)
  judgeContract(target)
  machineContract(target)
  cascadeContract(target)
  domainContract(target)
  edgesContract(target)
  concurrencyContract(target)
}
