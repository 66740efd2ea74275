import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "conducer",
  title: "Conducer",
  summary:
    "Choose a bot, a category and a prompt (type in a column to filter it), send with Ctrl+T, and watch the answer stream in with its token count, tokens/s, time to first token and elapsed time.",
  save: "Saves the finished answer to llm_outputs/<category>/<bot>.md (the run is in the database already).",
  bindings: [
    { keys: ["C-t"], action: "send", description: "Send the prompt to the bot", short: "send", tag: "actions", showInBar: true },
    { keys: ["escape"], action: "stop", description: "Stop the answer and keep what came; else clear the column's filter", short: "stop", tag: "actions", showInBar: true },
    { keys: ["up"], action: "up", description: "Previous item (in the answer: scroll up)", tag: "navigation" },
    { keys: ["down"], action: "down", description: "Next item (in the answer: scroll down)", tag: "navigation" },
    { keys: ["pageup"], action: "pageUp", description: "Scroll the answer up", tag: "navigation" },
    { keys: ["pagedown"], action: "pageDown", description: "Scroll the answer down (to the end: follow it again)", tag: "navigation" },
    { keys: ["enter"], action: "enter", description: "Choose and go to the next column", tag: "navigation" },
    { keys: ["left"], action: "left", description: "In the answer: the prompt column", tag: "navigation" },
    { keys: ["right"], action: "right", description: "In the answer: the bot column", tag: "navigation" }
  ]
}
