import * as Effect from "effect/Effect"
import { MachineInfo, machineSummary, Provider, Store, type Machine } from "@llp/core"
import { parse } from "./args.js"
import type { Run } from "./command.js"
import { dateTime, day, printJson, table } from "./print.js"
import { describeStore } from "../store.js"

/** Each configured server's name and version, asked side by side, each within 2 s; a dead server is an error line, not a failure. */
const serverVersions = Effect.gen(function* () {
  const registry = yield* Provider.Providers
  const infos = registry.list().filter((p) => p.kind !== "demo")
  return yield* Effect.forEach(
    infos,
    (info) =>
      Effect.gen(function* () {
        const got = yield* Effect.either(registry.get(info.name))
        const base = { provider: info.name, kind: info.kind, baseUrl: info.baseUrl }
        if (got._tag === "Left") return { ...base, name: null, version: null, error: got.left.message }
        const ask = got.right.server
        if (ask === undefined) return { ...base, name: null, version: null, error: "this server has no version endpoint (LM Studio names its runtime in each answer)" }
        const answer = yield* Effect.either(ask().pipe(Effect.timeout(2000)))
        return answer._tag === "Right"
          ? { ...base, name: answer.right.name, version: answer.right.version, error: null }
          : { ...base, name: null, version: null, error: "message" in answer.left ? String(answer.left.message) : "no answer within 2 s" }
      }),
    { concurrency: "unbounded" }
  )
})

const gpuLines = (m: Machine) =>
  m.gpus.length === 0 ? "  none found\n" : table(["GPU", "VENDOR", "VRAM MB", "DRIVER"], m.gpus.map((g) => [g.name, g.vendor, g.vramMb, g.driver]), [2]).replace(/^(?=.)/gm, "  ")

/** `llp machine [--all] [--json]`: this machine's profile as stored (its id is what runs point to), and the servers' versions. */
export const machine: Run = (args, ws) =>
  Effect.gen(function* () {
    const { values } = parse("machine", args, { json: { type: "boolean" }, all: { type: "boolean" } })
    const store = yield* Store.Store
    const here = yield* (yield* MachineInfo.MachineInfo).current()
    if (values.all === true) {
      const machines = yield* store.listMachines()
      if (values.json) return printJson(machines.map((m) => ({ ...m, current: m.id === here.id })))
      return void process.stdout.write(
        table(["ID", "FINGERPRINT", "FIRST SEEN", "MACHINE"], machines.map((m) => [`${m.id}${m.id === here.id ? " *" : ""}`, m.fingerprint, day(m.firstSeen), machineSummary(m)]), [0])
      )
    }
    const servers = yield* serverVersions
    const storeAt = yield* describeStore(ws)
    if (values.json) return printJson({ ...here, servers, store: storeAt })
    process.stdout.write(
      [
        `machine ${here.id} • fingerprint ${here.fingerprint} • first seen ${dateTime(here.firstSeen)}`,
        `OS      ${here.os.platform} ${here.os.release} (${here.os.arch})${here.os.version !== "" ? ` ${here.os.version}` : ""}`,
        `CPU     ${here.cpu.model}, ${here.cpu.cores} logical cores`,
        `RAM     ${(here.ramMb / 1024).toFixed(1)} GB`,
        `store   ${storeAt}`,
        `GPUs`
      ].join("\n") + "\n"
    )
    process.stdout.write(gpuLines(here))
    if (here.probes.length > 0) process.stdout.write(`probes  ${here.probes.join("; ")}\n`)
    process.stdout.write("servers\n")
    process.stdout.write(
      table(["PROVIDER", "URL", "SERVER", "VERSION"], servers.map((s) => [s.provider, s.baseUrl, s.name ?? (s.error !== null ? `(${s.error})` : null), s.version]), []).replace(/^(?=.)/gm, "  ")
    )
  })
