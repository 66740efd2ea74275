import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "arena",
  title: "Arena",
  summary:
    "Blind duels: one prompt and two answers from two bots, sides at random, no names until you vote. Each vote is stored at once; the names show for a moment, then the next duel comes (pairs whose ratings are least settled first).",
  bindings: [
    { keys: ["1", "left"], action: "voteLeft", description: "The left (or top) answer is better", short: "left better", tag: "actions", showInBar: true },
    { keys: ["2", "right"], action: "voteRight", description: "The right (or bottom) answer is better", short: "right better", tag: "actions", showInBar: true },
    { keys: ["="], action: "voteTie", description: "A tie: as good as each other", short: "tie", tag: "actions", showInBar: true },
    { keys: ["0"], action: "voteBad", description: "Both are bad (counted, left out of the ratings)", short: "both bad", tag: "actions", showInBar: true },
    { keys: ["s"], action: "skip", description: "Skip this duel (no vote)", short: "skip", tag: "actions", showInBar: true },
    { keys: ["u"], action: "undo", description: "Undo the last vote of this session and show its duel again", short: "undo", tag: "actions", showInBar: true },
    { keys: ["enter", "n"], action: "next", description: "After a vote: the next duel now, without waiting (with no other duel left: the last one again)", tag: "actions" },
    { keys: ["p"], action: "prompt", description: "Read the whole prompt", tag: "actions" },
    { keys: ["c"], action: "category", description: "Duel within one category, or all", tag: "actions" },
    { keys: ["up", "k"], action: "up", description: "Scroll the focused answer up (Tab switches answers)", tag: "navigation" },
    { keys: ["down", "j"], action: "down", description: "Scroll the focused answer down", tag: "navigation" },
    { keys: ["pageup"], action: "pageUp", description: "Page up in the focused answer", tag: "navigation" },
    { keys: ["pagedown", "space"], action: "pageDown", description: "Page down in the focused answer", tag: "navigation" },
    { keys: ["home"], action: "home", description: "Top of the focused answer", tag: "navigation" },
    { keys: ["end"], action: "end", description: "Bottom of the focused answer", tag: "navigation" }
  ]
}
