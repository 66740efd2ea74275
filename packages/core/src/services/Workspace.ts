import * as Context from "effect/Context"
import type { Config } from "../config.js"

/** The folder LLP works in: llp.config.json, db/llp.sqlite and llm_outputs/, as the seed lays it out. */
export interface Service {
  readonly root: string
  readonly configFile: string
  readonly dbFile: string
  readonly outputsDir: string
  readonly config: Config
}

export class Workspace extends Context.Tag("@llp/core/Workspace")<Workspace, Service>() {}
