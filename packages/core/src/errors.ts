import * as Data from "effect/Data"

/** A bad value from a person or a file: says which field and why. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly field: string
  readonly reason: string
}> {
  override get message() {
    return `${this.field}: ${this.reason}`
  }
}

export class StoreError extends Data.TaggedError("StoreError")<{
  readonly reason: "NotFound" | "Conflict" | "Invalid" | "Sql"
  readonly detail: string
  readonly cause?: unknown
}> {
  override get message() {
    return this.detail
  }
}

export type ProviderErrorReason =
  | "Unreachable" // connection refused, DNS, reset before any answer
  | "HttpStatus" // an error status from the server
  | "ModelNotFound"
  | "Decode" // a reply LLP cannot read
  | "Timeout" // no first token, or a stall between tokens, past the allowed time
  | "Server" // the server reported an error mid-stream
  | "Interrupted" // the stream ended without a finish
  | "Unsupported" // the provider cannot do this (e.g. load a model)
  | "Config"

export class ProviderError extends Data.TaggedError("ProviderError")<{
  readonly provider: string
  readonly reason: ProviderErrorReason
  readonly detail: string
  readonly status?: number
  readonly cause?: unknown
}> {
  override get message() {
    return `${this.provider}: ${this.detail}`
  }
  /** What a person can do about it. */
  get hint(): string {
    switch (this.reason) {
      case "Unreachable":
        return "Is the server running? Start it, or check the provider's baseUrl in llp.config.json."
      case "ModelNotFound":
        return "The server does not have this model. Run `llp models` to see what it has, or load the model in the server."
      case "Timeout":
        return "The server took too long. A cold model load can take minutes: raise timeouts.firstTokenMs in llp.config.json."
      case "HttpStatus":
        return this.status === 401 || this.status === 403
          ? "The server refused the API key: check apiKey in llp.config.json."
          : "The server answered with an error; its message is above."
      case "Interrupted":
        return "The connection dropped mid-answer; the partial output was kept. Check the server's log."
      case "Config":
        return "Fix llp.config.json, or set the environment variable it names."
      default:
        return "See the server's log for details."
    }
  }
}

export class SuiteError extends Data.TaggedError("SuiteError")<{
  readonly file: string
  readonly line: number
  readonly reason: string
}> {
  override get message() {
    // line 0: the file as a whole (missing, unreadable)
    return this.line > 0 ? `${this.file}:${this.line}: ${this.reason}` : `${this.file}: ${this.reason}`
  }
}

export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly file: string
  /** The JSON path of the key at fault, e.g. providers.tabby.baseUrl */
  readonly key: string
  readonly reason: string
}> {
  override get message() {
    return `${this.file}: ${this.key}: ${this.reason}`
  }
}

export class ArchiveError extends Data.TaggedError("ArchiveError")<{
  readonly path: string
  readonly reason: string
  readonly cause?: unknown
}> {
  override get message() {
    return `${this.path}: ${this.reason}`
  }
}

/** A partial answer (a stopped or failed run) would replace the complete answer saved for the same prompt. */
export class ArchiveKeepsComplete extends Data.TaggedError("ArchiveKeepsComplete")<{
  readonly path: string
  readonly promptTitle: string
  /** The status of the run that would replace it: cancelled or failed. */
  readonly status: string
}> {
  override get message() {
    return `${this.path} holds a complete answer to "${this.promptTitle}"; the ${this.status} run's partial answer does not replace it`
  }
}

/** Renaming a bot would hand it files that llm_outputs/ already holds under the new name. */
export class ArchiveNameTaken extends Data.TaggedError("ArchiveNameTaken")<{
  readonly name: string
  /** The files already there. */
  readonly files: ReadonlyArray<string>
}> {
  override get message() {
    const shown = this.files.length > 4 ? [...this.files.slice(0, 3), `${this.files.length - 3} more`] : this.files
    return `llm_outputs/ already holds files under the name ${this.name} (${shown.join(", ")}); a bot renamed to it would take them over. Move or delete them first, or choose another name`
  }
}

/** One of a bot's files and where a rename puts it. */
export interface FileMove {
  readonly from: string
  readonly to: string
}

/** A rename moved some of a bot's files but not all: says which file is where. */
export class ArchiveMoveFailed extends Data.TaggedError("ArchiveMoveFailed")<{
  readonly moved: ReadonlyArray<FileMove>
  /** Still under the old name, each with why. */
  readonly notMoved: ReadonlyArray<FileMove & { readonly reason: string }>
}> {
  override get message() {
    const moved = this.moved.length === 0 ? "none of its files moved" : `moved ${this.moved.map((m) => `${m.from} → ${m.to}`).join(", ")}`
    const kept = this.notMoved.map((m) => `${m.from} (not moved to ${m.to}: ${m.reason})`).join(", ")
    return `${moved}; still under the old name: ${kept}`
  }
}
