import { describe, expect, it } from "vitest"
import { jobsOfPlan, type Bot, type Prompt } from "../src/index.js"

const bot = (id: number, name: string) => ({ id, name }) as Bot
const prompt = (id: number, slug: string) => ({ id, slug, category: "general" }) as Prompt

describe("jobsOfPlan", () => {
  it("makes one job per bot × prompt × repeat still to do, numbering repeats after the complete runs there are", () => {
    const jobs = jobsOfPlan("t", [
      { bot: bot(1, "A"), todo: [{ prompt: prompt(10, "x"), times: 2, doneBefore: 0 }, { prompt: prompt(11, "y"), times: 1, doneBefore: 2 }] },
      { bot: bot(2, "B"), todo: [] }
    ])
    expect(jobs.map((j) => [j.botId, j.promptId, j.repeat, j.prompt])).toEqual([
      [1, 10, 1, "general/x"],
      [1, 10, 2, "general/x"],
      [1, 11, 3, "general/y"]
    ])
    expect(jobs.every((j) => j.tournament === "t" && j.bot === "A")).toBe(true)
  })

  it("names the same jobs again when the plan is made again after some completed (the queue keeps them once)", () => {
    const before = jobsOfPlan("t", [{ bot: bot(1, "A"), todo: [{ prompt: prompt(10, "x"), times: 3, doneBefore: 0 }] }])
    const after = jobsOfPlan("t", [{ bot: bot(1, "A"), todo: [{ prompt: prompt(10, "x"), times: 1, doneBefore: 2 }] }])
    const key = (j: (typeof before)[number]) => `${j.tournament}/${j.botId}/${j.promptId}/${j.repeat}`
    expect(before.map(key)).toContain(key(after[0]!))
  })
})
