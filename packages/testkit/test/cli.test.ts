import { spawn } from "node:child_process"
import { once } from "node:events"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { post, read } from "./helpers.js"

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url))

describe("llp-sim CLI", () => {
  it("prints the URL, serves, takes faults over /__sim/faults, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, "ollama", "--delay", "1", "--fault", '{"kind":"crlf"}'], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString()
          if (out.includes("\n")) resolve(out.trim())
        })
        child.once("exit", (code) => reject(new Error(`exited ${code}`)))
      })
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const { text } = await read(await post(`${url}/api/chat`, { model: "llama3.2", messages: [{ role: "user", content: "hi" }] }))
      expect(text).toContain("\r\n")
      await post(`${url}/__sim/faults`, [{ kind: "http-500" }]).then((r) => r.json())
      expect((await fetch(`${url}/api/tags`)).status).toBe(500)
      const exit = once(child, "exit")
      child.kill("SIGTERM")
      expect((await exit)[0]).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL")
    }
  })

  it("--judge answers requests that carry a JSON schema in the server's own field with schema-valid JSON (a judge bot for llp judge)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, "llamacpp", "--judge"], { stdio: ["ignore", "pipe", "inherit"] })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString()
          if (out.includes("\n")) resolve(out.trim())
        })
        child.once("exit", (code) => reject(new Error(`exited ${code}`)))
      })
      const schema = { type: "object", properties: { i1: { type: "object" } }, required: ["i1"] }
      const res = await post(`${url}/v1/chat/completions`, {
        model: "m",
        messages: [{ role: "user", content: "RUBRIC ITEMS: ... <<<ANSWER hello ANSWER>>>" }],
        response_format: { type: "json_schema", json_schema: { name: "verdicts", schema } }
      })
      const body = (await res.json()) as { choices: Array<{ message: { content: string } }> }
      const verdicts = JSON.parse(body.choices[0]!.message.content) as Record<string, { verdict: string }>
      expect(["met", "partly", "not met"]).toContain(verdicts["i1"]!.verdict)
    } finally {
      child.kill("SIGKILL")
    }
  })
})
