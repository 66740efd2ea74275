import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { RunStatus } from "../domain/Run.js"
import type { ArchiveError, ArchiveKeepsComplete, ArchiveMoveFailed, ArchiveNameTaken, FileMove } from "../errors.js"

/** One prompt's answer as it goes into llm_outputs/<category>/<model-name>.md */
export interface ArchiveEntry {
  readonly category: string
  readonly modelName: string
  readonly promptSlug: string
  readonly promptTitle: string
  readonly speedLine: string
  readonly output: string
  readonly demo: boolean
  /** The run's status when it did not complete (cancelled, failed): its answer is only part of one. */
  readonly partial?: RunStatus
}

export interface SaveOptions {
  /** Lets a partial answer replace a complete one (the person said so). */
  readonly force?: boolean
}

/** The llm_outputs/ folder. Writes are atomic; model names never choose a path outside it. */
export interface Service {
  readonly root: string
  /**
   * Writes or replaces the entry's section; for swe also the .go and _test.go files. Returns the paths written.
   * A partial entry never replaces a complete answer unless `force`: it fails with ArchiveKeepsComplete.
   */
  readonly save: (entry: ArchiveEntry, options?: SaveOptions) => Effect.Effect<ReadonlyArray<string>, ArchiveError | ArchiveKeepsComplete>
  /** llm_outputs/<category>/scores/score-<model-name>.json */
  readonly writeScores: (category: string, modelName: string, data: unknown) => Effect.Effect<string, ArchiveError>
  /** Reads a file inside the archive (e.g. swe/<model>.go); None-like: null when missing. */
  readonly read: (category: string, fileName: string) => Effect.Effect<string | null, ArchiveError>
  /** Every file the archive holds under a model name: answers, swe code and tests, score files. */
  readonly filesOf: (modelName: string) => Effect.Effect<ReadonlyArray<string>, ArchiveError>
  /** Deletes those files (a deleted bot's); returns the paths removed. */
  readonly removeFiles: (modelName: string) => Effect.Effect<ReadonlyArray<string>, ArchiveError>
  /**
   * Where each of a model's files goes when the model is renamed, without moving anything. Fails with
   * ArchiveNameTaken when files are already kept under the new name (they would be taken over).
   */
  readonly planRename: (from: string, to: string) => Effect.Effect<ReadonlyArray<FileMove>, ArchiveError | ArchiveNameTaken>
  /** Moves files as planned, never over an existing one; tries each, and fails with ArchiveMoveFailed saying which moved. */
  readonly moveFiles: (moves: ReadonlyArray<FileMove>, names: { readonly from: string; readonly to: string }) => Effect.Effect<ReadonlyArray<FileMove>, ArchiveMoveFailed>
  /** The path of a file inside the archive, made safe. */
  readonly pathOf: (category: string, fileName: string) => string
}

export class Archive extends Context.Tag("@llp/core/Archive")<Archive, Service>() {}
