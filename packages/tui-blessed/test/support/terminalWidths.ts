import type xterm from "@xterm/headless"

/**
 * Cell widths as a real terminal gives them, for the headless xterm of the screen tests. xterm.js
 * counts by Unicode 6 unless told otherwise, so it takes emoji for one cell, as blessed used to:
 * a test on it could not see emoji shift a line. These widths were measured in tmux 3.3a
 * (TERM=tmux-256color) from the cursor position it reports after printing each character; the
 * characters not listed keep xterm.js's own width.
 */
const MEASURED: ReadonlyMap<number, 0 | 1 | 2> = new Map<number, 0 | 1 | 2>([
  [0x1f999, 2], // 🦙
  [0x1f44b, 2], // 👋
  [0x1f3fd, 2], // skin tone: a second wide character in tmux
  [0x1f468, 2], // 👨
  [0x1f469, 2], // 👩
  [0x1f467, 2], // 👧
  [0x1f916, 2], // 🤖
  [0x1f9e0, 2], // 🧠
  [0x1f680, 2], // 🚀
  [0x2764, 1], // ❤
  [0x1f3f3, 1], // 🏳
  [0x1f308, 2], // 🌈
  [0x200d, 0], // ZWJ
  [0xfe0f, 0], // VS16
  [0x0301, 0] // combining acute
])

/** Makes the terminal count cells as tmux does for the characters above. */
export const useMeasuredWidths = (term: InstanceType<typeof xterm.Terminal>): void => {
  // xterm.js's own Unicode 6 provider for the rest (not public API: a test-only reach inside)
  const v6 = (term as unknown as { _core?: { unicodeService?: { _providers?: Record<string, { wcwidth: (cp: number) => 0 | 1 | 2 }> } } })._core?.unicodeService?._providers?.["6"]
  const widthOf = (cp: number): 0 | 1 | 2 => MEASURED.get(cp) ?? v6?.wcwidth(cp) ?? 1
  term.unicode.register({
    version: "measured",
    wcwidth: widthOf,
    charProperties: (cp, preceding) => {
      // as xterm.js's own providers do: a zero-width character joins the cell before it
      let width: number = widthOf(cp)
      let join = width === 0 && preceding !== 0
      if (join) {
        const old = (preceding >> 1) & 3
        if (old === 0) join = false
        else if (old > width) width = old
      }
      return ((width & 3) << 1) | (join ? 1 : 0)
    }
  })
  term.unicode.activeVersion = "measured"
}
