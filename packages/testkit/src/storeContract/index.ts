import { botContract } from "./bots.js"
import type { StoreTarget } from "./harness.js"
import { promptContract } from "./prompts.js"
import { runContract } from "./runs.js"

export type { StoreTarget } from "./harness.js"
export { onFreshStore } from "./harness.js"
export { botInput, lcg, prompt, runStart, seed, suite } from "./fixtures.js"

/**
 * The Store contract as vitest tests: every store (SQLite, Postgres) runs this same suite, each test on a fresh
 * empty store from `target.open()`. It talks only to the Store service, never to SQL or files.
 */
export const storeContract = (target: StoreTarget): void => {
  botContract(target)
  promptContract(target)
  runContract(target)
}
