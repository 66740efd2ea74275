import { cellsOf, displayable, inertLine } from "@llp/core"

export const printJson = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n")
}

/** Terminal cells (an emoji or a CJK character takes two). */
const width = cellsOf

/** Cuts to at most `w` cells, ending with …. */
const cut = (s: string, w: number) => {
  if (width(s) <= w) return s
  let out = ""
  let used = 0
  for (const c of s) {
    used += width(c)
    if (used > w - 1) break
    out += c
  }
  return out + "…"
}

/** A plain text table; cells are made inert (they may hold model or user text) and printable (see displayable). */
export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | null>>, right: ReadonlyArray<number> = []): string => {
  const cells = rows.map((r) => r.map((c) => (c === null ? "—" : displayable(inertLine(String(c))))))
  const widths = head.map((h, i) => Math.min(60, Math.max(width(h), ...cells.map((r) => width(r[i] ?? "")))))
  const line = (r: ReadonlyArray<string>) =>
    r
      .map((c, i) => {
        const v = cut(c, widths[i]!)
        const pad = " ".repeat(widths[i]! - width(v))
        return right.includes(i) ? pad + v : v + pad
      })
      .join("  ")
      .trimEnd()
  return [line(head), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n") + "\n"
}

export const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? null : x.toFixed(digits))

/** One JSON document a line on stdout, for the scripts that follow a long command (tournament, judge). */
export const jsonLine = (value: unknown) => process.stdout.write(JSON.stringify(value) + "\n")

/** An elapsed time or an ETA: 45s, 3m05s, 2h10m. */
export const clock = (ms: number) => {
  const s = Math.round(ms / 1000)
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`
}

/** A stored ISO time as people read it: `2026-12-04 08:41:45` (UTC, as stored). */
export const dateTime = (iso: string) => iso.slice(0, 19).replace("T", " ")

/** The day of a stored ISO time: `2026-12-04`. */
export const day = (iso: string) => iso.slice(0, 10)

/** An ISO time made safe for a file name: `2026-12-04-08-41-45`. */
export const fileStamp = (iso: string) => iso.slice(0, 19).replace(/[:T]/g, "-")

/** An error line a command writes itself and goes on (or returns an exit code): `llp: <command>: <what is wrong>`. */
export const warn = (command: string, text: string) => process.stderr.write(`llp: ${command}: ${text}\n`)
