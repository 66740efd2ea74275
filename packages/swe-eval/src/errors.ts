import * as Data from "effect/Data"

export type SweErrorReason =
  | "GoMissing" // no `go` on PATH: nothing can be scored
  | "Header" // the header lines of the model's file are malformed
  | "Files" // the model's files, or the reference tests, cannot be read or prepared
  | "Sandbox" // the sandbox could not be started at all
  | "NoPrompt" // no swe prompt in the store (suites not loaded)
  | "NoFiles" // the named bot has no llm_outputs/swe/<model-name>.go and _test.go

export const GO_MISSING_MESSAGE = "Go is needed to score the swe task: install it (Debian: apt-get install golang-go)"

export class SweError extends Data.TaggedError("SweError")<{
  readonly reason: SweErrorReason
  readonly detail: string
  readonly cause?: unknown
}> {
  override get message() {
    return this.detail
  }
}
