import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "exporter",
  title: "Exporter",
  summary: "Writes the leaderboard as JSON, CSV or Markdown to a path (by default inside the workspace) and says where it went.",
  save: "Writes the export.",
  bindings: [
    { keys: ["up"], action: "up", description: "The field above", tag: "navigation" },
    { keys: ["down"], action: "down", description: "The field below", tag: "navigation" },
    { keys: ["left"], action: "left", description: "Previous format", tag: "actions" },
    { keys: ["right"], action: "right", description: "Next format", tag: "actions" },
    { keys: ["enter"], action: "write", description: "Write the file", short: "write", tag: "actions", showInBar: true }
  ]
}
