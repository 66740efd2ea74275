/**
 * Bradley–Terry by maximum likelihood: P(a beats b) = σ(β_a − β_b + γ·x), fitted by Newton's method
 * with step halving. A tie counts as half a win each way (`wins` may be fractional). `x` holds optional
 * covariates of the comparison (style control); γ is fitted with the strengths.
 *
 * A vanishing ridge on β (default 0.01, far below the information of even a few votes) keeps an
 * unbeaten bot or a group of bots never compared with the rest finite and centres β on 0; it moves a
 * bot with 20 votes by well under one Elo point.
 */
export interface PairRow {
  readonly a: number
  readonly b: number
  /** a's wins over b, ties counted as ½. */
  readonly wins: number
  /** Comparisons in the row (wins + losses + ties). */
  readonly total: number
  /** Covariates, a's minus b's; length = the fit's covariate count. */
  readonly x?: ArrayLike<number> | undefined
}

export interface FitOptions {
  readonly covariates?: number
  readonly ridge?: number
  /** Where Newton starts (β then γ); the bootstrap starts from the point estimate. */
  readonly start?: ArrayLike<number>
  readonly maxIterations?: number
}

export interface Fit {
  readonly beta: Float64Array
  readonly gamma: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

const logSigmoid = (d: number) => (d >= 0 ? -Math.log1p(Math.exp(-d)) : d - Math.log1p(Math.exp(d)))

const margin = (row: PairRow, theta: Float64Array, bots: number, m: number) => {
  let d = theta[row.a]! - theta[row.b]!
  for (let c = 0; c < m; c++) d += theta[bots + c]! * row.x![c]!
  return d
}

const penalizedLogLik = (rows: ReadonlyArray<PairRow>, theta: Float64Array, bots: number, m: number, ridge: number) => {
  let ll = 0
  for (const row of rows) {
    const d = margin(row, theta, bots, m)
    ll += row.wins * logSigmoid(d) + (row.total - row.wins) * logSigmoid(-d)
  }
  for (let i = 0; i < bots; i++) ll -= (ridge / 2) * theta[i]! * theta[i]!
  return ll
}

/** Solves A·x = b in place for a symmetric positive definite A (n × n, row-major); returns x in b. */
const choleskySolve = (A: Float64Array, b: Float64Array, n: number): boolean => {
  for (let j = 0; j < n; j++) {
    let diag = A[j * n + j]!
    for (let k = 0; k < j; k++) diag -= A[j * n + k]! * A[j * n + k]!
    if (!(diag > 0)) return false
    const l = Math.sqrt(diag)
    A[j * n + j] = l
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!
      for (let k = 0; k < j; k++) s -= A[i * n + k]! * A[j * n + k]!
      A[i * n + j] = s / l
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= A[i * n + k]! * b[k]!
    b[i] = s / A[i * n + i]!
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!
    for (let k = i + 1; k < n; k++) s -= A[k * n + i]! * b[k]!
    b[i] = s / A[i * n + i]!
  }
  return true
}

export const fitBradleyTerry = (bots: number, rows: ReadonlyArray<PairRow>, options: FitOptions = {}): Fit => {
  const m = options.covariates ?? 0
  const ridge = options.ridge ?? 0.01
  const n = bots + m
  const theta = new Float64Array(n)
  if (options.start) for (let i = 0; i < n; i++) theta[i] = options.start[i] ?? 0
  const info = new Float64Array(n * n)
  const grad = new Float64Array(n)
  const v = new Float64Array(n)
  const maxIterations = options.maxIterations ?? 100
  let ll = penalizedLogLik(rows, theta, bots, m, ridge)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations && !converged) {
    iterations++
    info.fill(0)
    grad.fill(0)
    for (const row of rows) {
      const d = margin(row, theta, bots, m)
      const p = 1 / (1 + Math.exp(-d))
      const r = row.wins - row.total * p
      const w = row.total * p * (1 - p)
      const { a, b } = row
      grad[a] += r
      grad[b] -= r
      info[a * n + a] += w
      info[b * n + b] += w
      info[a * n + b] -= w
      info[b * n + a] -= w
      if (m > 0) {
        // The design vector is +1 at a, −1 at b and x at the covariates: add w·v·vᵀ on the touched entries.
        for (let c = 0; c < m; c++) v[c] = row.x![c]!
        for (let c = 0; c < m; c++) {
          const k = bots + c
          grad[k] += r * v[c]!
          info[a * n + k] += w * v[c]!
          info[k * n + a] += w * v[c]!
          info[b * n + k] -= w * v[c]!
          info[k * n + b] -= w * v[c]!
          for (let e = 0; e < m; e++) info[k * n + bots + e] += w * v[c]! * v[e]!
        }
      }
    }
    for (let i = 0; i < bots; i++) {
      grad[i] -= ridge * theta[i]!
      info[i * n + i] += ridge
    }
    // A covariate that never varies carries no information: a tiny ridge keeps the system solvable.
    for (let c = 0; c < m; c++) info[(bots + c) * n + bots + c] += 1e-9
    const step = Float64Array.from(grad)
    if (!choleskySolve(info, step, n)) break
    let scale = 1
    let next = theta
    let nextLl = -Infinity
    for (let halvings = 0; halvings < 30; halvings++) {
      next = theta.map((t, i) => t + scale * step[i]!)
      nextLl = penalizedLogLik(rows, next, bots, m, ridge)
      if (nextLl >= ll - 1e-12) break
      scale /= 2
    }
    let largest = 0
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(next[i]! - theta[i]!))
    theta.set(next)
    ll = nextLl
    converged = largest < 1e-9
  }
  return { beta: theta.slice(0, bots), gamma: theta.slice(bots), iterations, converged }
}
