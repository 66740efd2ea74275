import { describe, expect, it } from "vitest"
import { confirmPopup } from "../../src/app/popups.js"
import { cells, plain } from "../support/plain.js"

describe("the confirm dialog", () => {
  it("draws every line as wide as the dialog, its right border included", () => {
    for (const question of ["Delete?", "/tmp/x/exports/leaderboard.json exists (657 bytes, 2026-12-04 05:34 UTC). Replace it?"]) {
      const { width, lines } = confirmPopup(question, () => {}).draw(100, 30)
      for (const l of lines) {
        expect(cells(l), plain(l)).toBe(width)
        expect(plain(l)).toMatch(/[│┐┘]$/)
      }
    }
  })
})
