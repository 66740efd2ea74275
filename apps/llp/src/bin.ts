#!/usr/bin/env node
import * as nodeModule from "node:module"
import { HELP } from "./help.js"
import { VERSION } from "./version.js"

// Most of a cold command is V8 compiling the bundle: Node 22.1+ can cache that on disk (Node 20 cannot).
;(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.()

// --version and --help answer before the rest of LLP is loaded
const [first] = process.argv.slice(2)
if (first === "--version" || first === "-V" || first === "version") process.stdout.write(`llp ${VERSION}\n`)
else if (first === "--help" || first === "-h" || first === "help") process.stdout.write(HELP)
else {
  import("./main.js")
    .then(({ main }) => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code
      },
      (e: unknown) => {
        process.stderr.write(`llp: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`)
        process.exitCode = 70
      }
    )
}
