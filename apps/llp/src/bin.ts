#!/usr/bin/env node
import { fileURLToPath } from "node:url"
import { HELP } from "./help.js"
import { runMain } from "./load.js"
import { VERSION } from "./version.js"

// `llp … | head` closes the pipe early: that is the reader being done, not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0)
  throw e
})

// --version and --help answer before the rest of LLP is loaded
const [first] = process.argv.slice(2)
if (first === "--version" || first === "-V" || first === "version") process.stdout.write(`llp ${VERSION}\n`)
else if (first === "--help" || first === "-h" || first === "help") process.stdout.write(HELP)
else {
  runMain(fileURLToPath(new URL("./main.cjs", import.meta.url)), process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`llp: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`)
      process.exitCode = 70
    }
  )
}
