/**
 * Model output is untrusted: before it reaches a terminal, escape sequences and control characters
 * go (tab and newline stay), so an answer cannot move the cursor, retitle the window or write the clipboard.
 */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

export const inert = (text: string): string => text.replace(/\r\n?/g, "\n").replace(ESCAPES, "").replace(CONTROLS, (c) => (c === "\x1b" ? "" : "\uFFFD"))

/** One line, for tables: newlines and tabs become spaces. */
export const inertLine = (text: string): string => inert(text).replace(/[\n\t]+/g, " ")

/** `1 bot`, `2 bots`: messages say what a person would write, not `bot(s)`. */
export const nounCount = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
