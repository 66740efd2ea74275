/**
 * The selection and scroll offset of a list: only the visible window is ever drawn, so lists of any
 * length scroll in constant time. Pure.
 */
export interface ListCursor {
  readonly selected: number
  readonly top: number
}

export const listCursor = (): ListCursor => ({ selected: 0, top: 0 })

/** Keeps the selection inside 0 … count-1 and visible in a window of `height` rows. */
export const clampCursor = (c: ListCursor, count: number, height: number): ListCursor => {
  const h = Math.max(1, height)
  if (count <= 0) return { selected: 0, top: 0 }
  const selected = Math.max(0, Math.min(count - 1, c.selected))
  let top = Math.max(0, Math.min(c.top, count - 1))
  if (selected < top) top = selected
  if (selected >= top + h) top = selected - h + 1
  top = Math.max(0, Math.min(top, Math.max(0, count - h)))
  return { selected, top }
}

export const moveCursor = (c: ListCursor, delta: number, count: number, height: number): ListCursor =>
  clampCursor({ ...c, selected: c.selected + delta }, count, height)

export const cursorTo = (c: ListCursor, index: number, count: number, height: number): ListCursor =>
  clampCursor({ ...c, selected: index }, count, height)

/** The rows of the visible window: [start, end). */
export const visibleRange = (c: ListCursor, count: number, height: number): readonly [number, number] => {
  const k = clampCursor(c, count, height)
  return [k.top, Math.min(count, k.top + Math.max(1, height))]
}

/** The movement of a navigation key in a list of `height` rows, or undefined. */
export const navDelta = (action: string, height: number, count: number): number | undefined => {
  switch (action) {
    case "up":
      return -1
    case "down":
      return 1
    case "pageUp":
      return -Math.max(1, height - 1)
    case "pageDown":
      return Math.max(1, height - 1)
    case "home":
      return -count
    case "end":
      return count
    default:
      return undefined
  }
}

/** The six navigation actions of a tab's key table, each bound to `nav` (which applies navDelta). */
export const navActions = (nav: (action: string) => () => void) => ({
  up: nav("up"),
  down: nav("down"),
  pageUp: nav("pageUp"),
  pageDown: nav("pageDown"),
  home: nav("home"),
  end: nav("end")
})
