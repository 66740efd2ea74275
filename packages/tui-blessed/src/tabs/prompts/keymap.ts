import { listNavigation } from "../../keys/common.js"
import type { Scope } from "../../keys/types.js"

export const scope: Scope = {
  id: "prompts",
  title: "Prompt Manager",
  summary: "Categories and their prompts: create, edit, delete, and search as you type. A prompt edited here is marked edited (✎) and suite reloads leave it alone.",
  save: "Saves the category or prompt being created or edited.",
  bindings: [
    ...listNavigation("item, or field"),
    { keys: ["left"], action: "left", description: "Go to the categories; on a choice field, the previous choice", tag: "navigation" },
    { keys: ["right"], action: "right", description: "Go to the prompts; on a choice field, the next choice", tag: "navigation" },
    { keys: ["/"], action: "search", description: "Search the prompts as you type (full text)", short: "search", tag: "actions", showInBar: true },
    { keys: ["n"], action: "newPrompt", description: "New prompt in the selected category", short: "new prompt", tag: "actions", showInBar: true },
    { keys: ["c"], action: "newCategory", description: "New category", short: "new category", tag: "actions", showInBar: true },
    { keys: ["enter"], action: "enter", description: "Edit the selected item; in the form, the next field", short: "edit", tag: "actions", showInBar: true },
    { keys: ["d", "delete"], action: "delete", description: "Delete the selected item (asks first)", short: "delete", tag: "actions", showInBar: true },
    { keys: ["escape"], action: "escape", description: "Cancel the form, or clear the search", short: "cancel", tag: "actions" }
  ]
}
