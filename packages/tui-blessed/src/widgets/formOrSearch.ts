import * as Fm from "./form.js"
import { edit, pasteText, type TextField, type TypedKey } from "./textField.js"

interface Searchable {
  readonly query: TextField
  readonly focus: string
  readonly form: Fm.Form
}

/**
 * Typed keys and pastes of a tab with a form and a search field (the Bot and Prompt Managers): they go to
 * the form while it is open, else to the search field when it has the focus, which searches again.
 */
export const formOrSearch = <S extends Searchable>(o: {
  readonly get: () => S
  readonly set: (s: S) => void
  readonly inForm: () => boolean
  readonly search: () => void
}) => {
  const toForm = (form: Fm.Form | undefined): boolean => {
    if (form === undefined) return false
    o.set({ ...o.get(), form })
    return true
  }
  return {
    edit: (key: TypedKey): boolean => {
      const s = o.get()
      if (o.inForm()) return toForm(Fm.editFocused(s.form, key))
      if (s.focus !== "search") return false
      const query = edit(s.query, key)
      if (query === undefined) return false
      o.set({ ...s, query })
      if (query.value !== s.query.value) o.search()
      return true
    },
    paste: (text: string): boolean | string => {
      const s = o.get()
      if (o.inForm()) return toForm(Fm.pasteFocused(s.form, text))
      if (s.focus !== "search") return false
      const { field, note } = pasteText(s.query, text)
      o.set({ ...s, query: field })
      if (field.value !== s.query.value) o.search()
      return note ?? true
    }
  }
}
