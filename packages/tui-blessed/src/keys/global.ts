import type { Scope } from "./types.js"

/** Keys that work on every tab (unless a popup is open). Tab keys: the seed's Ctrl key, then keys that always work. */
export const globalScope: Scope = {
  id: "global",
  title: "Everywhere",
  summary: "These keys work on every tab. Each tab has its seed key (Ctrl+letter) and keys that always work (F2–F9, Alt+letter).",
  bindings: [
    { keys: ["C-l", "f2", "M-l"], action: "tab.leaderboard", description: "Leaderboard (the main tab)", short: "Leaderboard", tag: "tabs" },
    {
      keys: ["C-i", "f3", "M-i"],
      action: "tab.ingressor",
      description: "Ingressor: score the selected bot",
      short: "Ingressor",
      tag: "tabs",
      note: "A terminal sends Ctrl+I as Tab. LLP asks for extended keys (kitty keyboard protocol and xterm modifyOtherKeys), so Ctrl+I works in kitty, WezTerm, foot, xterm and tmux with `extended-keys on`; elsewhere use F3 or Alt+I."
    },
    { keys: ["C-e", "f4", "M-e"], action: "tab.egressor", description: "Egressor: the selected bot's runs and outputs", short: "Egressor", tag: "tabs" },
    { keys: ["C-x", "f5", "M-x"], action: "tab.exporter", description: "Exporter: write the leaderboard to JSON, CSV or Markdown", short: "Exporter", tag: "tabs" },
    {
      keys: ["C-b", "f6", "M-b"],
      action: "tab.bots",
      description: "Bot Manager",
      short: "Bots",
      tag: "tabs",
      note: "tmux keeps Ctrl+B as its prefix (press it twice to send it through); F6 or Alt+B always work."
    },
    { keys: ["C-p", "f7", "M-p"], action: "tab.prompts", description: "Prompt Manager", short: "Prompts", tag: "tabs" },
    { keys: ["C-d", "f8", "M-d"], action: "tab.conducer", description: "Conducer: send a prompt to a bot", short: "Conducer", tag: "tabs" },
    { keys: ["C-a", "f9", "M-a"], action: "tab.arena", description: "Arena: blind duels between two answers", short: "Arena", tag: "tabs" },
    { keys: ["C-s"], action: "save", description: "Save (what it saves depends on the tab)", short: "save", tag: "actions" },
    { keys: ["tab"], action: "focus.next", description: "Next field", short: "field", tag: "navigation" },
    { keys: ["S-tab"], action: "focus.prev", description: "Previous field", tag: "navigation" },
    { keys: ["f1", "?"], action: "help", description: "Help: every key of this tab", short: "help", tag: "app", showInBar: true },
    { keys: ["C-r"], action: "refresh", description: "Reload this tab's data and redraw the whole screen", tag: "app" },
    { keys: ["C-c", "q"], action: "quit", description: "Quit (q only outside text fields)", short: "quit", tag: "app", showInBar: true }
  ]
}
