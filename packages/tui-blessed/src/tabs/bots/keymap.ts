import { listNavigation } from "../../keys/common.js"
import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "bots",
  title: "Bot Manager",
  summary: "The bots, with full-text search as you type; create, edit and delete them with checked fields; import the model list of a provider.",
  save: "Saves the bot being created or edited.",
  bindings: [
    ...listNavigation("bot, or field"),
    { keys: ["/"], action: "search", description: "Search the bots as you type (full text)", short: "search", tag: "actions", showInBar: true },
    { keys: ["n"], action: "new", description: "New bot", short: "new", tag: "actions", showInBar: true },
    { keys: ["enter"], action: "enter", description: "Edit the selected bot; in the form, the next field", short: "edit", tag: "actions", showInBar: true },
    { keys: ["d", "delete"], action: "delete", description: "Delete the selected bot (asks first)", short: "delete", tag: "actions", showInBar: true },
    { keys: ["space"], action: "fold", description: "Show or hide a base bot's variants (made by `llp bots sweep`)", short: "variants", tag: "actions" },
    { keys: ["i"], action: "import", description: "Import the model list of a provider (like `llp bots sync`)", short: "import", tag: "actions", showInBar: true },
    { keys: ["left"], action: "left", description: "On a choice field: the previous choice", short: "choice", tag: "navigation" },
    { keys: ["right"], action: "right", description: "On a choice field: the next choice", tag: "navigation" },
    { keys: ["escape"], action: "escape", description: "Cancel the form, or clear the search", short: "cancel", tag: "actions" }
  ]
}
