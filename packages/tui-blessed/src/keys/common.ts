import type { Binding } from "./types.js"

/** Moving in a list; the same six keys on every tab that has one. */
export const listNavigation = (what = "row"): ReadonlyArray<Binding> => [
  { keys: ["up", "k"], action: "up", description: `Previous ${what}`, tag: "navigation" },
  { keys: ["down", "j"], action: "down", description: `Next ${what}`, tag: "navigation" },
  { keys: ["pageup"], action: "pageUp", description: "Page up", tag: "navigation" },
  { keys: ["pagedown"], action: "pageDown", description: "Page down", tag: "navigation" },
  { keys: ["home"], action: "home", description: "First", tag: "navigation" },
  { keys: ["end"], action: "end", description: "Last", tag: "navigation" }
]
