/** Who measured a figure: the server's own timings, or LLP's clock on the client. */
export type FigureSource = "server" | "llp"

/** One depth of a bench probe: prompt processing (pp) and generation (tg) speed over the repeats, tokens/s. */
export interface BenchDepth {
  readonly depth: number
  readonly ppMean: number | null
  readonly ppSd: number | null
  readonly ppSource: FigureSource | null
  readonly tgMean: number | null
  readonly tgSd: number | null
  readonly tgSource: FigureSource | null
  /** Prompt tokens the server processed per repeat (about --pp; the chat template adds a few). */
  readonly ppTokens: ReadonlyArray<number | null>
  /** Tokens generated per repeat (at most --tg: a model may stop sooner). */
  readonly tgTokens: ReadonlyArray<number | null>
  readonly ppSamples: ReadonlyArray<number>
  readonly tgSamples: ReadonlyArray<number>
}

export interface BenchInput {
  readonly botId: number
  readonly machineId: number | null
  readonly serverVersion: string | null
  readonly pp: number
  readonly tg: number
  readonly repeat: number
  readonly depths: ReadonlyArray<BenchDepth>
  readonly createdAt: string
}

export interface BenchResult extends BenchInput {
  readonly id: number
}
