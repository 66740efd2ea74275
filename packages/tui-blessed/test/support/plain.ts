import { width } from "../../src/presentation/text.js"

/** A tagged line as it shows: tags removed, escaped braces put back. */
export const plain = (line: string): string =>
  line
    .replace(/\{(open|close)\}/g, (_, t) => (t === "open" ? "\u0001" : "\u0002"))
    .replace(/\{\/?[a-z-]*\}/g, "")
    .replace(/\u0001/g, "{")
    .replace(/\u0002/g, "}")

/** The width in cells of a tagged line. */
export const cells = (line: string): number => width(plain(line))
