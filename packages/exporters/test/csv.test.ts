import { parse } from "csv-parse/sync"
import { describe, expect, it } from "vitest"
import { BOM, csvField, exportRows, guardFormula, plainNumber, starsText, toCsv } from "../src/index.js"
import { categories, rows } from "./fixture.js"

/** What a spreadsheet shows for a guarded text cell is the text after the apostrophe. */
const unguard = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text)

describe("toCsv", () => {
  const csv = toCsv(rows, categories)

  it("starts with a UTF-8 byte order mark and ends every record with CRLF", () => {
    expect(csv.startsWith(BOM)).toBe(true)
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv.endsWith("\r\n")).toBe(true)
    // the only bare LF is the one inside the quoted two-line name
    expect(csv.replace(/\r\n/g, "").split("\n")).toHaveLength(2)
  })

  it("reads back with a real CSV parser into the same rows", () => {
    const records: Array<Array<string>> = parse(csv, { bom: true, relax_column_count: false, record_delimiter: "\r\n" })
    const [header, ...body] = records
    expect(header).toEqual([
      "rank", "bot", "provider", "model", "booting", "programming", "dich-thuat",
      "total", "stars", "avg_tokens_per_second", "avg_ttft_ms", "scored", "prompts", "runs"
    ])
    const expected = exportRows(rows, categories)
    expect(body).toHaveLength(expected.length)
    body.forEach((record, i) => {
      const row = expected[i]!
      expect(Number(record[0])).toBe(row.rank)
      expect(unguard(record[1]!)).toBe(row.bot)
      expect(unguard(record[2]!)).toBe(row.provider)
      expect(unguard(record[3]!)).toBe(row.model)
      categories.forEach((c, j) => expect(Number(record[4 + j])).toBe(row.points[c.key]))
      expect(Number(record[7])).toBe(row.total)
      expect(Number(record[8])).toBe(row.stars)
      expect(record[9] === "" ? null : Number(record[9])).toBe(row.avgTokensPerSecond)
      expect(record[10] === "" ? null : Number(record[10])).toBe(row.avgTtftMs)
      expect(Number(record[11])).toBe(row.scored)
      expect(Number(record[12])).toBe(row.prompts)
      expect(Number(record[13])).toBe(row.runs)
    })
    // the awkward names survive: commas and quotes, an embedded newline, Vietnamese and emoji
    expect(body.map((r) => r[1])).toContain('Llama "3.3", 70B')
    expect(body.map((r) => r[1])).toContain("two\nlines ] [x] #1; 100% a:b")
    expect(body.map((r) => r[1])).toContain("Mô hình tiếng Việt 🦙")
  })

  it("never lets a text cell start a formula", () => {
    const records: Array<Array<string>> = parse(csv, { bom: true })
    for (const record of records.slice(1)) for (const cell of record.slice(1, 4)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(records.map((r) => r[1])).toContain(`'=HYPERLINK("http://x.example","click")`)
  })

  it("quotes only what needs quoting and doubles quotes (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain")
    expect(csvField("a,b")).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField("a\r\nb")).toBe('"a\r\nb"')
    expect(csvField("a\nb")).toBe('"a\nb"')
    expect(guardFormula("=1+1")).toBe("'=1+1")
    expect(guardFormula("@SUM(A1)")).toBe("'@SUM(A1)")
    expect(guardFormula("-2")).toBe("'-2")
    expect(guardFormula("\tx")).toBe("'\tx")
    expect(guardFormula("a=b")).toBe("a=b")
  })

  it("writes numbers plainly", () => {
    expect(plainNumber(1234567.5)).toBe("1234567.5")
    expect(plainNumber(1e21)).toBe("1000000000000000000000")
    expect(plainNumber(1e-7)).toBe("0.0000001")
    expect(plainNumber(0)).toBe("0")
    expect(starsText(3)).toBe("3.0")
  })

  it("has only a header for an empty leaderboard", () => {
    expect(toCsv([], categories)).toBe(`${BOM}rank,bot,provider,model,booting,programming,dich-thuat,total,stars,avg_tokens_per_second,avg_ttft_ms,scored,prompts,runs\r\n`)
  })

  it("names a category column apart when its key is a fixed column's name", () => {
    const header = toCsv([], [{ key: "total", title: "Total?", points: 10 }]).slice(1).split("\r\n")[0]
    expect(header).toBe("rank,bot,provider,model,category:total,total,stars,avg_tokens_per_second,avg_ttft_ms,scored,prompts,runs")
  })
})
