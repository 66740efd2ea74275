import type { Scope } from "./types.js"

/** Popups take every key while they are open. */
export const helpScope: Scope = {
  id: "help",
  title: "Help",
  summary: "The help lists the keys of the tab it was opened on.",
  bindings: [
    { keys: ["up", "k"], action: "up", description: "Scroll up", tag: "navigation" },
    { keys: ["down", "j"], action: "down", description: "Scroll down", tag: "navigation" },
    { keys: ["pageup"], action: "pageUp", description: "Page up", tag: "navigation" },
    { keys: ["pagedown", "space"], action: "pageDown", description: "Page down", tag: "navigation" },
    { keys: ["escape", "q", "f1", "?", "enter"], action: "close", description: "Close the help", short: "close", tag: "app", showInBar: true },
    { keys: ["C-c"], action: "quit", description: "Quit", tag: "app" }
  ]
}

export const viewerScope: Scope = {
  id: "viewer",
  title: "Output viewer",
  summary: "A whole output, scrollable.",
  bindings: [
    { keys: ["up", "k"], action: "up", description: "Scroll up", tag: "navigation" },
    { keys: ["down", "j"], action: "down", description: "Scroll down", tag: "navigation" },
    { keys: ["pageup"], action: "pageUp", description: "Page up", short: "page", tag: "navigation", showInBar: true },
    { keys: ["pagedown", "space"], action: "pageDown", description: "Page down", tag: "navigation" },
    { keys: ["home", "g"], action: "home", description: "Top", tag: "navigation" },
    { keys: ["end"], action: "end", description: "Bottom", tag: "navigation" },
    { keys: ["escape", "q", "enter"], action: "close", description: "Close", short: "close", tag: "app", showInBar: true },
    { keys: ["C-c"], action: "quit", description: "Quit", tag: "app" }
  ]
}

export const confirmScope: Scope = {
  id: "confirm",
  title: "Confirmation",
  summary: "Asked before anything is deleted.",
  bindings: [
    { keys: ["y"], action: "yes", description: "Yes, do it", short: "yes", tag: "actions", showInBar: true },
    { keys: ["n", "escape"], action: "no", description: "No, keep it", short: "no", tag: "actions", showInBar: true },
    { keys: ["C-c"], action: "quit", description: "Quit", tag: "app" }
  ]
}

export const chooserScope: Scope = {
  id: "chooser",
  title: "Chooser",
  summary: "A short list to pick from (for example the provider to import models from).",
  bindings: [
    { keys: ["up", "k"], action: "up", description: "Previous", tag: "navigation" },
    { keys: ["down", "j"], action: "down", description: "Next", tag: "navigation" },
    { keys: ["enter"], action: "choose", description: "Choose", short: "choose", tag: "actions", showInBar: true },
    { keys: ["escape", "q"], action: "close", description: "Cancel", short: "cancel", tag: "app", showInBar: true },
    { keys: ["C-c"], action: "quit", description: "Quit", tag: "app" }
  ]
}

export const popupScopes = [helpScope, viewerScope, confirmScope, chooserScope] as const
