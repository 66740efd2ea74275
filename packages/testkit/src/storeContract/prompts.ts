import { formatSuite, parseSuite } from "@llp/core"
import { Effect, Either } from "effect"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { describe, expect } from "vitest"
import { prompt, suite } from "./fixtures.js"
import { storeIt, type StoreTarget } from "./harness.js"

const FILE = `---
key: booting
title: Task 0: Booting
order: 0
temperature: 0.1
---

# System prompt

You are an expert translator.
Answer in Vietnamese when asked.

# Prompt: Teaching
points: 40
group: Warm-up

Teach me the Pythagorean theorem.

\`\`\`markdown
# Prompt: not a heading inside a fence
## Rubric
\`\`\`

## Rubric

- [25] Correct statement and proof.
- [15] Clear for a beginner.

# Prompt: Dịch thuật
id: translate
points: 45
temperature: 0.2
system: none

Translate to idiomatic Vietnamese: which Sāriputta approved what the Buddha said.

## Rubric

- [45] Faithful and idiomatic: "Xá Lợi Phất".
`

const parse = (text: string) => Either.getOrThrow(parseSuite("suites/booting.md", text))

/** The suites shipped in the repository (suites/*.md at its root), as test data for load → export. */
const repositorySuites = (): ReadonlyArray<{ readonly file: string; readonly text: string }> => {
  const root = new URL("../../../../suites/", import.meta.url).pathname
  return existsSync(root) ? readdirSync(root).filter((f) => f.endsWith(".md")).map((file) => ({ file, text: readFileSync(root + file, "utf8") })) : []
}

export const promptContract = (target: StoreTarget) => {
  const test = storeIt(target)

  describe(`Store contract (${target.name}): categories and prompts`, () => {
    test("round-trips categories and prompts through the domain types", (store) =>
      Effect.gen(function* () {
        const c = yield* store.saveCategory({ key: "general", title: "General", systemPrompt: "Be kind.", temperature: 0.5, order: 2 })
        expect(c).toEqual({ key: "general", title: "General", systemPrompt: "Be kind.", temperature: 0.5, order: 2 })
        yield* store.saveCategory({ key: "agi", title: "AGI", systemPrompt: "", temperature: 0.5, order: 1 })
        expect((yield* store.listCategories()).map((x) => x.key)).toEqual(["agi", "general"])
        expect(yield* store.saveCategory({ ...c, title: "General prompts" })).toMatchObject({ title: "General prompts" })
        expect(yield* store.getCategory("general")).toEqual({ ...c, title: "General prompts" })

        const p = yield* store.createPrompt(prompt("general", "easy-one", 5, { temperature: 0.9, group: "Level 1", useSystemPrompt: false }))
        expect(p).toEqual({ ...prompt("general", "easy-one", 5, { temperature: 0.9, group: "Level 1", useSystemPrompt: false }), id: p.id, edited: true })
        expect(yield* store.getPrompt(p.id)).toEqual(p)
        const q = yield* store.createPrompt(prompt("agi", "paradox", 25))
        expect((yield* store.listPrompts()).map((x) => x.id)).toEqual([q.id, p.id])
        expect((yield* store.listPrompts("general")).map((x) => x.id)).toEqual([p.id])
        expect(yield* Effect.flip(store.listPrompts("nope"))).toMatchObject({ reason: "NotFound", detail: "no category nope" })

        const u = yield* store.updatePrompt(p.id, { title: "Easy one", temperature: null, group: null, points: 10, rubric: [{ points: 10, text: "all" }] })
        expect(u).toMatchObject({ title: "Easy one", points: 10, edited: true })
        expect(u.temperature).toBeUndefined()
        expect(u.group).toBeUndefined()
        expect(yield* store.getPrompt(p.id)).toEqual(u)
      })
    )

    test("orders categories by their order, then key; prompts by category, then their order, then id", (store) =>
      Effect.gen(function* () {
        for (const [key, order] of [["zeta", 0], ["beta", 1], ["alpha", 1]] as const) yield* store.saveCategory({ key, title: key, systemPrompt: "", temperature: 0.5, order })
        expect((yield* store.listCategories()).map((c) => c.key)).toEqual(["zeta", "alpha", "beta"])
        const b2 = yield* store.createPrompt(prompt("beta", "b2", 5, { order: 2 }))
        const b1 = yield* store.createPrompt(prompt("beta", "b1", 5, { order: 1 }))
        const b1too = yield* store.createPrompt(prompt("beta", "b1-too", 5, { order: 1 }))
        const a = yield* store.createPrompt(prompt("alpha", "a", 5, { order: 9 }))
        const z = yield* store.createPrompt(prompt("zeta", "z", 5, { order: 5 }))
        expect((yield* store.listPrompts()).map((p) => p.id)).toEqual([z.id, a.id, b1.id, b1too.id, b2.id])
        expect((yield* store.listPrompts("beta")).map((p) => p.id)).toEqual([b1.id, b1too.id, b2.id])
        yield* store.updatePrompt(b2.id, { order: 0 })
        expect((yield* store.listPrompts("beta")).map((p) => p.id)).toEqual([b2.id, b1.id, b1too.id])
      })
    )

    test("names what is wrong: fields, missing category, duplicate id", (store) =>
      Effect.gen(function* () {
        expect(yield* Effect.flip(store.saveCategory({ key: "Bad Key", title: "x", systemPrompt: "", temperature: 0.1, order: 0 }))).toMatchObject({ _tag: "InvalidInput", field: "key" })
        expect(yield* Effect.flip(store.saveCategory({ key: "k", title: "x", systemPrompt: "", temperature: 2.5, order: 0 }))).toMatchObject({ _tag: "InvalidInput", field: "temperature" })
        expect(yield* Effect.flip(store.createPrompt(prompt("missing", "p", 5)))).toMatchObject({ reason: "NotFound", detail: "no category missing" })
        yield* store.saveCategory({ key: "k", title: "K", systemPrompt: "", temperature: 0.1, order: 0 })
        expect(yield* Effect.flip(store.createPrompt(prompt("k", "p", 0)))).toMatchObject({ _tag: "InvalidInput", field: "points" })
        expect(yield* Effect.flip(store.createPrompt(prompt("k", "p", 5, { text: "" })))).toMatchObject({ _tag: "InvalidInput", field: "text" })
        expect(yield* Effect.flip(store.createPrompt(prompt("k", "p", 5, { rubric: [{ points: 4, text: "x" }] })))).toMatchObject({
          _tag: "InvalidInput",
          field: "rubric",
          reason: "adds up to 4, but the prompt is worth 5"
        })
        yield* store.createPrompt(prompt("k", "p", 5))
        expect(yield* Effect.flip(store.createPrompt(prompt("k", "p", 5)))).toMatchObject({ reason: "Conflict" })
        expect(yield* Effect.flip(store.getPrompt(77))).toMatchObject({ reason: "NotFound", detail: "no prompt with id 77" })
        expect(yield* Effect.flip(store.getCategory("nope"))).toMatchObject({ reason: "NotFound", detail: "no category nope" })
        expect(yield* Effect.flip(store.updatePrompt(77, { title: "x" }))).toMatchObject({ reason: "NotFound" })
        expect(yield* Effect.flip(store.removeCategory("nope"))).toMatchObject({ reason: "NotFound" })
        expect((yield* store.listPrompts()).map((p) => p.slug)).toEqual(["p"])
      })
    )

    test("removing a category removes its prompts, their runs and scores", (store) =>
      Effect.gen(function* () {
        yield* store.loadSuite(suite("gone", [["a", 10], ["b", 10]]))
        yield* store.loadSuite(suite("kept", [["c", 10]]))
        const bot = yield* store.createBot({ name: "B", provider: "p", model: "m" })
        for (const p of yield* store.listPrompts()) {
          const run = yield* store.addManualRun({ botId: bot.id, promptId: p.id, output: `output for ${p.slug}` })
          yield* store.scoreRun({ runId: run.id, points: 5 })
        }
        yield* store.removeCategory("gone")
        expect((yield* store.listCategories()).map((c) => c.key)).toEqual(["kept"])
        expect((yield* store.listPrompts()).map((p) => p.slug)).toEqual(["c"])
        expect((yield* store.listRuns()).map((r) => r.output)).toEqual(["output for c"])
        expect((yield* store.listScores()).map((s) => s.run.output)).toEqual(["output for c"])
        expect((yield* store.leaderboard())[0]!.points).toEqual({ kept: 5 })
        const p = (yield* store.listPrompts())[0]!
        yield* store.removePrompt(p.id)
        expect(yield* store.listRuns()).toEqual([])
        expect(yield* store.listScores()).toEqual([])
        expect((yield* store.leaderboard())[0]).toMatchObject({ points: {}, scored: 0, runs: 0 })
        expect(yield* Effect.flip(store.removePrompt(p.id))).toMatchObject({ reason: "NotFound" })
      })
    )
  })

  describe(`Store contract (${target.name}): suites`, () => {
    test("loads a suite, and loading it again changes nothing", (store) =>
      Effect.gen(function* () {
        const s = parse(FILE)
        expect(yield* store.loadSuite(s)).toEqual({ category: "booting", added: 2, updated: 0, unchanged: 0, keptEdited: 0 })
        const before = yield* store.listPrompts()
        expect(yield* store.loadSuite(s)).toEqual({ category: "booting", added: 0, updated: 0, unchanged: 2, keptEdited: 0 })
        expect(yield* store.listPrompts()).toEqual(before)
        expect(yield* store.getCategory("booting")).toEqual(s.category)
        const prompts = yield* store.listPrompts("booting")
        expect(prompts.map((p) => [p.slug, p.edited])).toEqual([["teaching", false], ["translate", false]])
      })
    )

    test("updates what changed in the file, keeps what a person edited, never deletes", (store) =>
      Effect.gen(function* () {
        yield* store.loadSuite(parse(FILE))
        const [teaching, translate] = yield* store.listPrompts("booting")
        const edited = yield* store.updatePrompt(translate!.id, { text: "My own wording of the translation task." })
        expect(edited.edited).toBe(true)

        const changed = FILE.replace("Teach me the Pythagorean theorem.", "Teach me Euclid's proof.")
          .replace("Translate to idiomatic Vietnamese", "Translate into idiomatic Vietnamese")
          .replace("title: Task 0: Booting", "title: Booting")
        const next = parse(changed)
        // the new file also drops nothing; a prompt missing from a later file stays
        const report = yield* store.loadSuite({ ...next, prompts: next.prompts.slice(0, 2) })
        expect(report).toEqual({ category: "booting", added: 0, updated: 1, unchanged: 0, keptEdited: 1 })
        const [t2, tr2] = yield* store.listPrompts("booting")
        expect(t2!.text).toMatch(/^Teach me Euclid's proof\.\n/)
        expect(t2!.id).toBe(teaching!.id)
        expect(t2!.edited).toBe(false)
        expect(tr2!.text).toBe("My own wording of the translation task.")
        expect((yield* store.getCategory("booting")).title).toBe("Booting")

        const partial = yield* store.loadSuite({ ...next, prompts: next.prompts.slice(0, 1) })
        expect(partial).toEqual({ category: "booting", added: 0, updated: 0, unchanged: 1, keptEdited: 0 })
        expect(yield* store.listPrompts("booting")).toHaveLength(2)
      })
    )

    test("refuses a suite with a bad prompt, naming it, and writes nothing", (store) =>
      Effect.gen(function* () {
        const s = parse(FILE)
        const bad = { ...s, prompts: [s.prompts[0]!, { ...s.prompts[1]!, points: -1 }] }
        expect(yield* Effect.flip(store.loadSuite(bad))).toMatchObject({ _tag: "InvalidInput", field: "prompts[1].points" })
        const other = { ...s, prompts: [{ ...s.prompts[0]!, category: "elsewhere" }] }
        expect(yield* Effect.flip(store.loadSuite(other))).toMatchObject({ _tag: "InvalidInput", field: "prompts[0].category" })
        const twice = { ...s, prompts: [s.prompts[0]!, s.prompts[0]!] }
        expect(yield* Effect.flip(store.loadSuite(twice))).toMatchObject({ _tag: "InvalidInput", field: "prompts[1].slug" })
        expect(yield* store.listCategories()).toEqual([])
        expect(yield* store.listPrompts()).toEqual([])
      })
    )

    test("exports a suite that formats back to the same file", (store) =>
      Effect.gen(function* () {
        yield* store.loadSuite(parse(FILE))
        const exported = yield* store.exportSuite("booting")
        expect(formatSuite(exported)).toBe(FILE)
        expect(exported).toEqual(parse(FILE))
        expect(yield* Effect.flip(store.exportSuite("nope"))).toMatchObject({ reason: "NotFound", detail: "no category nope" })
      })
    )

    test("the suites in the repository survive load → export → format unchanged", (store) =>
      Effect.gen(function* () {
        const files = repositorySuites()
        expect(files.length).toBeGreaterThan(0)
        for (const { file, text } of files) {
          const parsed = parseSuite(file, text)
          if (Either.isLeft(parsed)) continue
          yield* store.loadSuite(parsed.right)
          expect(formatSuite(yield* store.exportSuite(parsed.right.category.key)), file).toBe(formatSuite(parsed.right))
        }
      })
    )
  })
}
