import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "ingressor",
  title: "Ingressor",
  summary:
    "Scores answers: choose a category, then a prompt, then the bot (the Leaderboard's row comes chosen), then an existing run or \"new run\" to enter one made outside LLP (its output pasted, its speed); give the points, checked against the prompt's points, with the rubric in view.",
  save: "Saves the points (and the run entered by hand), then writes the score files in llm_outputs/<category>/scores/.",
  bindings: [
    { keys: ["up"], action: "up", description: "Previous item, or the field above", tag: "navigation" },
    { keys: ["down"], action: "down", description: "Next item, or the field below", tag: "navigation" },
    { keys: ["left"], action: "left", description: "Previous list; on Bot: the previous bot; on Run: the previous run", tag: "navigation" },
    { keys: ["right"], action: "right", description: "Next list; on Bot: the next bot; on Run: the next run", tag: "navigation" },
    { keys: ["enter"], action: "enter", description: "Choose and go to the next field; on Bot: the list of bots", short: "next", tag: "navigation" },
    { keys: ["pageup"], action: "pageUp", description: "Scroll the rubric up", tag: "navigation" },
    { keys: ["pagedown"], action: "pageDown", description: "Scroll the rubric down", tag: "navigation" },
    { keys: ["C-y"], action: "copy", description: "Copy the prompt text to the clipboard (OSC 52, and a local clipboard tool where there is one)", short: "copy prompt", tag: "actions", showInBar: true },
    { keys: ["C-o"], action: "acceptJudge", description: "Accept the judge's suggested score for this run as your own (llp judge makes suggestions)", short: "accept judge", tag: "actions" },
    { keys: ["C-g"], action: "editJudge", description: "Put the judge's suggested score in the form to change it, then save it with Ctrl+S", tag: "actions" },
    { keys: ["escape"], action: "back", description: "Back to the prompt list, dropping what was typed", tag: "actions" }
  ]
}
