/** Key names for people: `C-l` → `Ctrl+L`, `S-tab` → `Shift+Tab`, `f2` → `F2`, `M-l` → `Alt+L`. */

const NAMED: Readonly<Record<string, string>> = {
  escape: "Esc",
  enter: "Enter",
  return: "Enter",
  tab: "Tab",
  space: "Space",
  backspace: "Backspace",
  delete: "Delete",
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  pageup: "PgUp",
  pagedown: "PgDn",
  home: "Home",
  end: "End",
  insert: "Insert"
}

const base = (name: string): string => {
  if (NAMED[name]) return NAMED[name]!
  if (/^f\d+$/.test(name)) return name.toUpperCase()
  if (name.length === 1) return name
  return name
}

export const keyName = (key: string): string => {
  const parts: Array<string> = []
  let rest = key
  while (/^[CMS]-./.test(rest)) {
    parts.push(rest[0] === "C" ? "Ctrl" : rest[0] === "M" ? "Alt" : "Shift")
    rest = rest.slice(2)
  }
  const b = base(rest)
  return [...parts, parts.length > 0 && b.length === 1 ? b.toUpperCase() : b].join("+")
}

/** Compact form for the footer: `^L`, `⇧Tab`, `F2`. */
export const shortKeyName = (key: string): string => {
  if (/^C-[a-z]$/.test(key)) return `^${key.slice(2).toUpperCase()}`
  if (key === "S-tab") return "⇧Tab"
  return keyName(key)
}

export const keyNames = (keys: ReadonlyArray<string>): string => keys.map(keyName).join(" / ")
