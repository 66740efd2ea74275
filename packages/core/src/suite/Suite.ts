import type { Category } from "../domain/Category.js"
import type { PromptInput } from "../domain/Prompt.js"

/** A category with its prompts, as a suite file holds it. */
export interface Suite {
  readonly category: Category
  readonly prompts: ReadonlyArray<PromptInput>
}

export const suitePoints = (suite: Suite): number => suite.prompts.reduce((sum, p) => sum + p.points, 0)
