/**
 * A scatter plot in braille: each cell holds 2 × 4 dots, so a 60 × 16 plot has 120 × 64 places.
 * A point is a 2 × 2 blob of dots (one dot is hard to see); the frontier's staircase is drawn in
 * single dots. Cells are coloured by what they hold: a highlighted point, another point, the line.
 * Pure: numbers in, blessed-tagged lines out (no text from outside goes into them).
 */

export interface ScatterPoint {
  readonly x: number
  readonly y: number
  readonly highlight: boolean
}

export interface ScatterOptions {
  readonly width: number
  readonly height: number
  readonly xMax: number
  readonly yMax: number
  /** Points joined by a line, in order (the frontier's staircase). */
  readonly line?: ReadonlyArray<{ readonly x: number; readonly y: number }>
}

// dot (column, row) of a cell → its braille bit
const BIT = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80]
] as const

const enum Kind {
  Empty = 0,
  Line = 1,
  Point = 2,
  Highlight = 3
}

export const scatter = (points: ReadonlyArray<ScatterPoint>, o: ScatterOptions): Array<string> => {
  const w = Math.max(1, o.width)
  const h = Math.max(1, o.height)
  const dotsW = w * 2
  const dotsH = h * 4
  const bits = new Array<number>(w * h).fill(0)
  const kind = new Array<Kind>(w * h).fill(Kind.Empty)
  const px = (x: number) => Math.round((Math.min(Math.max(x, 0), o.xMax) / (o.xMax || 1)) * (dotsW - 1))
  const py = (y: number) => dotsH - 1 - Math.round((Math.min(Math.max(y, 0), o.yMax) / (o.yMax || 1)) * (dotsH - 1))
  const dot = (dx: number, dy: number, k: Kind) => {
    if (dx < 0 || dy < 0 || dx >= dotsW || dy >= dotsH) return
    const c = Math.floor(dy / 4) * w + Math.floor(dx / 2)
    bits[c]! |= BIT[dx % 2]![dy % 4]!
    if (k > kind[c]!) kind[c] = k
  }
  const line = o.line ?? []
  for (let i = 1; i < line.length; i++) {
    const [x0, y0, x1, y1] = [px(line[i - 1]!.x), py(line[i - 1]!.y), px(line[i]!.x), py(line[i]!.y)]
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1)
    for (let s = 0; s <= steps; s++) dot(Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), Kind.Line)
  }
  // highlighted points last, so that they win a shared cell
  for (const p of [...points].sort((a, b) => Number(a.highlight) - Number(b.highlight))) {
    const x = px(p.x)
    const y = py(p.y)
    const k = p.highlight ? Kind.Highlight : Kind.Point
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) dot(Math.min(x + dx, dotsW - 1) - (x + dx >= dotsW ? 1 : 0), Math.min(y + dy, dotsH - 1) - (y + dy >= dotsH ? 1 : 0), k)
  }
  const out: Array<string> = []
  for (let r = 0; r < h; r++) {
    let s = ""
    for (let c = 0; c < w; c++) {
      const i = r * w + c
      const ch = bits[i] === 0 ? " " : String.fromCharCode(0x2800 + bits[i]!)
      s += kind[i] === Kind.Highlight ? `{red-fg}{bold}${ch}{/bold}{/red-fg}` : kind[i] === Kind.Line ? `{gray-fg}${ch}{/gray-fg}` : ch
    }
    out.push(s)
  }
  return out
}
