import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { formatSuite, parseSuite } from "../src/index.js"

const good = `---
key: demo
title: Demo
order: 1
temperature: 0.5
---

# System prompt

You are helpful.

# Prompt: First one
points: 10
group: Warming up

Say hello.

\`\`\`markdown
# Prompt: not a heading inside a fence
## Rubric
\`\`\`

## Rubric

- [4] Says hello.
- [6] Says it well.

# Prompt: Second
id: second-custom
points: 5
temperature: 0.9
system: none

Write a haiku.

## Rubric

- [5] It is a haiku.
`

const error = (text: string) => {
  const r = parseSuite("suites/x.md", text)
  if (Either.isRight(r)) throw new Error("expected an error")
  return r.left.message
}

describe("parseSuite", () => {
  it("reads the header, system prompt, prompts, metadata and rubric", () => {
    const suite = Either.getOrThrow(parseSuite("x.md", good))
    expect(suite.category).toEqual({ key: "demo", title: "Demo", order: 1, temperature: 0.5, systemPrompt: "You are helpful." })
    expect(suite.prompts).toHaveLength(2)
    const [a, b] = suite.prompts
    expect(a).toMatchObject({ slug: "first-one", order: 1, points: 10, group: "Warming up", useSystemPrompt: true })
    expect(a!.text).toContain("# Prompt: not a heading inside a fence")
    expect(a!.rubric).toEqual([{ points: 4, text: "Says hello." }, { points: 6, text: "Says it well." }])
    expect(b).toMatchObject({ slug: "second-custom", temperature: 0.9, useSystemPrompt: false })
  })

  it("formats back to the same bytes", () => {
    const suite = Either.getOrThrow(parseSuite("x.md", good))
    expect(formatSuite(suite)).toBe(good)
  })

  it("names the file and line of each mistake", () => {
    expect(error("key: x\n")).toBe('suites/x.md:1: a suite starts with a "---" header line')
    expect(error(good.replace("points: 10", "points: ten"))).toBe('suites/x.md:13: points must be a whole number > 0, got "ten"')
    expect(error(good.replace("- [6] Says it well.", "- [7] Says it well."))).toMatch(/^suites\/x\.md:13: the rubric of "First one" adds up to 11, but the prompt is worth 10$/)
    expect(error(good.replace("order: 1\n", ""))).toMatch(/suites\/x\.md:5: the header lacks "order"/)
    expect(error(good.replace("group: Warming up", "colour: red"))).toMatch(/:14: unknown field "colour"/)
    expect(error(good.replace("- [5] It is a haiku.", "* five points"))).toMatch(/a rubric line is "- \[points\] what earns them"/)
    expect(error(good.replace("## Rubric\n\n- [5]", "## Rubrik\n\n- [5]"))).toMatch(/"Second" has no "## Rubric" section/)
    expect(error(good.replace("id: second-custom", "id: first-one"))).toMatch(/prompt id "first-one" is also used at line 12/)
    expect(error(good.replace("system: none", "system: off"))).toMatch(/system can only be "none"/)
    expect(error(good.replace("temperature: 0.5", "temperature: 3"))).toMatch(/:5: temperature must be a number from 0 to 2, got "3"/)
    expect(error("---\nkey: a\ntitle: A\norder: 1\ntemperature: 0.1\n---\n")).toMatch(/has no "# Prompt:" section/)
    expect(error("---\nkey: a\n")).toMatch(/no closing "---"/)
  })

  it("reads CRLF files like LF files", () => {
    expect(Either.getOrThrow(parseSuite("x.md", good.replace(/\n/g, "\r\n")))).toEqual(Either.getOrThrow(parseSuite("x.md", good)))
  })
})
