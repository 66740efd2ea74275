import type blessed from "blessed"

/**
 * How many colours to use, and what becomes of the colour tags where there are fewer.
 *
 * Measured: blessed 0.1.81 reads the terminfo of tmux-256color and screen-256color (ncurses'
 * newer number format) as 8 colours, so it turned the gray of every hint into SGR 30, black,
 * invisible on a dark theme. xterm, screen and linux really say 8 colours, where gray (bright
 * black) is black or unreadable too. So: a *-256color (or direct/truecolor) name or COLORTERM
 * means 256 colours whatever blessed read; with 8 colours gray text is drawn in the default
 * colour; NO_COLOR (https://no-color.org) means no colour at all, with backgrounds turned into
 * reverse video so that the selection and the active tab still show.
 */
export type ColorDepth = 0 | 8 | 16 | 256

export const colorDepth = (term: string | undefined, env: Readonly<Record<string, string | undefined>>, reported: number): ColorDepth => {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0
  const name = (term ?? "").toLowerCase()
  if (name === "" || name === "dumb") return 0
  const colorterm = (env.COLORTERM ?? "").toLowerCase()
  if (/-(256colou?r|direct|truecolor)$/.test(name) || colorterm === "truecolor" || colorterm === "24bit") return 256
  if (reported >= 256) return 256
  if (reported >= 16) return 16
  return 8
}

const COLOR_TAG = /\{(\/?)([a-z]+)-(fg|bg)\}/g

/** Rewrites the colour tags of tagged content for the depth (content for 16 and 256 colours is left as it is). */
export const palette = (depth: ColorDepth): ((content: string) => string) => {
  if (depth === 0) return (content) => content.replace(COLOR_TAG, (_all, close: string, _name: string, kind: string) => (kind === "bg" ? `{${close}inverse}` : ""))
  if (depth === 8) return (content) => content.replace(COLOR_TAG, (all, _close: string, name: string) => (name === "gray" || name === "grey" ? "" : all))
  return (content) => content
}

/** Tells blessed the depth (it would otherwise reduce colours by what it misread). */
export const useColorDepth = (screen: blessed.Widgets.Screen, depth: ColorDepth): void => {
  const tput = (screen as unknown as { tput: { colors: number } }).tput
  if (depth >= 16) tput.colors = depth
}

/**
 * Paints a box's content only when it changed: a frame where a box shows what it showed (the bar,
 * the footer, a still body) costs a string comparison, not the palette's regex and blessed's parse.
 */
export const painter = (paint: (content: string) => string) => {
  const last = new WeakMap<object, string>()
  return (box: { setContent: (content: string) => void }, content: string): void => {
    if (last.get(box) === content) return
    last.set(box, content)
    box.setContent(paint(content))
  }
}
