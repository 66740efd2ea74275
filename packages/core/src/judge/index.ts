// Named exports only: generic helpers (prng, ranks, correlations) stay inside, so they cannot clash with the stats module's.
export * from "./types.js"
export { judgeableItems, itemId, judgeSeed, orderItems, verdictSchema, judgeMessage, JUDGE_SYSTEM } from "./request.js"
export { parseVerdicts, scoreVerdicts, type ParseResult } from "./parse.js"
export { agreement, type Agreement, type ScorePair } from "./agreement.js"
export { PAIR_SCHEMA, parsePairVerdict, resolveSwap, pairMessage, type PairVerdict, type PairOutcome } from "./pairwise.js"
export { sharedFamily, baseName } from "./family.js"
export * from "./run.js"
