import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EIGHT, writeFixture } from "./frontier-fixture.js"
import { llp, tempDir, writeConfig } from "./helpers.js"
import { Browser, findChromium, visit } from "./support/chromium.js"

const HOSTILE_NAME = `<img src=x onerror="window.__pwned=1">`
const HOSTILE_OUTPUT = `<script>window.__pwned=2</script><img src="https://example.com/x.png"> & "quotes"`

const chromium = findChromium()
// A developer without Chromium sees why the test did not run; CI installs it (.ci/run) and must run it.
if (chromium === null) {
  if (process.env.CI) throw new Error("the HTML report test needs Chromium in CI: apt-get install -y chromium (see .ci/run)")
  console.warn("report.test.ts: SKIPPED the headless-Chromium checks of the HTML report: no chromium found (apt-get install chromium, or set LLP_CHROMIUM)")
}

const root = tempDir()
let file = ""
let browser: Browser | null = null

beforeAll(() => {
  const ws = path.join(root, "ws")
  writeConfig(ws, {})
  const fixture = writeFixture(root, [...EIGHT, { name: HOSTILE_NAME, tps: 15, points: { alpha: 100 }, output: HOSTILE_OUTPUT }])
  expect(llp(ws, ["import", fixture]).code).toBe(0)
  file = path.join(root, "report.html")
  const r = llp(ws, ["report", "--out", file])
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout.trim()).toBe(file)
})
afterAll(async () => {
  await browser?.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("llp report", () => {
  it("writes one self-contained file: no external script, style, font or image, untrusted text escaped", () => {
    const html = fs.readFileSync(file, "utf8")
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
    expect(html).not.toContain("window.__pwned=2</script>")
    expect(html).toContain("&lt;script&gt;window.__pwned=2&lt;/script&gt;")
    expect(html).toContain("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;")
  })

  it.skipIf(chromium === null)("opens in headless Chromium from file:// with no request leaving the file, no console error, and draws the frontier", async () => {
    browser = Browser.launch(chromium!)
    const url = pathToFileURL(file).href
    const page = await visit(browser, url)
    expect(page.requests.filter((r) => r !== url && !r.startsWith("data:"))).toEqual([])
    expect(page.requests).toContain(url)

    const evaluate = async (expression: string) => (await browser!.send("Runtime.evaluate", { expression, returnByValue: true }, page.session)).result.value
    const chart = await evaluate(`(() => {
      const svg = document.getElementById("frontier-alpha")
      if (!svg) return null
      svg.scrollIntoView()
      const box = svg.getBoundingClientRect()
      return {
        points: svg.querySelectorAll("circle.point").length,
        optimal: [...svg.querySelectorAll("circle.point.optimal")].map((c) => c.dataset.bot),
        staircase: svg.querySelectorAll("polyline.staircase").length,
        box: { x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height }
      }
    })()`)
    expect(chart).not.toBeNull()
    expect(chart.points).toBe(9)
    expect(chart.optimal.sort()).toEqual(["A", "B", "C", "F", "G"])
    expect(chart.staircase).toBe(1)
    expect(chart.box.width).toBeGreaterThan(100)
    expect(chart.box.height).toBeGreaterThan(50)
    // one per category (the bundled suites' too, empty) and the total
    expect(await evaluate(`[...document.querySelectorAll("svg.frontier")].map((s) => s.id)`)).toEqual(expect.arrayContaining(["frontier-total", "frontier-alpha", "frontier-beta"]))

    // the hostile name and answer are text, and ran nothing
    expect(await evaluate(`typeof window.__pwned`)).toBe("undefined")
    expect(await evaluate(`[...document.querySelectorAll("pre")].some((p) => p.textContent.includes("<script>window.__pwned=2</script>"))`)).toBe(true)
    // a bot's answers are one click away
    expect(await evaluate(`(() => { const a = document.querySelector('#leaderboard a'); a.click(); return document.getElementById(a.getAttribute("href").slice(1)).open })()`)).toBe(true)

    const shot = await browser.send("Page.captureScreenshot", { format: "png", clip: { ...chart.box, scale: 1 }, captureBeyondViewport: true }, page.session)
    const png = Buffer.from(shot.data, "base64")
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.readUInt32BE(16)).toBe(Math.round(chart.box.width)) // IHDR width
    const saved = path.join(path.dirname(root), "llp-report-frontier.png")
    fs.writeFileSync(saved, png)
    console.log(`report.test.ts: screenshot of the alpha frontier: ${saved} (${png.length} bytes)`)

    // after the clicks, still nothing left the file and nothing went wrong
    expect(page.requests.filter((r) => r !== url && !r.startsWith("data:"))).toEqual([])
    expect(page.errors).toEqual([])
  }, 60_000)
})
