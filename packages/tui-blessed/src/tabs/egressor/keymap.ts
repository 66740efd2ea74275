import { listNavigation } from "../../keys/common.js"
import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "egressor",
  title: "Egressor",
  summary: "The selected bot's parameters and, per prompt, its score, speed, the start of its output and its run history.",
  bindings: [
    ...listNavigation(),
    { keys: ["left"], action: "left", description: "Go to the prompts", tag: "navigation" },
    { keys: ["right"], action: "right", description: "Go to the run history of the selected prompt", tag: "navigation" },
    { keys: ["enter"], action: "open", description: "Open the whole output in a scrollable view", short: "open output", tag: "actions", showInBar: true }
  ]
}
