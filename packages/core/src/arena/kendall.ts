/**
 * Kendall's τ-b between two scorings of the same items (ties allowed on either side): 1 when the
 * orders agree, −1 when reversed; null with fewer than two items or when one side is all ties.
 */
export const kendallTau = (x: ArrayLike<number>, y: ArrayLike<number>): number | null => {
  const n = Math.min(x.length, y.length)
  let concordant = 0
  let discordant = 0
  let tiesX = 0
  let tiesY = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i]! - x[j]!)
      const dy = Math.sign(y[i]! - y[j]!)
      if (dx === 0 && dy === 0) continue
      if (dx === 0) tiesX++
      else if (dy === 0) tiesY++
      else if (dx === dy) concordant++
      else discordant++
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY))
  return denominator > 0 ? (concordant - discordant) / denominator : null
}
