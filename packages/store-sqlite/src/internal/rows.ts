import { StoreBase } from "@llp/core"

// the base tables' rows are the same on both stores: their decoding lives in @llp/core (StoreBase)
export const { bit, parseJson, botFromRow, botColumns, categoryFromRow, promptInputFromRow, promptFromRow, promptColumns, runFromRow, scoreFromRow } = StoreBase
export type BotRow = StoreBase.BotRow
export type CategoryRow = StoreBase.CategoryRow
export type PromptRow = StoreBase.PromptRow
export type RunRow = StoreBase.RunRow
export type ScoreRow = StoreBase.ScoreRow
