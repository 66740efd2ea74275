export { parseHeader, HeaderError, HEADER_EXAMPLE, HEADER_LIMITS, type SweHeader, type SweSpeed } from "./header.js"
export { SweError, GO_MISSING_MESSAGE, type SweErrorReason } from "./errors.js"
export { SWE_MAX, points, totalOf, type SweParts, type PointsInput } from "./score.js"
export {
  evaluate,
  referenceTests,
  packageOf,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MEMORY_MB,
  MIN_BUILD_MS,
  GO_MOD,
  type EvaluateOptions,
  type SweResult,
  type SweVerdict,
  type StepEvidence,
  type OwnEvidence,
  type ReferenceEvidence
} from "./evaluate.js"
export { evalSwe, defaultReferenceDir, manualOutput, scoreDetail, type EvalSweOptions, type BotEval } from "./evalSwe.js"
export { findGo, whichGo, type GoToolchain } from "./go.js"
export { sandboxPolicy, describePolicy, BUILD_USER, RUN_USER, RUN_NPROC, type SandboxPolicy, type SandboxReport } from "./sandbox.js"
