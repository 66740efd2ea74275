/** Numbers as the screens show them; "–" where a value is unknown. */

export const DASH = "–"

/** Points: whole numbers as they are, others to one decimal. */
export const points = (n: number | null | undefined): string =>
  n === null || n === undefined || Number.isNaN(n) ? DASH : Number.isInteger(n) ? String(n) : n.toFixed(1)

export const tokensPerSecond = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? DASH : n >= 100 ? n.toFixed(0) : n.toFixed(1)

/** Milliseconds as seconds: 0.35s, 12.4s, 132s. */
export const seconds = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH
  const s = ms / 1000
  return s < 10 ? `${s.toFixed(2)}s` : s < 100 ? `${s.toFixed(1)}s` : `${Math.round(s)}s`
}

/** Elapsed time while streaming: 4.1s, 1m05s. */
export const elapsed = (ms: number): string => {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const m = Math.floor(ms / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  return `${m}m${String(s).padStart(2, "0")}s`
}

export const stars = (n: number): string => n.toFixed(1)

/** Five-star bar: ★★★☆☆ for 3.4 (rounded to the nearest half as ★ or ☆ only). */
export const starBar = (n: number): string => {
  const full = Math.max(0, Math.min(5, Math.round(n)))
  return "★".repeat(full) + "☆".repeat(5 - full)
}

/** An ISO date as "2025-01-31 14:05". */
export const when = (iso: string | null | undefined): string => (iso ? iso.replace("T", " ").slice(0, 16) : DASH)

export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
