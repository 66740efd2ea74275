import * as fs from "node:fs"
import * as path from "node:path"
import { startSimulator, type Simulator } from "@llp/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { llpAsync as llp, llpJsonAsync as llpJson, llpSpawn, tempDir, writeConfig } from "./helpers.js"

// forty words a tenth of a second apart: the answer streams for about four seconds
const ANSWER = Array.from({ length: 40 }, (_, i) => `word${i + 1}`).join(" ")

let sim: Simulator
const root = tempDir("llp-rename-streaming-")
beforeAll(async () => {
  sim = await startSimulator({ kind: "lmstudio", tokenDelayMs: 100, reply: () => ANSWER })
})
afterAll(async () => {
  await sim.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("renaming a bot while its run streams", () => {
  it("the answer file is written under the bot's new name, next to its moved files, not under the old one", async () => {
    const ws = path.join(root, "ws")
    writeConfig(ws, { providers: { lmstudio: { baseUrl: sim.url } }, timeouts: { firstTokenMs: 10_000, idleMs: 10_000 } })
    expect((await llp(ws, ["bots", "add", "--provider", "lmstudio", "--model", "qwen2.5-7b-instruct", "--name", "Old"])).code).toBe(0)

    const child = llpSpawn(ws, ["run", "--bot", "Old", "--prompt", "1"])
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    let streaming = false
    for (let i = 0; i < 100 && !streaming; i++) {
      const runs = await llpJson<Array<{ status: string }>>(ws, ["runs", "list"])
      streaming = runs.some((r) => r.status === "streaming")
      if (!streaming) await new Promise((r) => setTimeout(r, 50))
    }
    expect(streaming).toBe(true)
    const renamed = await llp(ws, ["bots", "edit", "Old", "--name", "New"])
    expect(renamed.code, renamed.stderr).toBe(0)
    const runs = await llpJson<Array<{ status: string }>>(ws, ["runs", "list"])
    // the rename happened while the answer was still coming (else this test proves nothing)
    expect(runs[0]!.status).toBe("streaming")
    expect(await exited).toBe(0)

    const out = path.join(ws, "llm_outputs", (await llpJson<{ category: string }>(ws, ["prompts", "show", "1"])).category)
    expect(fs.existsSync(path.join(out, "Old.md"))).toBe(false)
    const file = fs.readFileSync(path.join(out, "New.md"), "utf8")
    expect(file).toContain("word40")
    expect(file).toMatch(/^# New — /)
  }, 60_000)
})
