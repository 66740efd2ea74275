import { width, wrap } from "./text.js"

/**
 * Figures joined by `sep` and laid out on as many lines of `w` cells as they need, broken only
 * between figures (a figure wider than the line is wrapped on its own): a one-line record that
 * would be cut at the screen's edge keeps every figure. Tags are NOT escaped (see wrap).
 */
export const flow = (parts: ReadonlyArray<string>, w: number, sep = " · "): Array<string> => {
  const out: Array<string> = []
  let line = ""
  for (const part of parts) {
    const joined = line === "" ? part : `${line}${sep}${part}`
    if (width(joined) <= w) {
      line = joined
      continue
    }
    if (line !== "") out.push(line)
    const pieces = wrap(part, w)
    line = pieces.pop() ?? ""
    out.push(...pieces)
  }
  if (line !== "") out.push(line)
  return out
}
